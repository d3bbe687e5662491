"""Outcomes remembered between runs: only those reached without the clock, and scores built from
them are the scores judged afresh."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import orjson
import pytest

from repro_audit.models import Verdict
from repro_audit.report.linkrows import lightened
from repro_audit.scoring import RUBRIC, Criterion, ScoringContext, Thresholds, score_repository
from repro_audit.scoring.aggregate import judge
from repro_audit.scoring.base import UNREAD_CLOCK, Assessment, ClockRead, passed
from repro_audit.scoring.recall import content_key, decode, encode
from tests.scoring.calibration import CASES
from tests.scoring.facts import CTX, GOOD, NOW, PAPER, ctx, facts

LATER = NOW + timedelta(days=400)


@pytest.mark.parametrize(
    "use",
    [
        lambda t: t.date(),
        lambda t: t.tzinfo,
        lambda t: t.isoformat(),
        lambda t: NOW - t,
        lambda t: t - NOW,
        lambda t: t + timedelta(days=1),
        lambda t: NOW < t,  # noqa: SIM300 (the reflected comparison is the point)
        lambda t: t == NOW,
        lambda t: f"{t}",
    ],
)
def test_the_unread_clock_refuses_every_use(use: Callable[[datetime], object]) -> None:
    with pytest.raises(ClockRead):
        use(UNREAD_CLOCK)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("when", [CTX, ctx(paper_date=None), ctx(now=LATER)], ids=str)
def test_a_score_from_remembered_outcomes_is_the_score_judged_afresh(
    case: object, when: ScoringContext
) -> None:
    repo = case.facts  # type: ignore[attr-defined]
    fresh, judged = judge(repo, when)
    assert fresh == score_repository(repo, when)
    recalled, again = judge(repo, when, known=decode(encode(judged)))
    assert recalled == fresh
    assert again == {}  # everything that could be remembered was


def test_remembered_outcomes_never_hold_a_criterion_that_read_the_clock() -> None:
    for case in CASES:
        _, judged = judge(case.facts, CTX)
        _, later = judge(case.facts, ctx(now=LATER))
        assert judged == later  # the same whatever the time
        assert not {c.id for c in RUBRIC if c.reads_clock} & set(judged)


@pytest.mark.parametrize("criterion", [c for c in RUBRIC if c.reads_clock], ids=lambda c: c.id)
def test_a_criterion_flagged_reads_clock_does_read_it(criterion: Criterion) -> None:
    """The flag only spares a try that would fail: for a typical repository it does."""
    young = facts(stars=3, forks=1, created_at=NOW - timedelta(days=400))
    with pytest.raises(ClockRead):
        criterion.evaluate(young, replace(CTX, now=UNREAD_CLOCK))


def _counting_days(facts: object, ctx: ScoringContext) -> Assessment:
    del facts
    return passed(f"{(ctx.now.date() - date(2025, 1, 1)).days} days")


def test_an_unflagged_criterion_that_reads_the_clock_is_judged_with_it_and_not_remembered() -> None:
    rubric = (*RUBRIC, Criterion("days", "Days", 5, "why", "fix", _counting_days))
    score, judged = judge(GOOD, CTX, rubric)
    assert score.findings[-1].reason == f"{(NOW.date() - date(2025, 1, 1)).days} days"
    assert "days" not in judged and len(judged) == len(rubric) - 1 - sum(
        c.reads_clock or c.reads_archive for c in RUBRIC
    )


def test_a_flagged_criterion_is_never_taken_from_memory() -> None:
    flagged = Criterion("days", "Days", 5, "why", "fix", _counting_days, reads_clock=True)
    planted = {"days": (Verdict.PASS, 1.0, "remembered", (), "")}
    score, judged = judge(GOOD, CTX, (*RUBRIC, flagged), known=planted)
    assert score.findings[-1].reason == f"{(NOW.date() - date(2025, 1, 1)).days} days"
    assert "days" not in judged


def test_the_content_key_covers_fingerprint_paper_date_and_thresholds() -> None:
    facts = b"f" * 16  # the store's fingerprint of the facts
    base = content_key(facts, PAPER, Thresholds())
    assert len(base) == 16 and content_key(facts, PAPER, Thresholds()) == base
    others = [
        content_key(b"g" * 16, PAPER, Thresholds()),
        content_key(facts, None, Thresholds()),
        content_key(facts, PAPER + timedelta(days=1), Thresholds()),
        content_key(facts, PAPER, Thresholds(star_cap=50)),
    ]
    assert base not in others and len(set(others)) == len(others)


TEXTLESS = [c for c in RUBRIC if not c.reads_texts]


def test_only_community_is_judged_without_the_texts() -> None:
    """The light path of a warm run hangs on this list: it must be short and right."""
    assert [c.id for c in TEXTLESS] == ["community", "archived"]


@pytest.mark.parametrize("criterion", TEXTLESS, ids=lambda c: c.id)
@pytest.mark.parametrize("when", [CTX, ctx(paper_date=None), ctx(now=LATER)], ids=str)
def test_a_criterion_that_reads_no_texts_judges_light_facts_alike(
    criterion: Criterion, when: ScoringContext
) -> None:
    for case in CASES:
        light = lightened(case.facts)
        assert criterion.evaluate(light, when) == criterion.evaluate(case.facts, when), case.name


GOOD_ROW = [Verdict.PASS.value, 1.0, "ok", ["a"], ""]


@pytest.mark.parametrize(
    "data",
    [
        b"not json",
        b"[]",
        orjson.dumps({"licence": ["maybe", 1.0, "ok", [], ""]}),  # no such verdict
        orjson.dumps({"licence": ["pass", 0.5, "ok", [], ""]}),  # a PASS earns everything
        orjson.dumps({"licence": ["fail", 1.0, "ok", [], ""]}),
        orjson.dumps({"licence": ["partial", 1.0, "ok", [], ""]}),  # partial: strictly between
        orjson.dumps({"licence": ["unknown", 0.3, "ok", [], ""]}),
        orjson.dumps({"licence": ["pass", 1.0, 7, [], ""]}),
        orjson.dumps({"licence": ["pass", 1.0, "ok", 3, ""]}),
        orjson.dumps({"licence": ["pass", 1.0, "ok"]}),
        orjson.dumps({"licence": GOOD_ROW, "readme": ["partial", "half", "ok", [], ""]}),
    ],
)
def test_anything_but_what_encode_wrote_is_judged_again(data: bytes) -> None:
    assert decode(data) is None


def test_outcomes_survive_encoding_exactly() -> None:
    outcomes = {
        "licence": (Verdict.PARTIAL, 0.25, "only in the README", ("README L3: MIT",), "add one"),
        "readme": (Verdict.NOT_APPLICABLE, 0.0, "n/a", (), ""),
    }
    assert decode(encode(outcomes)) == outcomes
    assert decode(orjson.dumps({"licence": GOOD_ROW})) == {
        "licence": (Verdict.PASS, 1.0, "ok", ("a",), "")
    }
