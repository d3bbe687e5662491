"""Literal facts for scoring tests: one well-kept repository, varied per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.scoring import ScoringContext

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)
PAPER = date(2025, 10, 16)
CTX = ScoringContext(now=NOW, paper_date=PAPER)
REF = RepoRef("github.com", "lab", "paper-code")

GOOD = RepoFacts(
    ref=REF,
    existence=Existence.EXISTS,
    canonical="lab/paper-code",
    html_url="https://github.com/lab/paper-code",
    is_private=False,
    is_disabled=False,
    is_archived=False,
    is_fork=False,
    is_empty=False,
    stars=250,
    forks=12,
    has_license=True,
    license_spdx="MIT",
    license_name="MIT License",
    created_at=datetime(2024, 3, 1, tzinfo=timezone.utc),
    pushed_at=datetime(2025, 10, 20, tzinfo=timezone.utc),
    last_commit_at=datetime(2025, 10, 20, 8, 30, tzinfo=timezone.utc),
    default_branch="main",
    root_files=("README.md", "LICENSE", "requirements.txt", "train.py", "src/"),
    via="graphql",
)


def facts(**changes: Any) -> RepoFacts:
    """GOOD with some fields replaced."""
    return replace(GOOD, **changes)


def ctx(paper_date: date | None = PAPER, now: datetime = NOW) -> ScoringContext:
    """A scoring context at the fixed test time."""
    return ScoringContext(now=now, paper_date=paper_date)
