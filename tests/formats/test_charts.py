"""Mermaid charts: exact blocks for literal inputs, and nothing when there is nothing to draw."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from repro_audit.formats import RenderOptions, charts, markdown
from repro_audit.formats.charts import TrendPoint
from repro_audit.models import Summary
from tests.formats.samples import report, rows

DAY = datetime(2025, 11, 1, 6, 0, tzinfo=timezone.utc)


def test_status_pie_draws_only_present_statuses() -> None:
    assert charts.status_pie(Summary(alive=3, dead=1, no_link=9)) == [
        "```mermaid",
        "pie showData",
        "    title Code links by status",
        '    "alive" : 3',
        '    "dead" : 1',
        "```",
    ]
    assert charts.status_pie(Summary(no_link=5)) == []


def test_score_histogram_buckets() -> None:
    block = charts.score_histogram(rows())
    assert block[0] == "```mermaid" and block[1] == "xychart-beta"
    scores = [r.score.value for r in rows() if r.score is not None and r.score.value is not None]
    bar = next(line for line in block if line.strip().startswith("bar "))
    counts = [int(n) for n in bar.split("[")[1].rstrip("]").split(", ")]
    assert len(counts) == 10 and sum(counts) == len(scores)
    assert counts[7] >= 1  # the sample's 72 lands in 70-79
    assert '"90-100"' in block[3]
    assert charts.score_histogram(rows()[-2:]) == []  # no scored row


@pytest.mark.parametrize(
    ("points", "labels"),
    [
        ([TrendPoint(DAY, 0, 1), TrendPoint(DAY + timedelta(days=1), 1, 0)], '["11-01", "11-02"]'),
        (
            [TrendPoint(DAY, 0, 1), TrendPoint(DAY + timedelta(hours=3), 1, 2)],
            '["11-01 06:00", "11-01 09:00"]',
        ),
    ],
)
def test_dead_trend(points: list[TrendPoint], labels: str) -> None:
    block = charts.dead_trend(points)
    assert f"    x-axis {labels}" in block
    assert (
        f"    bar [{points[0].dead + points[0].failing}, {points[1].dead + points[1].failing}]"
        in (block)
    )
    assert f"    line [{points[0].dead}, {points[1].dead}]" in block


def test_dead_trend_needs_two_runs_and_keeps_the_newest() -> None:
    assert charts.dead_trend([TrendPoint(DAY, 1, 0)]) == []
    many = [TrendPoint(DAY + timedelta(days=i), i, 0) for i in range(40)]
    line = next(x for x in charts.dead_trend(many) if x.strip().startswith("line"))
    assert line.count(",") == charts.TREND_LIMIT - 1 and line.endswith("39]")


def test_merge_trends_adds_points_of_the_same_run() -> None:
    a = [TrendPoint(DAY, 1, 0), TrendPoint(DAY + timedelta(days=1), 2, 1)]
    b = [TrendPoint(DAY + timedelta(days=1), 1, 1)]
    assert charts.merge_trends([a, b]) == (
        TrendPoint(DAY, 1, 0),
        TrendPoint(DAY + timedelta(days=1), 3, 2),
    )


def test_markdown_opens_with_summary_table_and_charts() -> None:
    trend = (TrendPoint(DAY, 0, 1), TrendPoint(DAY + timedelta(days=1), 1, 0))
    text = markdown.render(report(), RenderOptions(trend=trend))
    summary = text.index("### Summary")
    assert summary < text.index("| Item | Count |") < text.index("pie showData")
    assert text.index("pie showData") < text.index("| Paper | Repository |")
    assert text.count("```mermaid") == 3
    assert "| dead | 1 |" in text
    assert markdown.render(report(), RenderOptions()).count("```mermaid") == 2
