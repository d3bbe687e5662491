"""Aggregation: weights, coverage, grades, determinism, and unknowns that never cost points."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest

from repro_audit.models import Existence, RepoFacts, Verdict
from repro_audit.scoring import (
    GROUPS,
    RUBRIC,
    RUBRIC_VERSION,
    Assessment,
    Criterion,
    ScoringContext,
    Thresholds,
    grade_for,
    group_weights,
    score_repository,
)
from repro_audit.scoring.base import failed, partial, passed, unknown
from tests.scoring.calibration import CASES
from tests.scoring.facts import CTX, NOW, PAPER, UTC, facts, listing

WEAK = listing(
    "README.md",
    "train.py",
    readme="# Weak\n\nPyTorch code.\n\n```\npython train.py\npython eval.py\n```\n",
    has_license=False,
    license_spdx=None,
    last_commit_at=datetime(2021, 1, 1, tzinfo=UTC),
    pushed_at=datetime(2021, 1, 1, tzinfo=UTC),
    commit_dates=(datetime(2021, 1, 1, tzinfo=UTC),),
    commit_count=1,
    stars=3,
    forks=0,
    created_at=datetime(2020, 6, 1, tzinfo=UTC),
    file_texts=(),
)


def test_rubric_is_well_formed() -> None:
    assert sum(c.weight for c in RUBRIC) == 100
    assert len({c.id for c in RUBRIC}) == len(RUBRIC)
    assert [c.id for c in RUBRIC] == [
        "availability",
        "placeholder",
        "licence",
        "environment",
        "pinning",
        "training",
        "evaluation",
        "pretrained",
        "results",
        "readme",
        "citation",
        "freshness",
        "community",
        "consistency",
        "archived",
        "doi",
    ]
    for criterion in RUBRIC:
        assert criterion.group in GROUPS
        assert criterion.title and criterion.rationale and criterion.remediation
        assert criterion.evaluate.__doc__, f"{criterion.id}: its docstring is its rule in the docs"
    assert dict(group_weights()) == {
        "Availability": 30,
        "Licence": 7,
        "Environment": 12,
        "ML code completeness": 20,
        "Documentation": 12,
        "Freshness": 3,
        "Community": 3,
        "Consistency": 10,
        "Preservation": 3,
    }
    assert RUBRIC_VERSION == "1.2"


def test_good_repository_scores_full_marks() -> None:
    score = score_repository(facts(), CTX)
    assert (score.value, score.grade, score.coverage) == (100, "A", 1.0)
    assert score.rubric_version == RUBRIC_VERSION
    assert [f.criterion for f in score.findings] == [c.id for c in RUBRIC]
    assert all(f.verdict is Verdict.PASS and f.points == f.max_points for f in score.findings)
    assert all(f.remediation == "" for f in score.findings)


def test_weak_repository_points_add_up() -> None:
    score = score_repository(WEAK, CTX)
    by_id = {f.criterion: f for f in score.findings}
    expected = {
        "availability": (Verdict.PASS, 15),
        "placeholder": (Verdict.PASS, 15),
        "licence": (Verdict.FAIL, 0),
        "environment": (Verdict.FAIL, 0),
        "pinning": (Verdict.NOT_APPLICABLE, 0),
        "training": (Verdict.PASS, 5),
        "evaluation": (Verdict.FAIL, 0),
        "pretrained": (Verdict.FAIL, 0),
        "results": (Verdict.PARTIAL, 2.5),
        "readme": (Verdict.PARTIAL, 3.2),  # present, with code blocks: 2 of 5
        "citation": (Verdict.FAIL, 0),
        "freshness": (Verdict.FAIL, 0),
        "community": (Verdict.PARTIAL, 3 * 0.3004),  # log10(4) / log10(101)
        "consistency": (Verdict.PARTIAL, 5.0),
        "archived": (Verdict.PASS, 2),  # CTX: a snapshot 9 days after the paper
        "doi": (Verdict.FAIL, 0),
    }
    assert {k: f.verdict for k, f in by_id.items()} == {k: v for k, (v, _) in expected.items()}
    assert {k: f.points for k, f in by_id.items()} == pytest.approx(
        {k: points for k, (_, points) in expected.items()}, abs=1e-3
    )
    assert by_id["licence"].reason == "no licence: all rights reserved"
    assert by_id["licence"].remediation.startswith("Add a LICENSE")
    assert by_id["consistency"].remediation.endswith("missing files: eval.py")
    assessed = sum(f.max_points for f in score.findings)
    assert assessed == 98  # pinning did not apply
    assert score.value == round(100 * sum(f.points for f in score.findings) / assessed) == 50
    assert (score.grade, score.coverage) == ("D", 0.98)


@pytest.mark.parametrize("existence", [Existence.MISSING, Existence.BLOCKED])
def test_unreachable_repository_scores_zero(existence: Existence) -> None:
    score = score_repository(facts(existence=existence, reason="gone"), CTX)
    assert (score.value, score.grade) == (0, "F")
    assert score.coverage == pytest.approx(0.15)
    verdicts = [f.verdict for f in score.findings]
    assert verdicts == [Verdict.FAIL] + [Verdict.NOT_APPLICABLE] * (len(RUBRIC) - 1)
    assert [f.max_points for f in score.findings] == [15.0] + [0.0] * (len(RUBRIC) - 1)


def test_unknown_existence_has_no_score() -> None:
    score = score_repository(facts(existence=Existence.UNKNOWN, reason="rate limited"), CTX)
    assert (score.value, score.grade, score.coverage) == (None, None, 0.0)
    assert {f.verdict for f in score.findings} == {Verdict.UNKNOWN}
    assert all(f.points == 0 and f.max_points == 0 for f in score.findings)


# Facts the sources lose together when a request is rate limited or times out.
GAPS: dict[str, dict[str, Any]] = {
    "licence": {"has_license": None, "license_spdx": None, "license_name": None},
    "tree": {"root_files": None, "paths": None, "paths_depth": None},
    "readme-text": {"readme_text": None},
    "dependency-texts": {"file_texts": None},
    "commits": {"last_commit_at": None, "pushed_at": None, "commit_dates": None},
    "popularity": {"stars": None, "forks": None},
    "forks": {"forks": None},
    "age": {"created_at": None},
    "texts": {"readme_text": None, "file_texts": None},
    "everything": {
        "has_license": None,
        "license_spdx": None,
        "root_files": None,
        "paths": None,
        "readme_text": None,
        "file_texts": None,
        "last_commit_at": None,
        "pushed_at": None,
        "commit_dates": None,
        "commit_count": None,
        "stars": None,
        "forks": None,
        "created_at": None,
    },
}
_LIVE = [c for c in CASES if c.facts.existence is Existence.EXISTS]
_ASSESSED = (Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL)


@pytest.mark.parametrize("gap", GAPS, ids=str)
@pytest.mark.parametrize("case", _LIVE, ids=lambda c: c.name)
def test_a_rate_limited_fact_never_lowers_a_score(case: Any, gap: str) -> None:
    known_facts: RepoFacts = case.facts
    gapped_facts = replace(known_facts, **GAPS[gap], gaps=("rate limited (secondary limit)",))
    known = {f.criterion: f for f in score_repository(known_facts, CTX).findings}
    gapped = score_repository(gapped_facts, CTX)
    lost: set[str] = set()
    for finding in gapped.findings:
        before = known[finding.criterion]
        if finding.verdict is Verdict.UNKNOWN:
            lost.add(finding.criterion)
            if before.verdict is not Verdict.UNKNOWN:  # newly unknown: the gap must say why
                assert "rate limited" in finding.reason, finding
            continue
        if finding.verdict in _ASSESSED:
            # an unknown fact may leave a verdict as it was or better, never worse
            assert before.verdict in _ASSESSED, (finding, before)
            share = finding.points / finding.max_points
            assert share >= before.points / before.max_points - 1e-9, (finding, before)
    reference = score_repository(known_facts, CTX, tuple(c for c in RUBRIC if c.id not in lost))
    if reference.value is None:
        assert gapped.value is None
    else:
        assert gapped.value is not None and gapped.value >= reference.value
    assert gapped.coverage <= score_repository(known_facts, CTX).coverage + 1e-9


def test_same_facts_and_context_give_the_same_score() -> None:
    first = score_repository(WEAK, ScoringContext(now=NOW, paper_date=PAPER))
    second = score_repository(replace(WEAK), ScoringContext(now=NOW, paper_date=PAPER))
    assert first == second


def test_now_only_matters_through_the_context() -> None:
    young = facts(stars=0, forks=0, created_at=NOW - timedelta(days=10))
    later = ScoringContext(now=NOW + timedelta(days=400), paper_date=CTX.paper_date)
    assert score_repository(young, CTX).value == 100  # too new to judge by stars
    assert score_repository(young, later).value == 97  # a year on, no stars is a fail


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
        assessed = outcome.verdict in (Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL)
        assert finding.max_points == (50 if assessed else 0)
        assert finding.points == pytest.approx(finding.max_points * outcome.fraction)
        expected_fix = "do it" if outcome.verdict in (Verdict.FAIL, Verdict.PARTIAL) else ""
        assert finding.remediation == expected_fix


def test_an_outcome_specific_fix_replaces_the_criterion_remediation() -> None:
    rubric = (_fixed(failed("no", fix="add scripts/x.sh")), _fixed(passed("ok"), index=1))
    findings = score_repository(facts(), CTX, rubric).findings
    assert [f.remediation for f in findings] == ["add scripts/x.sh", ""]


def test_other_thresholds_mark_the_version_custom() -> None:
    custom = ScoringContext(NOW, PAPER, Thresholds(star_cap=500))
    assert score_repository(facts(), custom).rubric_version == "1.2+custom"
    assert score_repository(facts(), CTX, tuple(RUBRIC)).rubric_version == "1.2"


def test_criterion_needs_positive_weight() -> None:
    with pytest.raises(ValueError):
        _fixed(passed("ok"), weight=0)


@pytest.mark.parametrize(
    "changes",
    [{"stale_window_days": 10, "active_window_days": 20}, {"pinned_share": 0.0}],
    ids=["windows", "share"],
)
def test_contradictory_thresholds_are_rejected(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Thresholds(**changes)
