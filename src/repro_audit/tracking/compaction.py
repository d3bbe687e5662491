"""Keeping `audits/` small over years: every run for 90 days, then one run a week.

A daily audit adds 365 records a year per digest. Old runs matter only as a trend, so past the
recent window each ISO week keeps its newest record and the others go. The flake policy looks at
the latest runs only (a few days), which always stay. The policy is pure and works on record
names and times; `compact_folder` applies it to one digest's folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from repro_audit.tracking.history import STAMP, HistoryStore

_STAMP_LENGTH = len("20251120T052300Z")
_COUNTER = re.compile(r"-(\d+)\.json$")


@dataclass(frozen=True, slots=True)
class CompactionPolicy:
    """Keep every record younger than `keep_days`; of older ones, the newest of each week."""

    keep_days: int = 90

    def describe(self) -> str:
        """For notes: `every run for 90 days, then one a week`."""
        return f"every run for {self.keep_days} days, then one a week"


def week_of(moment: datetime) -> tuple[int, int]:
    """The ISO (year, week) a moment falls in, in UTC."""
    year, week, _ = moment.astimezone(timezone.utc).isocalendar()
    return year, week


def to_remove(
    records: Sequence[tuple[str, datetime]], now: datetime, policy: CompactionPolicy
) -> list[str]:
    """Names of the records the policy lets go; the newest record of all always stays."""
    if not records:
        return []
    newest = max(records, key=_order)
    cutoff = now - timedelta(days=policy.keep_days)
    kept_weeks: dict[tuple[int, int], tuple[str, datetime]] = {}
    for record in records:
        if record[1] >= cutoff:
            continue
        week = week_of(record[1])
        best = kept_weeks.get(week)
        if best is None or _order(record) > _order(best):
            kept_weeks[week] = record
    keep = {name for name, _ in kept_weeks.values()} | {newest[0]}
    return sorted(name for name, at in records if at < cutoff and name not in keep)


def _order(record: tuple[str, datetime]) -> tuple[datetime, int]:
    """Records of one second are told apart by their `-2`, `-3`... suffix, as history does."""
    name, at = record
    match = _COUNTER.search(name)
    return at, int(match.group(1)) if match else 1


def stamp_of(path: Path) -> datetime:
    """When a record was made, from its file name (`20251120T052300Z[-2].json`)."""
    stamp = datetime.strptime(path.name[:_STAMP_LENGTH], STAMP)
    return stamp.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Compacted:
    """One digest folder after compaction."""

    key: str
    kept: int
    removed: tuple[str, ...]


def compact_folder(
    store: HistoryStore, key: str, now: datetime, policy: CompactionPolicy, *, dry_run: bool
) -> Compacted:
    """Apply the policy to one digest's records; with `dry_run`, only say what would go."""
    paths = store.record_paths(key)
    names = to_remove([(path.name, stamp_of(path)) for path in paths], now, policy)
    if not dry_run:
        for name in names:
            (store.folder(key) / name).unlink(missing_ok=True)
    return Compacted(key, len(paths) - len(names), tuple(names))
