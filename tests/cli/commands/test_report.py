"""`audit report`: the status from the history, and `--issue` against the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from repro_audit.cli.console import ExitCode
from repro_audit.sources.issue_tracker import MARKER
from tests.cli.commands.history_runs import TOKEN, History, run, write_digest
from tests.emulator import GitHubEmulator, RepoSpec


@pytest.fixture
def history(github_emulator: GitHubEmulator, tmp_path: Path) -> History:
    state = History(
        github_emulator, write_digest(tmp_path, github_emulator.server_url), tmp_path / "audits"
    )
    state.add_world()
    github_emulator.add_repo(RepoSpec("lab", "digests"))
    return state


def _issues(emu: GitHubEmulator) -> list[dict[str, Any]]:
    answer = requests.get(
        f"{emu.api_url}/repos/lab/digests/issues",
        params={"state": "all"},
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )
    issues = answer.json()
    assert isinstance(issues, list)
    return issues


def _report(history: History, *extra: str, env: dict[str, str] | None = None) -> Any:
    environment = {**history.emu.env(TOKEN), "GITHUB_REPOSITORY": "lab/digests"}
    argv = ["report", "--history", str(history.audits), *extra]
    return run(argv, env or environment, history.later)


def test_status_without_issue(history: History) -> None:
    history.audit()
    history.emu.delete("lab/doomed")
    history.audit()
    result = _report(history)
    assert result.code == ExitCode.OK, result.stderr
    assert result.stdout.startswith(MARKER)
    assert "0 dead and 1 failing code link(s)" in result.stdout
    assert "### Failing, not yet called dead" in result.stdout
    assert "| lab/doomed | Doomed paper | 2025-11-21 | 1 |" in result.stdout
    assert "xychart-beta" in result.stdout  # the trend over two runs
    assert _issues(history.emu) == []


def test_issue_follows_the_links_through_their_life(history: History) -> None:
    history.audit()
    assert _report(history, "--issue").stderr.strip() == "audit: note: issue: nothing"
    history.emu.delete("lab/doomed")
    history.audit()
    assert "issue: nothing" in _report(history, "--issue").stderr  # failing is not dead
    history.audit()
    created = _report(history, "--issue")
    assert created.code == ExitCode.OK and "#1" in created.stderr and "created" in created.stderr
    [issue] = _issues(history.emu)
    assert issue["state"] == "open" and "lab/doomed" in issue["body"]
    assert [label["name"] for label in issue["labels"]] == ["repro-audit"]
    history.audit()
    assert "updated" in _report(history, "--issue").stderr  # the changes section moved on
    history.emu.add_repo(RepoSpec("lab", "doomed"))  # the authors pushed it again
    history.audit()
    closed = _report(history, "--issue")
    assert "#1" in closed.stderr and "closed" in closed.stderr
    [issue] = _issues(history.emu)
    assert issue["state"] == "closed" and "No code link is dead." in issue["body"]
    assert TOKEN not in issue["body"]


@pytest.mark.parametrize(
    ("extra", "env", "code", "message"),
    [
        (["--issue"], {"GITHUB_REPOSITORY": "lab/digests"}, ExitCode.USAGE_ERROR, "needs a token"),
        (["--issue"], {"GITHUB_TOKEN": TOKEN}, ExitCode.USAGE_ERROR, "owner/name"),
        (
            ["--issue", "--repo", "lab/missing"],
            {"GITHUB_TOKEN": TOKEN},
            ExitCode.RUNTIME_ERROR,
            "cannot update the issue in lab/missing: GitHub answered HTTP 404",
        ),
    ],
)
def test_issue_errors(
    history: History, extra: list[str], env: dict[str, str], code: int, message: str
) -> None:
    history.audit()
    environment = {**env, "GITHUB_API_URL": history.emu.api_url}
    result = _report(history, *extra, env=environment)
    assert result.code == code and message in result.stderr
    assert TOKEN not in result.stderr


def test_report_without_records_is_a_usage_error(tmp_path: Path) -> None:
    result = run(["report", "--history", str(tmp_path)], {})
    assert result.code == ExitCode.USAGE_ERROR and "no audit records" in result.stderr
