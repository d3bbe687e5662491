"""Batches that split when GitHub cannot answer them (pure: the asking is a local function)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.sources.batching import (
    OUTAGE_AFTER,
    BatchSize,
    ask_in_halves,
    failed_in_batch,
)


def asker(slow: set[int], cost_limit: int | None = None) -> tuple[list[list[int]], object]:
    """An `ask` that fails a whole batch holding a slow item or costing more than the limit
    (one unit per item), and a log of the batches it was given."""
    log: list[list[int]] = []

    def ask(items: Sequence[int]) -> list[tuple[str, bool]]:
        log.append(list(items))
        heavy = cost_limit is not None and len(items) > cost_limit
        if heavy or slow & set(items):
            return [(f"unknown {item}", True) for item in items]
        return [(f"ok {item}", False) for item in items]

    return log, ask


@pytest.mark.parametrize(
    ("items", "slow", "start", "expected_unknown", "max_requests"),
    [
        (50, set(), 50, 0, 1),
        (50, {17}, 50, 1, 1 + 2 * 6),  # each level: the failed half splits, the other answers
        (50, {3, 40}, 50, 2, 1 + 2 * 12),
        (1, {0}, 50, 1, 1),  # alone, a failure is its own answer
        (7, {6}, 4, 1, 2 + 2 * 2),
    ],
)
def test_one_slow_item_costs_one_unknown(
    items: int, slow: set[int], start: int, expected_unknown: int, max_requests: int
) -> None:
    log, ask = asker(slow)
    size = BatchSize(start)
    results = ask_in_halves(ask, list(range(items)), size)  # type: ignore[arg-type]
    assert size.size == start  # a slow item teaches nothing about the size
    assert results == [f"{'unknown' if i in slow else 'ok'} {i}" for i in range(items)]
    assert sum(r.startswith("unknown") for r in results) == expected_unknown
    assert len(log) <= max_requests
    assert all([item] in log for item in slow)  # each slow item was finally asked alone


def test_the_size_that_worked_is_remembered_for_later_batches() -> None:
    log, ask = asker(set(), cost_limit=12)
    size = BatchSize(50, grow_after=100)
    assert ask_in_halves(ask, list(range(200)), size) == [f"ok {i}" for i in range(200)]  # type: ignore[arg-type]
    # 50 failed, so did both 25s, then 13 failed while its halves (7, 6) and 12 were answered:
    # a batch of 13 was too heavy, so batches hold 7 from then on and none fails again
    assert size.size == 7
    failed = [len(batch) for batch in log if len(batch) > 12]
    assert failed == [50, 25, 13, 25, 13] or failed == [50, 25, 13, 25]
    assert len(log) <= len(failed) + 200 // 7 + 8


def test_partial_failures_are_asked_again_together() -> None:
    calls: list[list[int]] = []

    def ask(items: Sequence[int]) -> list[tuple[int, bool]]:
        calls.append(list(items))
        first = len(calls) == 1
        return [(item, first and item % 10 == 0) for item in items]

    assert ask_in_halves(ask, list(range(30)), BatchSize(50)) == list(range(30))
    assert calls == [list(range(30)), [0, 10, 20]]


def test_a_size_grows_back_after_a_streak() -> None:
    size = BatchSize(40, grow_after=2)
    size.too_heavy(40)
    size.too_heavy(20)
    assert size.size == 10
    for _ in range(2):
        size.answered(10)
    assert size.size == 20
    size.answered(5)  # a smaller batch says nothing about the current size
    assert size.size == 20


@pytest.mark.parametrize(
    ("reason", "split"),
    [
        ("GitHub server error (HTTP 502): We couldn't respond to your request in time.", True),
        ("GitHub GraphQL timed out", True),
        ("rate limited (secondary limit, HTTP 403)", True),
        ("GraphQL error: Something went wrong while executing your query (timeout)", True),
        ("rate limited (primary limit reached)", False),
        ("not found on GitHub (404)", False),
    ],
)
def test_which_failures_a_smaller_batch_may_cure(reason: str, split: bool) -> None:
    facts = RepoFacts(
        ref=RepoRef("github.com", "a", "b"), existence=Existence.UNKNOWN, reason=reason
    )
    assert failed_in_batch(facts) is split


def test_an_outage_stops_the_splitting() -> None:
    log: list[list[int]] = []

    def down(items: Sequence[int]) -> list[tuple[str, bool]]:
        log.append(list(items))
        return [("GitHub server error (HTTP 502)", True) for _ in items]

    results = ask_in_halves(down, list(range(100)), BatchSize(50))
    assert results == ["GitHub server error (HTTP 502)"] * 100
    assert len(log) <= OUTAGE_AFTER + 1  # not the 2 x 100 a split down to singles would cost
