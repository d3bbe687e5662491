"""The vocabulary of the rubric: a criterion is data plus one small pure function.

Keeping rationale and remediation beside the function means `--explain`, the markdown legend and
the docs all read the same text, and a criterion can be tested from literals alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from repro_audit.models import RepoFacts, Verdict

_ASSESSED = frozenset({Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL})


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """What a judgement may depend on besides the facts; time is injected, never read."""

    now: datetime
    paper_date: date | None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One criterion's outcome before weighting; `fraction` is the share of the weight earned."""

    verdict: Verdict
    fraction: float
    reason: str
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Reject inconsistent outcomes early: a PASS that earns half would silently skew scores.
        if not 0.0 <= self.fraction <= 1.0:
            raise ValueError(f"fraction must be within 0..1, got {self.fraction}")
        expected = {Verdict.PASS: 1.0, Verdict.FAIL: 0.0}.get(self.verdict)
        if expected is not None and self.fraction != expected:
            raise ValueError(f"{self.verdict.value} must have fraction {expected}")
        if self.verdict not in _ASSESSED and self.fraction != 0.0:
            raise ValueError(f"{self.verdict.value} earns nothing; fraction must be 0")

    @property
    def assessed(self) -> bool:
        """True when the outcome counts towards the score (PASS, PARTIAL or FAIL)."""
        return self.verdict in _ASSESSED


Evaluate = Callable[[RepoFacts, ScoringContext], Assessment]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One row of the rubric: what is checked, how much it weighs, why, and how to fix it."""

    id: str
    title: str
    weight: float
    rationale: str
    remediation: str
    evaluate: Evaluate

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError(f"criterion {self.id!r} needs a positive weight")


def passed(reason: str, *evidence: str) -> Assessment:
    """A full-credit outcome."""
    return Assessment(Verdict.PASS, 1.0, reason, evidence)


def partial(fraction: float, reason: str, *evidence: str) -> Assessment:
    """Part of the credit; `fraction` strictly between 0 and 1 keeps PASS and FAIL distinct."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"a partial outcome needs 0 < fraction < 1, got {fraction}")
    return Assessment(Verdict.PARTIAL, fraction, reason, evidence)


def failed(reason: str, *evidence: str) -> Assessment:
    """No credit, and the weight still counts: the fact is known and bad."""
    return Assessment(Verdict.FAIL, 0.0, reason, evidence)


def unknown(reason: str, *evidence: str) -> Assessment:
    """Left out of numerator and denominator: a missing fact is never a failure."""
    return Assessment(Verdict.UNKNOWN, 0.0, reason, evidence)


def not_applicable(reason: str, *evidence: str) -> Assessment:
    """Left out of the score because the question does not arise for this repository."""
    return Assessment(Verdict.NOT_APPLICABLE, 0.0, reason, evidence)
