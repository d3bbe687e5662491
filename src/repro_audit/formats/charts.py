"""Mermaid charts for the markdown report: pictures GitHub draws natively, no image files.

Three pictures: how the code links fare (pie), how the scores spread (`xychart-beta` bars) and,
with a history, how many links failed run after run. Each function returns the lines of one
fenced block, or nothing when there is nothing to draw, so an empty chart never appears.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from repro_audit.formats import common
from repro_audit.models import AuditRow, Summary

PIE_FIELDS: tuple[str, ...] = ("alive", "moved", "dead", "unknown", "not_a_repo")
"""Summary fields drawn in the status pie: every status a code link can have."""

SCORE_BUCKETS: tuple[tuple[int, int], ...] = tuple(
    (low, 100 if low == 90 else low + 9) for low in range(0, 100, 10)
)
"""Score ranges of the bar chart, inclusive: 0-9, 10-19, ..., 90-100."""

TREND_LIMIT = 30
"""The trend shows the newest runs only: thirty bars stay readable on a phone."""


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One past run: links confirmed dead and links failing but not yet confirmed."""

    at: datetime
    dead: int
    failing: int


def _fence(body: Sequence[str]) -> list[str]:
    return ["```mermaid", *body, "```"]


def _quoted(text: str) -> str:
    """A Mermaid string literal; Mermaid has no escape for `"`, so it becomes `'`."""
    return '"' + common.one_line(text).replace('"', "'") + '"'


def _numbers(values: Sequence[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _labels(values: Sequence[str]) -> str:
    return "[" + ", ".join(_quoted(v) for v in values) + "]"


def status_pie(summary: Summary) -> list[str]:
    """Code links by status; nothing when the report has no code link."""
    labels = dict(common.SUMMARY_LABELS)
    slices = [(labels[name], int(getattr(summary, name))) for name in PIE_FIELDS]
    slices = [(label, count) for label, count in slices if count > 0]
    if not slices:
        return []
    body = ["pie showData", "    title Code links by status"]
    body += [f"    {_quoted(label)} : {count}" for label, count in slices]
    return _fence(body)


def score_histogram(rows: Sequence[AuditRow]) -> list[str]:
    """How many scored rows fall in each ten-point range; nothing when no row has a score."""
    scores = [r.score.value for r in rows if r.score is not None and r.score.value is not None]
    if not scores:
        return []
    counts = [sum(1 for s in scores if low <= s <= high) for low, high in SCORE_BUCKETS]
    body = [
        "xychart-beta",
        f"    title {_quoted('Reproducibility scores')}",
        f"    x-axis {_quoted('score')} {_labels([f'{lo}-{hi}' for lo, hi in SCORE_BUCKETS])}",
        f"    y-axis {_quoted('repositories')} 0 --> {max(counts)}",
        f"    bar {_numbers(counts)}",
    ]
    return _fence(body)


def _point_labels(points: Sequence[TrendPoint]) -> list[str]:
    """Days, or day and time when two runs share a day."""
    days = [common.utc_day(p.at)[5:] for p in points]
    if len(set(days)) == len(days):
        return days
    return [common.iso_utc(p.at)[5:16].replace("T", " ") for p in points]


def dead_trend(points: Sequence[TrendPoint]) -> list[str]:
    """Failing links per run as bars and confirmed dead ones as a line; needs two runs or more."""
    shown = list(points)[-TREND_LIMIT:]
    if len(shown) < 2:
        return []
    failing = [p.dead + p.failing for p in shown]
    dead = [p.dead for p in shown]
    body = [
        "xychart-beta",
        f"    title {_quoted('Failing links per run (bars), confirmed dead (line)')}",
        f"    x-axis {_labels(_point_labels(shown))}",
        f"    y-axis {_quoted('links')} 0 --> {max(1, *failing)}",
        f"    bar {_numbers(failing)}",
        f"    line {_numbers(dead)}",
    ]
    return _fence(body)


def merge_trends(trends: Sequence[Sequence[TrendPoint]]) -> tuple[TrendPoint, ...]:
    """One trend for several digests: points of the same run (same time) are added up."""
    totals: dict[datetime, tuple[int, int]] = {}
    for trend in trends:
        for point in trend:
            dead, failing = totals.get(point.at, (0, 0))
            totals[point.at] = (dead + point.dead, failing + point.failing)
    return tuple(TrendPoint(at, d, f) for at, (d, f) in sorted(totals.items()))
