"""Changes between runs: each kind from literal records, flake resistance, and the renderers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from repro_audit.models import LinkStatus
from repro_audit.tracking.changes import (
    ChangeKind,
    compare,
    is_placeholder,
    render_json,
    render_markdown,
    render_text,
)
from repro_audit.tracking.history import DeadPolicy, LinkRecord, Record
from tests.tracking.test_history import START, link

ALIVE, DEAD, MOVED, UNKNOWN = (
    LinkStatus.ALIVE,
    LinkStatus.DEAD,
    LinkStatus.MOVED,
    LinkStatus.UNKNOWN,
)


def record(day: int, *links: LinkRecord, rubric: str = "0.1") -> Record:
    """A run on day `day` after START."""
    return Record(START + timedelta(days=day), rubric, ("digest.md",), links)


def kinds(records: list[Record], policy: DeadPolicy | None = None) -> list[ChangeKind]:
    """The kinds of change the newest record brings."""
    return [change.kind for change in compare(records, policy).changes]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (link("a/b", ALIVE), link("a/b", ALIVE), []),
        (link("a/b", ALIVE), link("a/b", MOVED, moved_to="c/d"), [ChangeKind.NEWLY_MOVED]),
        (
            link("a/b", MOVED, moved_to="c/d"),
            link("a/b", MOVED, moved_to="e/f"),
            [ChangeKind.NEWLY_MOVED],
        ),
        (link("a/b", MOVED, moved_to="c/d"), link("a/b", MOVED, moved_to="c/d"), []),
        (link("a/b", ALIVE, empty=True), link("a/b", ALIVE, empty=False), [ChangeKind.HAS_CODE]),
        (
            link("a/b", ALIVE, failing_criteria=frozenset({"code_placeholder"})),
            link("a/b", ALIVE, empty=False),
            [ChangeKind.HAS_CODE],
        ),
        (link("a/b", ALIVE, empty=True), link("a/b", ALIVE, empty=None), []),  # unknown: no news
        (
            link("a/b", ALIVE, has_license=False),
            link("a/b", ALIVE, has_license=True, license="MIT"),
            [ChangeKind.LICENCE_ADDED],
        ),
        (
            link("a/b", ALIVE, has_license=True, license="MIT"),
            link("a/b", ALIVE, has_license=False),
            [ChangeKind.LICENCE_REMOVED],
        ),
        (link("a/b", ALIVE, has_license=None), link("a/b", ALIVE, has_license=True), []),
        (link("a/b", ALIVE, score=50), link("a/b", ALIVE, score=60), [ChangeKind.SCORE_UP]),
        (link("a/b", ALIVE, score=60), link("a/b", ALIVE, score=45), [ChangeKind.SCORE_DOWN]),
        (link("a/b", ALIVE, score=60), link("a/b", ALIVE, score=51), []),
        (link("a/b", ALIVE, score=60), link("a/b", DEAD, score=0), [ChangeKind.FAILING]),
    ],
)
def test_row_changes(before: LinkRecord, after: LinkRecord, expected: list[ChangeKind]) -> None:
    assert kinds([record(0, before), record(1, after)]) == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([ALIVE, DEAD], [ChangeKind.FAILING]),
        ([ALIVE, DEAD, DEAD], [ChangeKind.NEWLY_DEAD]),
        ([DEAD, DEAD, DEAD], []),  # dead already: not news
        ([DEAD, DEAD, ALIVE], [ChangeKind.RECOVERED]),
        ([ALIVE, DEAD, ALIVE], [ChangeKind.RECOVERED]),
        ([ALIVE, DEAD, UNKNOWN], [ChangeKind.FAILING]),
        ([ALIVE, DEAD, UNKNOWN, DEAD], [ChangeKind.NEWLY_DEAD]),
        ([ALIVE, UNKNOWN], []),
        ([DEAD], [ChangeKind.FAILING]),
    ],
)
def test_flake_resistance(statuses: list[LinkStatus], expected: list[ChangeKind]) -> None:
    records = [record(day, link("a/b", status)) for day, status in enumerate(statuses)]
    assert kinds(records) == expected


def test_failing_says_since_when_and_how_far_from_dead() -> None:
    report = compare(
        [record(0, link("a/b", ALIVE)), record(1, link("a/b", DEAD, reason="404"))],
        DeadPolicy(runs=3),
    )
    [change] = report.changes
    assert change.detail == "failing since 2025-11-02 (1 of 3 runs): 404"
    assert [h.link.key for h in report.failing] == ["a/b"] and report.dead == ()


def test_changes_are_ordered_by_kind_then_line() -> None:
    before = record(
        0,
        link("x/score", ALIVE, 3, score=10),
        link("x/gone", ALIVE, 4),
        link("x/moved", ALIVE, 2),
    )
    after = record(
        1,
        link("x/score", ALIVE, 3, score=90),
        link("x/gone", DEAD, 4),
        link("x/moved", MOVED, 2, moved_to="y/new"),
    )
    report = compare([before, after], DeadPolicy(runs=1))
    assert [(c.kind, c.link.line) for c in report.changes] == [
        (ChangeKind.NEWLY_DEAD, 4),
        (ChangeKind.NEWLY_MOVED, 2),
        (ChangeKind.SCORE_UP, 3),
    ]
    assert report.of(ChangeKind.SCORE_UP)[0].detail == "score 10 → 90 (+80)"


def test_notes_for_first_run_and_rubric_change() -> None:
    assert compare([record(0)]).notes == ("first recorded run: nothing to compare with yet",)
    changed = compare([record(0, rubric="0.1"), record(1, rubric="0.2")])
    assert "rubric changed from 0.1 to 0.2" in changed.notes[0]
    empty = compare([])
    assert (empty.runs, empty.changes, empty.notes) == (0, (), ("no records yet",))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (link("a/b", ALIVE, empty=True), True),
        (link("a/b", ALIVE, empty=False), False),
        (link("a/b", ALIVE), None),
        (link("a/b", ALIVE, failing_criteria=frozenset({"availability"})), True),
        (link("a/b", DEAD, empty=True), None),
    ],
)
def test_is_placeholder(row: LinkRecord, expected: bool | None) -> None:
    assert is_placeholder(row) is expected


def test_renderers() -> None:
    records = [
        record(0, link("a/b", ALIVE), link("c|d", ALIVE, 7)),
        record(1, link("a/b", DEAD, reason="not found"), link("c|d", ALIVE, 7)),
    ]
    report = compare(records)
    text = render_text([report])
    assert (
        "digest.md: run of 2025-11-02T06:00:00Z against 2025-11-01T06:00:00Z (2 runs recorded)"
        in text
    )
    assert "failing" in text and "L5 a/b" in text and "1 of 2 runs" in text
    quiet = render_text([compare(records[:1])])
    assert "no changes" in quiet and "first recorded run" in quiet
    markdown = render_markdown([report])
    assert "### Changes in digest.md" in markdown
    assert "| failing | 5 | a/b | Paper a/b |" in markdown
    data = json.loads(render_json([report]))
    assert data[0]["changes"][0]["kind"] == "failing"
    assert data[0]["failing"][0]["since"] == "2025-11-02T06:00:00Z"
    assert data[0]["policy"] == {"runs": 2, "days": None}


def test_current_at_is_the_newest_record() -> None:
    report = compare([record(0), record(3)])
    assert report.current_at == datetime(2025, 11, 4, 6, 0, tzinfo=timezone.utc)
    assert report.previous_at == START
