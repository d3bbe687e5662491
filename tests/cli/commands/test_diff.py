"""`audit diff` and `audit FILE --history`: runs against the emulator, one repository deleted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from repro_audit.cli.console import ExitCode
from tests.cli.commands.history_runs import TOKEN, History, run, write_digest
from tests.emulator import GitHubEmulator


@pytest.fixture
def history(github_emulator: GitHubEmulator, tmp_path: Path) -> History:
    state = History(
        github_emulator, write_digest(tmp_path, github_emulator.server_url), tmp_path / "audits"
    )
    state.add_world()
    return state


def _diff(history: History, *extra: str) -> str:
    argv = ["diff", "--history", str(history.audits), str(history.digest), *extra]
    result = run(argv, {}, history.later)
    assert result.code == ExitCode.OK, result.stderr
    return result.stdout


def _changes(history: History) -> Any:
    """The one digest's change report, as `audit diff --format json` gives it."""
    [report] = json.loads(_diff(history, "--format", "json"))
    return report


def test_a_deleted_repository_is_failing_then_dead(history: History) -> None:
    first = history.audit()
    assert first.code == ExitCode.OK, first.stderr
    history.emu.delete("lab/doomed")
    history.emu.rename("lab/old", "lab/new")

    second = history.audit()
    assert second.code == ExitCode.OK  # failing once is not dead yet: no red build
    after_two = _changes(history)
    assert [(c["kind"], c["line"], c["link"]) for c in after_two["changes"]] == [
        ("failing", 6, "lab/doomed"),
        ("newly_moved", 8, "lab/old"),
    ]
    assert after_two["dead"] == []
    assert "failing since 2025-11-21 (1 of 2 runs)" in _diff(history)

    third = history.audit()
    assert third.code == ExitCode.FAIL_CONDITION
    after_three = _changes(history)
    assert [(c["kind"], c["line"]) for c in after_three["changes"]] == [("newly_dead", 6)]
    assert [d["link"] for d in after_three["dead"]] == ["lab/doomed"]
    assert "failing since 2025-11-21 (2 runs)" in str(after_three["changes"])

    folder = history.audits / "weekly"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "20251120T060000Z.json",
        "20251121T060000Z.json",
        "20251122T060000Z.json",
        "latest.md",
    ]
    latest = (folder / "latest.md").read_text()
    assert "bar [0, 1, 1]" in latest and "line [0, 0, 1]" in latest  # dead links over time
    for path in folder.iterdir():
        assert TOKEN not in path.read_text()


def test_history_notes_and_policy_options(history: History) -> None:
    history.emu.delete("lab/doomed")
    first = history.audit("--dead-after-runs", "1")
    assert first.code == ExitCode.FAIL_CONDITION
    assert "1 dead, 0 failing (dead after 1 failing run)" in first.stderr
    report = json.loads(
        run(
            [
                "diff",
                "--history",
                str(history.audits),
                "--format",
                "json",
                "--dead-after-days",
                "3",
            ],
            {},
        ).stdout
    )
    assert report[0]["policy"] == {"runs": None, "days": 3.0}
    assert [c["kind"] for c in report[0]["changes"]] == ["failing"]


def test_diff_of_two_record_files(history: History) -> None:
    history.audit()
    history.emu.delete("lab/doomed")
    history.audit()
    old, new = sorted(str(p) for p in (history.audits / "weekly").glob("*.json"))
    result = run(["diff", old, new, "--format", "markdown", "--dead-after-runs", "1"], {})
    assert result.code == ExitCode.OK
    assert "| newly dead | 6 | lab/doomed | Doomed paper |" in result.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "--history", "{audits}"], "no audit records"),
        (["diff", "--history", "{audits}", "nothing.md"], "nothing.md: no audit records"),
        (["diff", "{tmp}/a.json", "{tmp}/b.json"], "no audit records"),
        (["diff", "--dead-after-runs", "0"], "at least 1"),
        (["diff", "--dead-after-days", "-1"], "0 or more"),
        (["diff", "--format", "yaml"], "invalid choice"),
    ],
)
def test_usage_errors(tmp_path: Path, argv: list[str], message: str) -> None:
    filled = [a.format(audits=tmp_path / "audits", tmp=tmp_path) for a in argv]
    result = run(filled, {})
    assert result.code == ExitCode.USAGE_ERROR
    assert message in result.stderr and len(result.stderr.splitlines()) == 1


def test_bad_record_file_is_a_usage_error(tmp_path: Path) -> None:
    bad, good = tmp_path / "a.json", tmp_path / "b.json"
    bad.write_text("[1, 2]")
    good.write_text("{}")
    result = run(["diff", str(bad), str(good)], {})
    assert result.code == ExitCode.USAGE_ERROR and "not an audit record" in result.stderr
