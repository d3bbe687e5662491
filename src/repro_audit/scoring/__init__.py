"""Reproducibility scoring: pure judgement of RepoFacts by an explicit, versioned rubric.

Nothing here performs I/O or reads the clock: `ScoringContext.now` is always passed in.
"""

from __future__ import annotations

from repro_audit.scoring.aggregate import (
    FAIL_GRADE,
    GRADE_THRESHOLDS,
    grade_for,
    rubric_version,
    score_repository,
)
from repro_audit.scoring.base import (
    DEFAULT_THRESHOLDS,
    Assessment,
    Criterion,
    Evaluate,
    ScoringContext,
    Thresholds,
)
from repro_audit.scoring.config import (
    DEFAULT_CONFIG,
    RubricConfig,
    RubricConfigError,
    config_from_toml,
)
from repro_audit.scoring.rubric import GROUPS, RUBRIC, RUBRIC_VERSION, group_weights

__all__ = [
    "DEFAULT_CONFIG",
    "DEFAULT_THRESHOLDS",
    "FAIL_GRADE",
    "GRADE_THRESHOLDS",
    "GROUPS",
    "RUBRIC",
    "RUBRIC_VERSION",
    "Assessment",
    "Criterion",
    "Evaluate",
    "RubricConfig",
    "RubricConfigError",
    "ScoringContext",
    "Thresholds",
    "config_from_toml",
    "grade_for",
    "group_weights",
    "rubric_version",
    "score_repository",
]
