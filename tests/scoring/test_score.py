"""Aggregation: weights, coverage, grades, determinism, and unknowns that never cost points."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from repro_audit.models import Existence, Verdict
from repro_audit.scoring import (
    RUBRIC,
    RUBRIC_VERSION,
    Assessment,
    Criterion,
    ScoringContext,
    grade_for,
    score_repository,
)
from repro_audit.scoring.base import failed, partial, passed, unknown
from tests.scoring.facts import CTX, NOW, facts

WEAK: dict[str, Any] = {
    "has_license": False,
    "license_spdx": None,
    "root_files": ("train.py", "README.md"),
    "last_commit_at": datetime(2021, 1, 1, tzinfo=timezone.utc),
    "pushed_at": datetime(2021, 1, 1, tzinfo=timezone.utc),
    "stars": 3,
    "created_at": datetime(2020, 6, 1, tzinfo=timezone.utc),
}


def test_rubric_is_well_formed() -> None:
    assert sum(c.weight for c in RUBRIC) == 100
    assert len({c.id for c in RUBRIC}) == len(RUBRIC)
    assert [c.id for c in RUBRIC] == [
        "availability",
        "licence",
        "readme",
        "dependencies",
        "activity",
        "community",
    ]
    for criterion in RUBRIC:
        assert criterion.title and criterion.rationale and criterion.remediation


def test_good_repository_scores_full_marks() -> None:
    score = score_repository(facts(), CTX)
    assert (score.value, score.grade, score.coverage) == (100, "A", 1.0)
    assert score.rubric_version == RUBRIC_VERSION
    assert [f.criterion for f in score.findings] == [c.id for c in RUBRIC]
    assert all(f.verdict is Verdict.PASS and f.points == f.max_points for f in score.findings)
    assert all(f.remediation == "" for f in score.findings)


def test_weak_repository_points_add_up() -> None:
    score = score_repository(facts(**WEAK), CTX)
    by_id = {f.criterion: f for f in score.findings}
    assert by_id["availability"].points == 30
    assert by_id["licence"].verdict is Verdict.FAIL
    assert by_id["licence"].reason == "no licence: all rights reserved"
    assert by_id["licence"].remediation.startswith("Add a LICENSE")
    assert by_id["readme"].points == 15
    assert by_id["dependencies"].points == 0
    assert by_id["activity"].verdict is Verdict.FAIL
    assert by_id["community"].verdict is Verdict.PARTIAL
    earned = sum(f.points for f in score.findings)
    assert score.value == round(earned)  # every weight assessed: points are percent
    assert score.value == 47
    assert score.grade == "D"
    assert score.coverage == 1.0


@pytest.mark.parametrize("existence", [Existence.MISSING, Existence.BLOCKED])
def test_unreachable_repository_scores_zero(existence: Existence) -> None:
    score = score_repository(facts(existence=existence, reason="gone"), CTX)
    assert (score.value, score.grade) == (0, "F")
    assert score.coverage == pytest.approx(0.30)
    verdicts = [f.verdict for f in score.findings]
    assert verdicts == [Verdict.FAIL] + [Verdict.NOT_APPLICABLE] * (len(RUBRIC) - 1)
    assert [f.max_points for f in score.findings] == [30.0] + [0.0] * (len(RUBRIC) - 1)


def test_unknown_existence_has_no_score() -> None:
    score = score_repository(facts(existence=Existence.UNKNOWN, reason="rate limited"), CTX)
    assert (score.value, score.grade, score.coverage) == (None, None, 0.0)
    assert {f.verdict for f in score.findings} == {Verdict.UNKNOWN}
    assert all(f.points == 0 and f.max_points == 0 for f in score.findings)


# (criteria the gap hides, the fields a rate limit left unknown)
GAPS: list[tuple[tuple[str, ...], dict[str, Any]]] = [
    (("licence",), {"has_license": None, "license_spdx": None, "license_name": None}),
    (("readme", "dependencies"), {"root_files": None}),
    (("activity",), {"last_commit_at": None, "pushed_at": None}),
    (("community",), {"stars": None}),
    (
        ("licence", "community"),
        {"has_license": None, "license_spdx": None, "license_name": None, "stars": None},
    ),
]


@pytest.mark.parametrize("base", [{}, WEAK], ids=["good", "weak"])
@pytest.mark.parametrize(("hidden", "unknown_fields"), GAPS, ids=lambda v: str(v))
def test_unknown_fact_never_lowers_the_score(
    base: dict[str, Any], hidden: tuple[str, ...], unknown_fields: dict[str, Any]
) -> None:
    known = facts(**base)
    gapped = facts(**{**base, **unknown_fields, "gaps": ("rate limited",)})
    without = tuple(c for c in RUBRIC if c.id not in hidden)
    with_gap = score_repository(gapped, CTX)
    reference = score_repository(known, CTX, without)
    assert with_gap.value == reference.value
    assert with_gap.value is not None
    assert with_gap.coverage < 1.0
    hidden_findings = [f for f in with_gap.findings if f.criterion in hidden]
    assert {f.verdict for f in hidden_findings} == {Verdict.UNKNOWN}
    assert all("rate limited" in f.reason for f in hidden_findings)


def test_same_facts_and_context_give_the_same_score() -> None:
    repo = facts(**WEAK)
    first = score_repository(repo, ScoringContext(now=NOW, paper_date=CTX.paper_date))
    second = score_repository(repo, ScoringContext(now=NOW, paper_date=CTX.paper_date))
    assert first == second


def test_now_only_matters_through_the_context() -> None:
    young = facts(stars=0, created_at=NOW - timedelta(days=10))
    later = ScoringContext(now=NOW + timedelta(days=400), paper_date=CTX.paper_date)
    assert score_repository(young, CTX).value == 100  # too new to judge by stars
    assert score_repository(young, later).value == 95  # a year on, no stars is a fail


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (100, "A"),
        (85, "A"),
        (84, "B"),
        (70, "B"),
        (69, "C"),
        (55, "C"),
        (54, "D"),
        (40, "D"),
        (39, "F"),
        (0, "F"),
    ],
)
def test_grade_boundaries(value: int, grade: str) -> None:
    assert grade_for(value) == grade


def _fixed(outcome: Assessment, weight: float = 50, index: int = 0) -> Criterion:
    return Criterion(
        id=f"fixed-{index}",
        title="fixed",
        weight=weight,
        rationale="test",
        remediation="do it",
        evaluate=lambda _facts, _ctx: outcome,
    )


@pytest.mark.parametrize(
    ("outcomes", "value"),
    [
        ((passed("ok"), failed("no")), 50),
        ((partial(0.45, "some"), passed("ok")), 73),  # 72.5 rounds half up
        ((partial(0.44, "some"), passed("ok")), 72),
        ((passed("ok"), unknown("?")), 100),
        ((failed("no"), unknown("?")), 0),
        ((unknown("?"), unknown("?")), None),
    ],
)
def test_custom_rubric_aggregation(outcomes: tuple[Assessment, ...], value: int | None) -> None:
    rubric = tuple(_fixed(o, index=i) for i, o in enumerate(outcomes))
    score = score_repository(facts(), CTX, rubric)
    assert score.value == value
    assert score.rubric_version == RUBRIC_VERSION + "+custom"
    for finding, outcome in zip(score.findings, outcomes, strict=True):
        assert finding.max_points == (50 if outcome.assessed else 0)
        assert finding.points == pytest.approx(finding.max_points * outcome.fraction)
        expected_fix = "do it" if outcome.verdict in (Verdict.FAIL, Verdict.PARTIAL) else ""
        assert finding.remediation == expected_fix


def test_criterion_needs_positive_weight() -> None:
    with pytest.raises(ValueError):
        _fixed(passed("ok"), weight=0)
