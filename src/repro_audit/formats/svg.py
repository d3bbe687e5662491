"""Inline SVG charts for the HTML report, as plain shapes the template draws and escapes.

The geometry is computed here, in Python, so the page needs no charting library and no script
to show its pictures; colours come from CSS classes (the page's one stylesheet), never from
style attributes, which the page's Content-Security-Policy would refuse. Each chart says in
words what it shows (`summary`), for screen readers and for the eye that wants the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repro_audit.formats import charts, common
from repro_audit.models import AuditRow, Summary

WIDTH = 300
BAR_HEIGHT = 20
GAP = 6
LABEL_WIDTH = 124
PLOT_HEIGHT = 120


@dataclass(frozen=True, slots=True)
class Rect:
    """A bar; `title` is the tooltip a pointer shows."""

    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True, slots=True)
class Text:
    """A label; `anchor` is SVG's text-anchor (start, middle, end)."""

    x: float
    y: float
    text: str
    anchor: str = "start"
    css: str = "label"


@dataclass(frozen=True, slots=True)
class Polyline:
    """A line through points, e.g. confirmed dead links run after run."""

    points: str
    css: str


@dataclass(frozen=True, slots=True)
class Chart:
    """One picture: its size, its shapes, and the same facts in a sentence."""

    key: str
    title: str
    summary: str
    width: int
    height: int
    rects: tuple[Rect, ...] = ()
    texts: tuple[Text, ...] = ()
    lines: tuple[Polyline, ...] = ()


def _round(value: float) -> float:
    return round(value, 1)


def horizontal_bars(key: str, title: str, bars: Sequence[tuple[str, int, str]]) -> Chart | None:
    """One bar a (label, count, css class); None when every count is zero."""
    if not any(count for _, count, _ in bars):
        return None
    top = max(count for _, count, _ in bars)
    room = WIDTH - LABEL_WIDTH - 40
    rects, texts = [], []
    for index, (label, count, css) in enumerate(bars):
        y = index * (BAR_HEIGHT + GAP)
        width = _round(room * count / top) if count else 0.0
        rects.append(Rect(LABEL_WIDTH, y, width, BAR_HEIGHT, css, f"{label}: {count}"))
        middle = y + BAR_HEIGHT / 2 + 5
        texts.append(Text(LABEL_WIDTH - 6, middle, label, "end"))
        texts.append(Text(LABEL_WIDTH + width + 6, middle, str(count), "start", "value"))
    summary = f"{title}: " + ", ".join(f"{label} {count}" for label, count, _ in bars) + "."
    height = len(bars) * (BAR_HEIGHT + GAP) - GAP
    return Chart(key, title, summary, WIDTH, height, tuple(rects), tuple(texts))


def status_chart(summary: Summary) -> Chart | None:
    """Code links by status, one bar per status a code link can have."""
    labels = dict(common.SUMMARY_LABELS)
    bars = [
        (labels[name], int(getattr(summary, name)), f"bar-{name}") for name in charts.PIE_FIELDS
    ]
    return horizontal_bars("status", "Code links by status", bars)


def missed_chart(summary: Summary) -> Chart | None:
    """Rows without a code link, and how many of them name code elsewhere in the row."""
    bars = [
        ("with a code link", summary.with_code_link, "bar-alive"),
        ("without one", summary.no_link, "bar-none"),
        ("named in the text", summary.missed_code_links, "bar-moved"),
        ("…to live code", summary.suggestions_alive, "bar-alive"),
    ]
    if not summary.missed_code_links and not summary.no_link:
        return None
    return horizontal_bars("missed", "Code links missed by the code column", bars)


def columns(
    key: str, title: str, labels: Sequence[str], values: Sequence[int], css: str
) -> tuple[Chart, float, float] | None:
    """Vertical bars over labels; also returns the slot width and the scale (px per unit).

    Past ten bars only every few labels and no counts are written, so none overlap; every
    value is still in the bar's tooltip and in the summary sentence.
    """
    if not values or not any(values):
        return None
    slot = (WIDTH - 30) / len(values)
    scale = PLOT_HEIGHT / max(values)
    step = 1 if len(values) <= 10 else -(-len(values) // 6)
    rects, texts = [], []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, height = 30 + index * slot, _round(value * scale)
        top = PLOT_HEIGHT - height
        rects.append(Rect(_round(x + 2), top, _round(slot - 4), height, css, f"{label}: {value}"))
        middle = _round(x + slot / 2)
        if value and step == 1:
            texts.append(Text(middle, top - 4, str(value), "middle", "value"))
        if index % step == 0:
            texts.append(Text(middle, PLOT_HEIGHT + 16, label, "middle", "tick"))
    pairs = ", ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True))
    summary = f"{title}. {pairs}."
    chart = Chart(key, title, summary, WIDTH, PLOT_HEIGHT + 22, tuple(rects), tuple(texts))
    return chart, slot, scale


def score_chart(rows: Sequence[AuditRow]) -> Chart | None:
    """How many scored repositories fall in each ten-point range."""
    scores = [r.score.value for r in rows if r.score is not None and r.score.value is not None]
    counts = [sum(1 for s in scores if low <= s <= high) for low, high in charts.SCORE_BUCKETS]
    labels = [str(low) for low, _ in charts.SCORE_BUCKETS]
    title = "Reproducibility scores, by ten-point range"
    made = columns("scores", title, labels, counts, "bar-score")
    return None if made is None else made[0]


def trend_chart(points: Sequence[charts.TrendPoint]) -> Chart | None:
    """Failing links per run as bars, confirmed dead ones as a line; needs two runs or more."""
    shown = list(points)[-charts.TREND_LIMIT :]
    if len(shown) < 2:
        return None
    title = "Failing links per run (bars), confirmed dead (line)"
    labels = [common.utc_day(p.at)[5:] for p in shown]
    made = columns("trend", title, labels, [p.dead + p.failing for p in shown], "bar-dead")
    if made is None:
        quiet = Text(WIDTH / 2, 24, f"no failing link in the last {len(shown)} runs", "middle")
        return Chart("trend", title, f"{title}: {quiet.text}.", WIDTH, 40, texts=(quiet,))
    chart, slot, scale = made
    coords = " ".join(
        f"{_round(30 + i * slot + slot / 2)},{_round(PLOT_HEIGHT - p.dead * scale)}"
        for i, p in enumerate(shown)
    )
    dead = ", ".join(f"{label}: {p.dead}" for label, p in zip(labels, shown, strict=True))
    return Chart(
        chart.key,
        title,
        f"{chart.summary} Confirmed dead: {dead}.",
        chart.width,
        chart.height,
        chart.rects,
        chart.texts,
        (Polyline(coords, "line-dead"),),
    )
