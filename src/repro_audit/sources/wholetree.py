"""Whole file listings with a token, so a train.py four folders down is found on both paths.

GraphQL's first round nests trees three folder levels deep: enough for most repositories at no
extra request. Where it stopped short, one REST request per repository asks for the default
branch's recursive git tree (`git/trees/HEAD?recursive=1`), however deep it goes. When GitHub
says that tree is `truncated` (a monorepo past 100,000 entries), the listing keeps what was
listed and says where it was cut (`RepoFacts.listing_cut_at`); when the request fails, the
three levels stay with a gap naming why. Either way, a file not listed is not a missing file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from repro_audit.models import Existence, RepoFacts
from repro_audit.sources.pool import run_bounded
from repro_audit.sources.rest import TreeListing


def needs_whole_tree(facts: RepoFacts) -> bool:
    """Whether the first round's listing of an existing repository stopped at a depth."""
    return facts.existence is Existence.EXISTS and facts.paths_depth is not None


def with_whole_tree(facts: RepoFacts, listing: TreeListing | str) -> RepoFacts:
    """The facts with the recursive tree's listing, or with a gap saying why it is missing."""
    if isinstance(listing, str):
        gap = f"file listing below {facts.paths_depth} folder levels unknown: {listing}"
        return replace(facts, gaps=(*facts.gaps, gap))
    if not listing.truncated:
        return replace(facts, paths=listing.paths, paths_depth=None, listing_cut_at=None)
    # What the nested round listed is whole down to its depth: kept, beside what the cut tree
    # adds below it; everything deeper that is not listed is unknown.
    known = set(facts.paths or ())
    extra = [path for path in listing.paths if path not in known]
    paths = tuple(sorted((*(facts.paths or ()), *extra)))
    return replace(facts, paths=paths, listing_cut_at=listing.entries)


def complete_trees(
    batch: list[RepoFacts], tree: Callable[[str], TreeListing | str], workers: int
) -> list[RepoFacts]:
    """The batch with every cut listing completed (one `tree` request each, `workers` at a
    time), in the batch's order."""
    cut = [index for index, facts in enumerate(batch) if needs_whole_tree(facts)]
    if not cut:
        return batch
    done = list(batch)

    def one(index: int) -> None:
        facts = batch[index]
        done[index] = with_whole_tree(facts, tree(facts.canonical or facts.ref.slug))

    run_bounded(one, cut, workers)
    return done
