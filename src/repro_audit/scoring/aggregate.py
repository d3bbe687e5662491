"""Turn a rubric's assessments into one Score: a weighted mean over what could be assessed.

UNKNOWN and NOT_APPLICABLE leave both numerator and denominator, as OpenSSF Scorecard does with
inconclusive checks, so a rate limit can shrink `coverage` but never lower the score.
"""

from __future__ import annotations

import math

from repro_audit.models import Finding, RepoFacts, Score, Verdict
from repro_audit.scoring.base import DEFAULT_THRESHOLDS, Criterion, ScoringContext, Thresholds
from repro_audit.scoring.rubric import RUBRIC, RUBRIC_VERSION

GRADE_THRESHOLDS: tuple[tuple[int, str], ...] = ((85, "A"), (70, "B"), (55, "C"), (40, "D"))
"""Lowest score for each grade, best first; anything below the last is FAIL_GRADE."""
FAIL_GRADE = "F"

CUSTOM_SUFFIX = "+custom"
"""Appended to the version when a caller scores with a rubric other than RUBRIC."""


def grade_for(value: int) -> str:
    """The letter for a 0-100 score, from GRADE_THRESHOLDS."""
    for lowest, letter in GRADE_THRESHOLDS:
        if value >= lowest:
            return letter
    return FAIL_GRADE


def _round_half_up(value: float) -> int:
    # Python's round() goes to even (72.5 -> 72); reports read better rounding halves up.
    return math.floor(value + 0.5)


def _finding(criterion: Criterion, facts: RepoFacts, ctx: ScoringContext) -> Finding:
    outcome = criterion.evaluate(facts, ctx)
    verdict = outcome.verdict
    weight = float(criterion.weight) if outcome.assessed else 0.0
    # Identity, not set membership: hashing an Enum member runs Python code, 14 times a repo.
    remediate = verdict is Verdict.FAIL or verdict is Verdict.PARTIAL
    return Finding(
        criterion=criterion.id,
        title=criterion.title,
        verdict=verdict,
        points=weight * outcome.fraction,
        max_points=weight,
        reason=outcome.reason,
        remediation=(outcome.fix or criterion.remediation) if remediate else "",
        evidence=outcome.evidence,
    )


def score_repository(
    facts: RepoFacts, ctx: ScoringContext, rubric: tuple[Criterion, ...] = RUBRIC
) -> Score:
    """Score one repository's facts; `value` is None when no weight could be assessed."""
    findings = tuple([_finding(criterion, facts, ctx) for criterion in rubric])
    total = sum([float(c.weight) for c in rubric])
    assessed = sum([f.max_points for f in findings])
    earned = sum([f.points for f in findings])
    value = _round_half_up(100.0 * earned / assessed) if assessed > 0 else None
    return Score(
        value=value,
        grade=None if value is None else grade_for(value),
        coverage=assessed / total if total > 0 else 0.0,
        findings=findings,
        rubric_version=rubric_version(rubric, ctx.thresholds),
    )


def rubric_version(rubric: tuple[Criterion, ...], thresholds: Thresholds) -> str:
    """RUBRIC_VERSION for the published rubric; "+custom" once weights or thresholds differ,
    so two scores are only comparable when their versions match."""
    # Identity first: the published rubric is the usual case, and comparing dataclasses field
    # by field on every score is not free.
    if rubric is RUBRIC and thresholds is DEFAULT_THRESHOLDS:
        return RUBRIC_VERSION
    if rubric == RUBRIC and thresholds == DEFAULT_THRESHOLDS:
        return RUBRIC_VERSION
    return RUBRIC_VERSION + CUSTOM_SUFFIX
