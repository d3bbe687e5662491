"""A digest cannot speak to the Actions runner (issue 18, items 9 and 10).

The runner reads every line of both streams for workflow commands. These tests run the installed
`audit` as a job would (GITHUB_ACTIONS=true, streams to pipes) on a digest whose titles and file
names are commands, and read the output the way the runner does: lines split at CR and LF, a
line starting with `::` after blanks is a command, `##[` anywhere is an old-style one, and
`::stop-commands::TOKEN` turns commands off until `::TOKEN::`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from repro_audit.tracking.workflow_text import neutral_line, neutral_text
from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening.installed import run_audit

OURS = re.compile(
    r"::(error|warning|notice) file=[^:]*::|::stop-commands::repro-audit-[0-9a-f]{32}$"
)
HOSTILE_TITLES = (
    "::stop-commands::x",
    "::add-mask::hunter2",
    "::set-output name=dead-count::0",
    "  ::warning::blank-led",
    "a ##[add-mask]inline",
)


def runner_commands(text: str) -> list[str]:
    """The command lines the runner would act on, stop-commands regions honoured."""
    found, stopped = [], None
    for line in re.split(r"\r\n|\r|\n", text):
        stripped = line.lstrip()
        if stopped is not None:
            if stripped == f"::{stopped}::":
                stopped = None
            continue
        if stripped.startswith("::") or "##[" in line:
            found.append(stripped)
            if stripped.startswith("::stop-commands::"):
                stopped = stripped[len("::stop-commands::") :]
    return found


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        yield emu


def _job_env(emu: GitHubEmulator, folder: Path) -> dict[str, str]:
    for name in ("summary.md", "output.txt"):
        (folder / name).touch()
    return {
        **emu.env("ghp_workflowcommands00000000000000000000"),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(folder / "summary.md"),
        "GITHUB_OUTPUT": str(folder / "output.txt"),
        "GITHUB_WORKSPACE": str(folder),
        "REPRO_AUDIT_CACHE_DIR": str(folder / "cache"),
    }


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_titles_that_are_commands_stay_text(
    emulator: GitHubEmulator, tmp_path: Path, fmt: str
) -> None:
    emu = emulator
    rows = [
        f"| {title} | 2025-10-0{n} | a | c | [Code]({emu.server_url}/lab/{'tool' if n % 2 else 'gone'}) |"  # noqa: E501
        for n, title in enumerate(HOSTILE_TITLES, 1)
    ]
    digest = tmp_path / "d.md"
    digest.write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n"
    )
    done = run_audit(
        ["d.md", "--format", fmt, "--all", "--fail-on", "never"], _job_env(emu, tmp_path), tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "hunter2" in done.stdout and "dead-count" in done.stdout  # the titles are shown
    commands = runner_commands(done.stdout) + runner_commands(done.stderr)
    assert commands and all(OURS.match(c) for c in commands), commands
    assert "::stop-commands::repro-audit-" in done.stdout  # the report block is fenced


def test_a_file_name_with_a_line_break_is_not_a_command(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    name = "notes\n::add-mask::hunter2\r::set-output name=dead-count::0.md"
    (tmp_path / name).write_bytes(b"\x00\x01binary\x00")
    done = run_audit([name], _job_env(emulator, tmp_path), tmp_path)
    assert done.returncode == 3
    assert runner_commands(done.stdout + done.stderr) == [], done.stderr
    assert "hunter2" in done.stderr  # said, as text


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("::add-mask::x", "%3A%3Aadd-mask::x"),
        ("  ::error::50%", "  %3A%3Aerror::50%25"),
        ("see ##[group]x", "see #%23[group]x"),
        ("plain 50% line", "plain 50% line"),
        (":: one colon pair later ::", "%3A%3A one colon pair later ::"),
    ],
)
def test_neutral_line(line: str, shown: str) -> None:
    assert neutral_line(line) == shown
    assert runner_commands(neutral_line(line)) == []


def test_neutral_text_splits_where_the_runner_does() -> None:
    text = "a\r::add-mask::x\r\n::set-output name=y::1\nb"
    assert runner_commands(text) and runner_commands(neutral_text(text)) == []
    assert neutral_text(text).count("\n") == 2 and neutral_text(text).count("\r") == 2


PIXEL_TITLE = "[Seen by @octocat, see lab/tool#12 ![x](http://127.0.0.1:9/p.png)](https://arxiv.org/abs/2501.00001)"


def _rendered_markdown_is_inert(text: str) -> None:
    assert "@octocat" not in text and "@\u200boctocat" in text
    assert "#12" not in text and "#\u200b12" in text
    assert not re.search(r"(?<!\\)!\[", text) and not re.search(r"(?<!\\)\]\(", text), text


def test_the_issue_and_the_summary_show_titles_as_text(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    digest = tmp_path / "d.md"
    digest.write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| {PIXEL_TITLE} | 2025-10-01 | a | c | [Code]({emu.server_url}/lab/gone) |\n"
    )
    env = _job_env(emu, tmp_path) | {"GITHUB_REPOSITORY": "lab/digests"}
    argv = ["d.md", "--history", "audits", "--dead-after-runs", "1", "--fail-on", "never"]
    done = run_audit(argv, env, tmp_path)
    assert done.returncode == 0, done.stderr
    _rendered_markdown_is_inert((tmp_path / "summary.md").read_text())
    argv = ["report", "--history", "audits", "--issue", "--dead-after-runs", "1"]
    posted = run_audit(argv, env, tmp_path)
    assert posted.returncode == 0, posted.stderr
    [issue] = requests.get(f"{emu.api_url}/repos/lab/digests/issues", timeout=10).json()
    assert "lab/gone" in issue["body"]
    _rendered_markdown_is_inert(issue["body"])
