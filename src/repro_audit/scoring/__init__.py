"""Reproducibility scoring: pure judgement of RepoFacts by an explicit, versioned rubric.

Nothing here performs I/O or reads the clock: `ScoringContext.now` is always passed in.
The names below are loaded on first use (PEP 562), so reading `scoring.tomlcompat` for the
ignore list does not build the rubric.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repro_audit.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "Assessment": "base",
    "Criterion": "base",
    "DEFAULT_CONFIG": "config",
    "DEFAULT_THRESHOLDS": "base",
    "Evaluate": "base",
    "FAIL_GRADE": "aggregate",
    "GRADE_THRESHOLDS": "aggregate",
    "GROUPS": "rubric",
    "RUBRIC": "rubric",
    "RUBRIC_VERSION": "rubric",
    "RubricConfig": "config",
    "RubricConfigError": "config",
    "ScoringContext": "base",
    "Thresholds": "base",
    "config_from_toml": "config",
    "grade_for": "aggregate",
    "group_weights": "rubric",
    "rubric_version": "aggregate",
    "score_repository": "aggregate",
}

__getattr__ = lazy_exports(__name__, _HOMES)

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
