"""Reproducibility scoring: pure judgement of RepoFacts by an explicit, versioned rubric.

Nothing here performs I/O or reads the clock: `ScoringContext.now` is always passed in.
"""

from __future__ import annotations

from repro_audit.scoring.aggregate import (
    FAIL_GRADE,
    GRADE_THRESHOLDS,
    grade_for,
    score_repository,
)
from repro_audit.scoring.base import Assessment, Criterion, Evaluate, ScoringContext
from repro_audit.scoring.rubric import RUBRIC, RUBRIC_VERSION

__all__ = [
    "FAIL_GRADE",
    "GRADE_THRESHOLDS",
    "RUBRIC",
    "RUBRIC_VERSION",
    "Assessment",
    "Criterion",
    "Evaluate",
    "ScoringContext",
    "grade_for",
    "score_repository",
]
