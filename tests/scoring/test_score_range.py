"""Honest uncertainty: unknown criteria leave the score but bound it, and the grade is given only
when the whole range earns the same letter."""

from __future__ import annotations

import pytest

from repro_audit.models import Existence, RepoFacts, Verdict
from repro_audit.scoring import RUBRIC, grade_for, score_repository
from tests.scoring.facts import CTX, facts

WEIGHT = {c.id: c.weight for c in RUBRIC}


@pytest.mark.parametrize(
    ("repo", "spread", "graded"),
    [
        (facts(), False, True),  # everything known: one number
        (facts(stars=None, forks=None), True, True),  # community unknown: 3 points, still A
        (
            facts(readme_text=None, file_texts=None, gaps=("README text: rate limited",)),
            True,
            False,
        ),
        (facts(existence=Existence.UNKNOWN, reason="rate limited"), False, False),  # no score
    ],
    ids=["known", "stars-unknown", "texts-unknown", "nothing-known"],
)
def test_the_range_bounds_what_unknown_criteria_could_do(
    repo: RepoFacts, spread: bool, graded: bool
) -> None:
    score = score_repository(repo, CTX)
    unknown = sum(WEIGHT[f.criterion] for f in score.findings if f.verdict is Verdict.UNKNOWN)
    earned = sum(f.points for f in score.findings)
    assessed = sum(f.max_points for f in score.findings)
    if score.value is None:
        assert (score.low, score.high, score.grade) == (None, None, None) or unknown > 0
        return
    assert score.low is not None and score.high is not None
    assert score.low <= score.value <= score.high
    assert (score.low != score.high) is spread
    if spread:
        assert score.low == round(100 * earned / (assessed + unknown))
        assert score.high == round(100 * (earned + unknown) / (assessed + unknown))
    assert (score.grade is not None) is graded
    if graded:
        assert score.grade == grade_for(score.low) == grade_for(score.high)


def test_grade_is_withheld_only_when_the_range_crosses_a_boundary() -> None:
    score = score_repository(facts(readme_text=None, file_texts=None), CTX)
    assert score.low is not None and score.high is not None
    assert grade_for(score.low) != grade_for(score.high)
    assert score.grade is None and score.value is not None
