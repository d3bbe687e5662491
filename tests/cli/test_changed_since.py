"""`audit --changed-since REF` end to end: a real git repository, the emulator, the exit code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from repro_audit.cli.main import ExitCode
from tests.cli.test_cli import SCHEMA, Run
from tests.emulator import GitHubEmulator, RepoSpec
from tests.reading.test_changed import Repo, digest, row


@pytest.fixture
def pr(tmp_path: Path, github_emulator: GitHubEmulator) -> tuple[Repo, str, GitHubEmulator]:
    """A base commit with a dead link nobody touches, then a PR that fixes one row and adds one."""
    for name in ("one", "two", "two-v2", "four"):
        github_emulator.add_repo(RepoSpec("lab", name))
    repo = Repo(tmp_path / "list")
    repo.write(
        "d.md", digest(row("One", "lab/one"), row("Two", "lab/two"), row("Gone", "lab/gone"))
    )
    base = repo.commit("base")
    repo.write(
        "d.md",
        digest(
            row("One", "lab/one"),
            row("Two", "lab/two-v2"),
            row("Gone", "lab/gone"),
            row("Four", "lab/four"),
        ),
    )
    repo.commit("pr")
    return repo, base, github_emulator


def _asked(emu: GitHubEmulator) -> set[str]:
    """Repositories of `lab` that any request (REST or git) named."""
    found = (re.search(r"/lab/([\w.-]+?)(?:\.git)?(?:/|$|\?)", r.path) for r in emu.requests)
    return {match.group(1) for match in found if match}


def test_only_added_and_changed_rows_are_audited(pr: tuple[Repo, str, GitHubEmulator]) -> None:
    repo, base, emu = pr
    target = str(repo.root / "d.md")
    run = Run([target, "--changed-since", base, "--format", "json", "--no-cache"], emu.env())
    assert run.code == ExitCode.OK, run.stderr  # the unchanged dead row counts for nothing
    document = run.json()
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    rows = document["rows"]
    assert isinstance(rows, list)
    assert [(r["repo"], r["line"], r["link_status"]) for r in rows] == [
        ("lab/two-v2", 6, "alive"),
        ("lab/four", 8, "alive"),
    ]
    assert _asked(emu) == {"two-v2", "four"}
    assert "2 row(s) added or changed audited, 2 unchanged row(s) left out" in run.stderr


def test_all_lists_unchanged_rows_without_asking(pr: tuple[Repo, str, GitHubEmulator]) -> None:
    repo, base, emu = pr
    args = [str(repo.root / "d.md"), "--changed-since", base, "--all", "--format", "json"]
    run = Run([*args, "--no-cache"], emu.env())
    assert run.code == ExitCode.OK, run.stderr
    document = run.json()
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    rows = document["rows"]
    assert isinstance(rows, list)
    assert [(r["repo"], r["link_status"]) for r in rows] == [
        ("lab/one", "unchanged"),
        ("lab/two-v2", "alive"),
        ("lab/gone", "unchanged"),
        ("lab/four", "alive"),
    ]
    summary = document["summary"]
    assert isinstance(summary, dict)
    assert (summary["unchanged"], summary["alive"], summary["dead"]) == (2, 2, 0)
    assert _asked(emu) == {"two-v2", "four"}
    table = Run([*args[:-2], "--no-cache"], emu.env())
    assert "unchanged" in table.stdout


def test_a_dead_link_the_pr_adds_fails_and_is_annotated(
    pr: tuple[Repo, str, GitHubEmulator], tmp_path: Path
) -> None:
    repo, base, emu = pr
    path = repo.write(
        "d.md",
        digest(row("One", "lab/one"), row("Gone", "lab/gone"), row("New", "lab/not-there")),
    )
    summary = tmp_path / "summary.md"
    env = {
        **emu.env(),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo.root),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    run = Run([str(path), "--changed-since", base, "--no-cache"], env)
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("::error")]
    assert errors == [
        "::error file=d.md,line=7,title=Dead%3A lab/not-there::lab/not-there is dead: "
        "not found on GitHub (404)"
    ]
    assert "lab/gone" not in summary.read_text() and "lab/not-there" in summary.read_text()


def test_nothing_changed_is_a_clean_empty_run(pr: tuple[Repo, str, GitHubEmulator]) -> None:
    repo, _, emu = pr
    run = Run([str(repo.root / "d.md"), "--changed-since", "HEAD", "--format", "json"], emu.env())
    assert run.code == ExitCode.OK, run.stderr
    assert run.json()["rows"] == [] and not emu.requests


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--changed-since", "nope"], "--changed-since nope: no such commit"),
        (["--changed-since", "HEAD", "--history", "h"], "cannot be recorded with --history"),
    ],
)
def test_bad_use_is_one_line_and_exit_3(
    pr: tuple[Repo, str, GitHubEmulator], extra: list[str], message: str
) -> None:
    repo, _, emu = pr
    run = Run([str(repo.root / "d.md"), *extra], emu.env())
    assert run.code == ExitCode.USAGE_ERROR
    assert run.stderr.strip() == f"audit: error: {run.stderr.split('error: ', 1)[1].strip()}"
    assert message in run.stderr and "Traceback" not in run.stderr
