"""Turn a rubric's assessments into one Score: a weighted mean over what could be assessed.

UNKNOWN and NOT_APPLICABLE leave both numerator and denominator, as OpenSSF Scorecard does with
inconclusive checks, so a rate limit can shrink `coverage` but never lower the score. What the
unknown criteria could still do is shown instead: `low`-`high` is the score with each of them
failing or passing, and the grade is given only when that whole range earns the same letter.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from repro_audit.models import Finding, RepoFacts, Score, Verdict
from repro_audit.scoring.base import (
    DEFAULT_THRESHOLDS,
    UNREAD_CLOCK,
    Assessment,
    ClockRead,
    Criterion,
    ScoringContext,
    Thresholds,
)
from repro_audit.scoring.rubric import RUBRIC, RUBRIC_VERSION
from repro_audit.scoring.tree import unless_cut

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


Outcome = tuple[Verdict, float, str, tuple[str, ...], str]
"""An Assessment as plain values (verdict, fraction, reason, evidence, fix): what is remembered
between runs, and what a Finding is built from without an Assessment in between."""


# criterion, id, title, weight, fix, clock, looks for files
_Step = tuple[Criterion, str, str, float, str, bool, bool]
_PLANS: dict[int, tuple[tuple[Criterion, ...], tuple[_Step, ...]]] = {}


def _plan(rubric: tuple[Criterion, ...]) -> tuple[_Step, ...]:
    """Each criterion's fields as `judge` reads them, once per rubric (kept by identity)."""
    held = _PLANS.get(id(rubric))
    if held is None or held[0] is not rubric:
        steps = tuple(
            (
                c,
                c.id,
                c.title,
                float(c.weight),
                c.remediation,
                c.reads_clock or c.reads_archive,
                c.looks_for_files,
            )
            for c in rubric
        )
        held = _PLANS[id(rubric)] = (rubric, steps)
    return held[1]


def judge(
    facts: RepoFacts,
    ctx: ScoringContext,
    rubric: tuple[Criterion, ...] = RUBRIC,
    known: Mapping[str, Outcome] | None = None,
) -> tuple[Score, dict[str, Outcome]]:
    """The score, and the outcomes judged now without reading the clock: what a store may
    remember, since they depend on the facts, the paper's date and the thresholds alone.

    A criterion is first judged with UNREAD_CLOCK for `now`; if it asks for the time, it is
    judged again with the real one, and that outcome is not remembered. Criteria flagged
    `reads_clock` always ask, so they skip the first try, and so do those flagged
    `reads_archive`, which are never remembered either. `known` outcomes (by criterion id)
    of the others are taken as they are.
    """
    timeless = ScoringContext(UNREAD_CLOCK, ctx.paper_date, ctx.thresholds)  # not replace(): 3x
    judged: dict[str, Outcome] = {}
    findings = []
    # One loop, no call per finding: 133,000 findings for 10,000 repositories.
    for criterion, key, title, weight, remediation, clock, looks in _plan(rubric):
        outcome = None if clock or known is None else known.get(key)
        if outcome is None:
            a = None if clock else _without_clock(criterion, facts, timeless)
            timeless_outcome = a is not None
            if a is None:
                a = criterion.evaluate(facts, ctx)
            if looks and a.verdict is Verdict.FAIL:
                a = unless_cut(a, facts)  # a file not in a cut listing may lie below the cut
            outcome = (a.verdict, a.fraction, a.reason, a.evidence, a.fix)
            if timeless_outcome:
                judged[key] = outcome
        verdict, fraction, reason, evidence, fix = outcome
        # Identity, not set membership: hashing an Enum member runs Python code.
        if verdict is Verdict.FAIL or verdict is Verdict.PARTIAL:
            findings.append(
                Finding(key, title, verdict, weight * fraction, weight, reason,
                        fix or remediation, evidence)
            )  # fmt: skip
        elif verdict is Verdict.PASS:
            findings.append(Finding(key, title, verdict, weight, weight, reason, "", evidence))
        else:
            findings.append(Finding(key, title, verdict, 0.0, 0.0, reason, "", evidence))
    return _weighed(tuple(findings), rubric, ctx.thresholds), judged


def _without_clock(
    criterion: Criterion, facts: RepoFacts, timeless: ScoringContext
) -> Assessment | None:
    """The outcome when the criterion did not ask for the time; None when it did."""
    try:
        return criterion.evaluate(facts, timeless)
    except ClockRead:
        return None


def _weighed(
    findings: tuple[Finding, ...], rubric: tuple[Criterion, ...], thresholds: Thresholds
) -> Score:
    total = sum([float(c.weight) for c in rubric])
    assessed = sum([f.max_points for f in findings])
    earned = sum([f.points for f in findings])
    value = _round_half_up(100.0 * earned / assessed) if assessed > 0 else None
    unknown = sum(
        [
            float(c.weight)
            for c, f in zip(rubric, findings, strict=True)
            if f.verdict is Verdict.UNKNOWN
        ]
    )
    low, high = value, value
    if unknown > 0:
        low = _round_half_up(100.0 * earned / (assessed + unknown))
        high = _round_half_up(100.0 * (earned + unknown) / (assessed + unknown))
    grade = None
    if value is not None and low is not None and high is not None:
        grade = grade_for(value) if grade_for(low) == grade_for(high) else None
    return Score(
        value=value,
        grade=grade,
        coverage=assessed / total if total > 0 else 0.0,
        findings=findings,
        rubric_version=rubric_version(rubric, thresholds),
        low=low,
        high=high,
    )


def score_repository(
    facts: RepoFacts, ctx: ScoringContext, rubric: tuple[Criterion, ...] = RUBRIC
) -> Score:
    """Score one repository's facts; `value` is None when no weight could be assessed."""
    return judge(facts, ctx, rubric)[0]


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
