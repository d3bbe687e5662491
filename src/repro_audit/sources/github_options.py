"""What a GitHub fetch is asked to do and how far it is: plain data, light to import (the
progress bar and `audit --help` need these names without loading the GitHub clients)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from repro_audit.models import RepoRef
from repro_audit.sources.retry import RetryPolicy

__all__ = ["FetchOptions", "Progress", "unique_refs"]


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Knobs for asking GitHub: batch size, parallelism, time limits and the retry policy."""

    batch_size: int = 50
    workers: int = 4  # REST + git requests in flight
    probes: int = 8  # re-checks of cached dead links in flight: one small GET each, no clone
    graphql_parallel: int = 2  # GraphQL batches in flight: few, so secondary limits stay quiet
    timeout: float = 30.0
    git_timeout: float = 60.0
    use_git: bool = True
    read_texts: bool = True
    # False: a batch GitHub cannot answer is unknown whole and trees stay at three levels, as
    # before batches were split and trees completed (bench/bench_heavy_queries.py's baseline)
    split_batches: bool = True
    offline: bool = False  # answer from the cache only; the rest is `unknown (offline)`
    policy: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a fetch is, for a progress bar."""

    done: int
    total: int
    requests: int
    cache_hits: int
    rate_remaining: int | None


def unique_refs(refs: Iterable[RepoRef]) -> list[RepoRef]:
    """Each repository once (names ignore case), in first-seen order."""
    seen: dict[str, RepoRef] = {}
    for ref in refs:
        seen.setdefault(ref.key, ref)
    return list(seen.values())
