"""A clone's snapshot mapped onto the facts: a cut clone is a cut listing, said the one way
(`listing_cut_at`) a truncated REST tree says it, so scoring has one rule for both."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.scoring.tree import listing_cut
from repro_audit.sources.gitclone import MAX_TREE_ENTRIES, GitSnapshot
from repro_audit.sources.gitfacts import with_snapshot

WHEN = datetime(2025, 10, 1, tzinfo=UTC)
BASE = RepoFacts(ref=RepoRef("github.com", "lab", "x"), existence=Existence.EXISTS)


def _snapshot(depth: int | None, cut_at: int | None) -> GitSnapshot:
    paths = ("README.md", "src/a.py")
    return GitSnapshot(False, "main", WHEN, ("README.md", "src/"), paths, (WHEN,), 1,
                       paths_depth=depth, listing_cut_at=cut_at)  # fmt: skip


@pytest.mark.parametrize(
    ("depth", "cut_at", "said", "gap"),
    [
        (None, None, None, None),
        (8, MAX_TREE_ENTRIES, f"listing cut at {MAX_TREE_ENTRIES:,} entries",
         f"file listing cut at {MAX_TREE_ENTRIES:,} entries (2 files, whole 8 levels deep)"),
    ],
)  # fmt: skip
def test_a_cut_clone_sets_listing_cut_at(
    depth: int | None, cut_at: int | None, said: str | None, gap: str | None
) -> None:
    facts = with_snapshot(BASE, _snapshot(depth, cut_at), "git")
    assert (facts.listing_cut_at, facts.paths_depth) == (cut_at, depth)
    assert listing_cut(facts) == said
    assert [g for g in facts.gaps if "listing" in g] == ([gap] if gap else [])
