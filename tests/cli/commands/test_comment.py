"""`audit comment` after `audit --changed-since`, push after push of one pull request, against a
real git repository and the emulator: the first push creates, the next updates, the all-clear
push resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from repro_audit.cli.main import ExitCode
from tests.cli.test_cli import Run
from tests.emulator import GitHubEmulator, RepoSpec
from tests.reading.test_changed import Repo, digest, row
from tests.sources.test_pr_comment import SLUG, TOKEN, comments

MARKER = "<!-- repro-audit:pull-request -->"


def _push(repo: Repo, base: str, emu: GitHubEmulator, number: int, *rows: str) -> Run:
    """Commit the digest as the PR has it now, audit what changed and comment."""
    repo.write("d.md", digest(row("Old", "lab/old-paper"), *rows))
    head = repo.commit("push")
    report = repo.root.parent / "report.json"
    args = [str(repo.root / "d.md"), "--changed-since", base, "--format", "json"]
    audit = Run([*args, "-o", str(report), "--fail-on", "never", "--no-cache"], emu.env())
    assert audit.code == ExitCode.OK, audit.stderr
    env = {**emu.env(TOKEN), "GITHUB_REPOSITORY": SLUG}
    return Run(["comment", str(report), "--pr", str(number), "--revision", head], env)


def test_one_comment_through_three_pushes(github_emulator: GitHubEmulator, tmp_path: Path) -> None:
    emu = github_emulator
    for name in ("digests", "old-paper", "fine", "renamed"):
        emu.add_repo(RepoSpec("lab", name))
    emu.rename("lab/renamed", "lab/new-home")
    number = emu.open_pull_request(SLUG)
    repo = Repo(tmp_path / "list")
    repo.write("d.md", digest(row("Old", "lab/old-paper")))
    base = repo.commit("base")

    first = _push(repo, base, emu, number, row("New", "lab/not-there"))
    assert first.code == ExitCode.OK, first.stderr
    assert ": created" in first.stderr
    [posted] = comments(emu, number)
    assert posted["body"].startswith(MARKER) and "lab/not-there" in posted["body"]
    assert "lab/old-paper" not in posted["body"]  # unchanged rows are not the PR's business

    second = _push(repo, base, emu, number, row("New", "lab/fine"), row("Two", "lab/renamed"))
    assert ": updated" in second.stderr, second.stderr
    [updated] = comments(emu, number)
    assert updated["id"] == posted["id"] and "moved → lab/new-home" in updated["body"]
    assert "lab/not-there" not in updated["body"]

    third = _push(repo, base, emu, number, row("New", "lab/fine"), row("Two", "lab/new-home"))
    assert ": resolved" in third.stderr, third.stderr
    [resolved] = comments(emu, number)
    assert resolved["id"] == posted["id"] and "All clear: the 2 code link(s)" in resolved["body"]


def test_without_pr_it_only_prints(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    report.write_text('{"summary": {}, "rows": []}')
    run = Run(["comment", str(report)], {})
    assert run.code == ExitCode.OK and "All clear: the 0 code link(s)" in run.stdout


@pytest.mark.parametrize(
    ("text", "args", "code", "message"),
    [
        (None, [], ExitCode.USAGE_ERROR, "no such file"),
        ("[1, 2]", [], ExitCode.USAGE_ERROR, "not an object"),
        ("{", [], ExitCode.USAGE_ERROR, "not a JSON report"),
        ('{"rows": []}', [], ExitCode.USAGE_ERROR, "no rows or summary"),
        ('{"summary": {}, "rows": []}', ["--pr", "3"], ExitCode.USAGE_ERROR, "owner/name"),
        ('{"summary": {}, "rows": []}', ["--pr", "3", "--repo", SLUG], 3, "needs a token"),
    ],
)
def test_bad_input_is_one_line(
    tmp_path: Path, text: str | None, args: list[str], code: int, message: str
) -> None:
    report = tmp_path / "r.json"
    if text is not None:
        report.write_text(text)
    run = Run(["comment", str(report), *args], {})
    assert run.code == code
    assert message in run.stderr and run.stderr.count("\n") == 1, run.stderr
