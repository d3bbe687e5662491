"""History compaction: every run for 90 days, then the newest run of each ISO week."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.tracking.compaction import CompactionPolicy, stamp_of, to_remove, week_of

NOW = datetime(2026, 6, 1, 5, 23, tzinfo=timezone.utc)  # a Monday
OLD_SUNDAY = NOW - timedelta(days=400)


def _daily(days: int, end: datetime = NOW) -> list[tuple[str, datetime]]:
    """One record a day for `days` days up to `end`, named as the history names them."""
    return [
        ((end - timedelta(days=n)).strftime("%Y%m%dT%H%M%SZ") + ".json", end - timedelta(days=n))
        for n in range(days)
    ]


def test_a_year_of_daily_runs_keeps_90_days_and_one_a_week() -> None:
    records = _daily(365)
    removed = set(to_remove(records, NOW, CompactionPolicy()))
    kept = [(name, at) for name, at in records if name not in removed]
    recent = [at for _, at in kept if at >= NOW - timedelta(days=90)]
    old = [at for _, at in kept if at < NOW - timedelta(days=90)]
    assert len(recent) == 91  # today and the 90 days before, every one
    assert len({week_of(at) for at in old}) == len(old)  # one per week...
    weeks = {week_of(at) for _, at in records if at < NOW - timedelta(days=90)}
    assert {week_of(at) for at in old} == weeks  # ...and every week keeps one
    cutoff = NOW - timedelta(days=90)
    for at in old:  # the newest of its week's old runs
        assert not any(week_of(o) == week_of(at) and at < o < cutoff for _, o in records)
    assert len(kept) == 91 + len(weeks) == 131  # of 365: 275 older days fall in 40 weeks


@pytest.mark.parametrize(
    ("records", "removed"),
    [
        ([], []),
        (_daily(10), []),  # all recent
        # a Friday to Sunday long ago, one week: its newest stays, the newest of all too
        (_daily(3, OLD_SUNDAY), sorted(name for name, _ in _daily(3, OLD_SUNDAY)[1:])),
        (
            [
                ("20250102T000000Z.json", datetime(2025, 1, 2, tzinfo=timezone.utc)),
                ("20250103T000000Z.json", datetime(2025, 1, 3, tzinfo=timezone.utc)),
                ("20250103T000000Z-2.json", datetime(2025, 1, 3, tzinfo=timezone.utc)),
                ("20260530T000000Z.json", datetime(2026, 5, 30, tzinfo=timezone.utc)),
            ],
            ["20250102T000000Z.json", "20250103T000000Z.json"],  # same week: the last one stays
        ),
    ],
    ids=["none", "recent", "old-only", "same-second"],
)
def test_cases(records: list[tuple[str, datetime]], removed: list[str]) -> None:
    assert to_remove(records, NOW, CompactionPolicy()) == removed


def test_a_shorter_window() -> None:
    records = _daily(30)
    removed = to_remove(records, NOW, CompactionPolicy(keep_days=7))
    assert len(records) - len(removed) == 8 + 4  # a week of days, then four older weeks


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, {}, Streams(out, err), clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def test_audit_history_compact(tmp_path: Path) -> None:
    folder = tmp_path / "audits" / "weekly"
    folder.mkdir(parents=True)
    for name, _ in _daily(120):
        (folder / name).write_text("{}\n")
    (folder / "latest.md").write_text("# latest\n")
    root = str(tmp_path / "audits")
    code, out, _ = _run(["history", "--compact", "--history", root, "--dry-run"])
    assert code == ExitCode.OK and "would remove" in out
    assert len(list(folder.glob("*.json"))) == 120
    code, out, _ = _run(["history", "--compact", "--history", root])
    left = sorted(folder.glob("*.json"))
    assert code == ExitCode.OK and out.startswith(f"weekly: kept {len(left)}, removed")
    assert 91 < len(left) < 100 and (folder / "latest.md").exists()
    assert all(stamp_of(path) <= NOW for path in left)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["history"], "--compact"),
        (["history", "--compact", "--keep-days", "0"], "must be at least 1"),
        (["history", "--compact", "--history", "/nonexistent/audits"], "no audit records"),
    ],
)
def test_bad_use(argv: list[str], message: str) -> None:
    code, _, err = _run(argv)
    assert code == ExitCode.USAGE_ERROR and message in err
