"""History: the flake policy, the walk over records, record files and their names."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from repro_audit.formats.charts import TrendPoint
from repro_audit.models import LinkStatus
from repro_audit.tracking.history import (
    LATEST,
    DeadPolicy,
    Health,
    HistoryError,
    HistoryStore,
    LinkRecord,
    Record,
    history_keys,
    parse_time,
    record_document,
    record_from_document,
    record_name,
    record_text,
    walk,
)
from tests.formats.samples import report

START = datetime(2025, 11, 1, 6, 0, tzinfo=timezone.utc)
STATUS = {
    "A": LinkStatus.ALIVE,
    "D": LinkStatus.DEAD,
    "U": LinkStatus.UNKNOWN,
    "M": LinkStatus.MOVED,
}


def link(key: str, status: LinkStatus, line: int = 5, **extra: object) -> LinkRecord:
    """A record row for `key` ("owner/name")."""
    return LinkRecord(
        key=key.lower(),
        label=key,
        source="digest.md",
        line=line,
        title=f"Paper {key}",
        status=status,
        **extra,  # type: ignore[arg-type]
    )


def runs(codes: str, key: str = "lab/code", days: float = 1.0) -> list[Record]:
    """One record per character of `codes` (A/D/U/M, or "-" for a run without the link)."""
    return [
        Record(
            generated_at=START + timedelta(days=days * index),
            rubric_version="0.1",
            sources=("digest.md",),
            links=() if code == "-" else (link(key, STATUS[code]),),
        )
        for index, code in enumerate(codes)
    ]


@pytest.mark.parametrize(
    ("policy", "runs_", "span_days", "dead"),
    [
        (DeadPolicy(), 1, 0, False),
        (DeadPolicy(), 2, 1, True),
        (DeadPolicy(runs=1), 1, 0, True),
        (DeadPolicy(runs=3), 2, 10, False),
        (DeadPolicy(runs=None, days=3), 5, 2.9, False),
        (DeadPolicy(runs=None, days=3), 2, 3, True),
        (DeadPolicy(runs=5, days=3), 2, 3, True),  # either threshold suffices
        (DeadPolicy(runs=None, days=None), 50, 50, False),
        (DeadPolicy(), 0, 5, False),
    ],
)
def test_policy_confirms(policy: DeadPolicy, runs_: int, span_days: float, dead: bool) -> None:
    assert policy.confirms(runs_, START, START + timedelta(days=span_days)) is dead


@pytest.mark.parametrize(
    ("policy", "text"),
    [
        (DeadPolicy(), "dead after 2 failing runs"),
        (DeadPolicy(runs=1), "dead after 1 failing run"),
        (DeadPolicy(runs=None, days=3), "dead after 3 days of failing"),
        (DeadPolicy(runs=2, days=1), "dead after 2 failing runs or 1 day of failing"),
    ],
)
def test_policy_describes_itself(policy: DeadPolicy, text: str) -> None:
    assert policy.describe() == text


@pytest.mark.parametrize(
    ("codes", "health", "failing_runs", "since_index"),
    [
        ("A", Health.OK, 0, None),
        ("D", Health.FAILING, 1, 0),
        ("AD", Health.FAILING, 1, 1),
        ("ADD", Health.DEAD, 2, 1),
        ("ADUD", Health.DEAD, 2, 1),  # an unknown run neither resets nor counts
        ("ADU", Health.FAILING, 1, 1),
        ("DDA", Health.OK, 0, None),  # an answer resets the streak
        ("DDAD", Health.FAILING, 1, 3),
        ("DMD", Health.FAILING, 1, 2),
        ("D-D", Health.FAILING, 1, 2),  # a run without the link ends the streak
        ("U", Health.OK, 0, None),
        ("UUD", Health.FAILING, 1, 2),
    ],
)
def test_walk_follows_the_failure_streak(
    codes: str, health: Health, failing_runs: int, since_index: int | None
) -> None:
    state = walk(runs(codes), DeadPolicy())
    [result] = state.links
    assert (result.health, result.failing_runs) == (health, failing_runs)
    expected = None if since_index is None else START + timedelta(days=since_index)
    assert result.failing_since == expected


def test_days_count_to_the_last_failing_run_not_to_an_outage() -> None:
    policy = DeadPolicy(runs=None, days=2)
    assert walk(runs("DUUU"), policy).links[0].health is Health.FAILING
    assert walk(runs("DUUD"), policy).links[0].health is Health.DEAD


def test_walk_gives_a_trend_point_per_run() -> None:
    records = runs("ADDA")
    state = walk(records, DeadPolicy())
    assert state.trend == (
        TrendPoint(records[0].generated_at, 0, 0),
        TrendPoint(records[1].generated_at, 0, 1),
        TrendPoint(records[2].generated_at, 1, 0),
        TrendPoint(records[3].generated_at, 0, 0),
    )
    assert walk([], DeadPolicy()).links == ()


def test_a_repository_linked_twice_is_one_link() -> None:
    record = Record(
        START,
        "0.1",
        ("digest.md",),
        (link("Lab/Code", LinkStatus.DEAD, 5), link("lab/code", LinkStatus.DEAD, 9)),
    )
    state = walk([record], DeadPolicy())
    assert [h.link.line for h in state.links] == [5, 9]
    assert all(h.failing_runs == 1 for h in state.links)
    assert state.trend[0].failing == 1


def test_record_from_the_json_document() -> None:
    document = record_document(report())
    record = record_from_document(document, "x.json")
    assert record.generated_at == datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)
    by_key = record.by_key()
    assert set(by_key) == {
        "lab/paper-code",
        "old/name",
        "gone/repo",
        "busy/repo",
        "quiet/repo",
        "https://someone.github.io/project",
    }
    alive = by_key["lab/paper-code"]
    assert (alive.status, alive.has_license, alive.license, alive.score) == (
        LinkStatus.ALIVE,
        True,
        "MIT",
        72,
    )
    assert alive.failing_criteria == frozenset({"dependencies"})
    assert by_key["old/name"].moved_to == "new/name"
    assert by_key["busy/repo"].has_license is None  # unknown stays unknown


def test_a_record_is_trimmed_but_keeps_rows_with_missed_links() -> None:
    document = record_document(report())
    statuses = [row["link_status"] for row in document["rows"]]
    assert statuses.count("no_link") == 1  # the one whose abstract names code
    finding = document["rows"][0]["findings"][1]
    assert finding == {
        "criterion": "dependencies",
        "verdict": "fail",
        "points": 0.0,
        "max_points": 20.0,
    }
    assert document["record"]["version"] == 1
    text = record_text(document)
    assert json.loads(text) == document
    assert text.count("\n") == len(document["rows"]) + 2  # one row a line


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"rows": "x", "generated_at": "2025-11-01T00:00:00Z"},
        {"rows": [], "generated_at": "yesterday"},
        {
            "rows": [{"repo": "a/b", "link_status": "exploded"}],
            "generated_at": "2025-11-01T00:00:00Z",
        },
    ],
)
def test_bad_records_raise_history_error(document: dict[str, object]) -> None:
    with pytest.raises(HistoryError):
        record_from_document(document)


@pytest.mark.parametrize(
    ("sources", "keys"),
    [
        (["digests/cv.md"], ["cv"]),
        (["a/digest.md", "b/digest.md", "c/other.md"], ["a-digest", "b-digest", "other"]),
        (["weird name!.md"], ["weird-name"]),
        (["/abs/path/README.md"], ["README"]),
        (["..md"], ["digest"]),
    ],
)
def test_history_keys(sources: list[str], keys: list[str]) -> None:
    assert list(history_keys(sources).values()) == keys


def test_record_names_sort_and_never_collide() -> None:
    assert record_name(START) == "20251101T060000Z.json"
    assert record_name(START, ["20251101T060000Z.json"]) == "20251101T060000Z-2.json"
    taken = ["20251101T060000Z.json", "20251101T060000Z-2.json"]
    assert record_name(START, taken) == "20251101T060000Z-3.json"
    assert parse_time("2025-11-01T06:00:00Z") == START


def test_store_saves_atomically_and_loads_in_order(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "audits")
    document = record_document(report())
    first = store.save("digest", document, "# report one")
    second = store.save("digest", document, "# report two\n")  # same second: "-2"
    later = {**document, "generated_at": "2025-11-02T00:00:00Z"}
    third = store.save("digest", later, "# report three")
    assert [first.name, second.name, third.name] == [
        "20251101T120000Z.json",
        "20251101T120000Z-2.json",
        "20251102T000000Z.json",
    ]
    folder = tmp_path / "audits" / "digest"
    assert (folder / LATEST).read_text() == "# report three\n"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []
    (folder / "20251031T000000Z.json").write_text("{ not json")
    records, problems = store.load("digest")
    assert [r.name for r in records] == [first.name, second.name, third.name]
    assert len(problems) == 1 and "20251031T000000Z.json" in problems[0]
    assert store.keys() == ["digest"]
    assert HistoryStore(tmp_path / "none").keys() == []
    assert store.load("other") == ([], [])
