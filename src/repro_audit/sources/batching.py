"""Batches that shrink when GitHub cannot answer them: one slow repository costs one `unknown`.

GitHub answers a GraphQL query that takes too long with a 502 ("couldn't respond to your request
in time"), an error list beside partial data, or a secondary rate limit. Retrying the same fifty
repositories meets the same wall, so a failed batch is split in halves and each half asked again
(50 -> 25 -> ... -> 1); only a repository that fails on its own stays unknown. The size that
worked is remembered for the rest of the run, and grows back after a streak of answered batches,
since a random 5xx looks just like a heavy query from here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from repro_audit.models import Existence, RepoFacts

Item = TypeVar("Item")
Result = TypeVar("Result")

GROW_AFTER = 4
"""Answered batches in a row at the remembered size before it is doubled again."""

OUTAGE_AFTER = 16
"""Whole-batch failures in a row across the run, with no answer between them, that mean GitHub
is down rather than one query too heavy: splitting then stops until something is answered, so
an outage costs about this many asks more than before, not a split of every batch. Halving 50
down to one slow repository fails at most 7 times in a row; two batches in flight, 14."""

_SPLITTABLE = (
    "GitHub server error",  # 5xx, GitHub's heavy-query 502 among them
    "GitHub GraphQL timed out",  # our read timeout: the query outlasted it
    "GitHub GraphQL unreachable",  # a connection dropped mid-answer
    "GitHub GraphQL answered with",  # a body cut short
    "rate limited (secondary",  # too much at once: smaller queries cost less
    "GraphQL error",  # an error list: partial data, or none (a query too large)
)


def worth_splitting(reason: str) -> bool:
    """Whether a failure's reason is one a smaller query may not meet (not a spent budget)."""
    return reason.startswith(_SPLITTABLE)


def failed_in_batch(facts: RepoFacts) -> bool:
    """Whether these facts are a batch failure that a smaller batch may cure."""
    return facts.existence is Existence.UNKNOWN and worth_splitting(facts.reason)


class BatchSize:
    """The batch size this run found to work; shared by every batch in flight (thread-safe)."""

    def __init__(self, largest: int, grow_after: int = GROW_AFTER) -> None:
        self.largest = max(1, largest)
        self._size = self.largest
        self._streak = 0
        self._grow_after = grow_after
        self._failures = 0  # whole-batch failures since the last answer, run-wide
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """How many items the next batch should hold."""
        with self._lock:
            return self._size

    def failed_whole(self) -> None:
        """Count a batch that failed whole."""
        with self._lock:
            self._failures += 1

    @property
    def outage(self) -> bool:
        """Whether so many batches failed whole in a row that splitting no longer helps."""
        with self._lock:
            return self._failures >= OUTAGE_AFTER

    def too_heavy(self, size: int) -> None:
        """A batch of `size` failed whole while both its halves were answered: it was too much
        at once, so batches hold at most a half from now on."""
        with self._lock:
            self._size = max(1, min(self._size, (size + 1) // 2))
            self._streak = 0

    def answered(self, size: int) -> None:
        """A batch of `size` items was answered; a streak at the current size doubles it."""
        with self._lock:
            self._failures = 0
            if size < self._size or self._size >= self.largest:
                return
            self._streak += 1
            if self._streak >= self._grow_after:
                self._size, self._streak = min(self.largest, self._size * 2), 0


@dataclass(slots=True)
class _Split:
    """A batch that failed whole, waiting for its two halves to be answered."""

    size: int
    halves_left: int = 2
    clean: bool = True  # no half failed again: the batch was too heavy, not one of its items


def ask_in_halves(
    ask: Callable[[Sequence[Item]], list[tuple[Result, bool]]],
    items: Sequence[Item],
    size: BatchSize,
) -> list[Result]:
    """`ask` every item in batches of `size`, results in the items' order.

    `ask` gives, per item, its result and whether it failed in a way a smaller batch may cure.
    A batch that failed whole is split in halves (unless OUTAGE_AFTER batches in a row
    failed whole); when both halves are then answered, the
    batch was too heavy and the remembered size shrinks, while a half failing again points at
    a slow item instead (no lesson). Items that failed beside answered ones are asked again
    together. An item that fails alone keeps the result its own batch gave, so none is lost.
    """
    results: dict[int, Result] = {}
    failures: dict[int, Result] = {}  # what an item still to ask again got last time
    retries: list[tuple[list[int], _Split | None]] = []  # asked before any fresh batch
    cursor = 0
    while retries or cursor < len(items):
        if retries:
            batch, parent = retries.pop(0)
            if size.outage:  # halves would fail as well: the last failure stands
                results.update((index, failures[index]) for index in batch)
                continue
        else:  # fresh items at the size remembered now, which other batches may have changed
            batch, parent = list(range(cursor, min(cursor + size.size, len(items)))), None
            cursor += len(batch)
        answers = ask([items[index] for index in batch])
        again = [index for index, (_, retry) in zip(batch, answers, strict=True) if retry]
        for index, (result, retry) in zip(batch, answers, strict=True):
            if not retry or len(batch) == 1:
                results[index] = result
            else:
                failures[index] = result
        if not again:
            size.answered(len(batch))
            if parent is not None:
                parent.halves_left -= 1
                if parent.halves_left == 0 and parent.clean:
                    size.too_heavy(parent.size)
            continue
        if parent is not None:
            parent.clean = False
        if len(batch) == 1:
            size.failed_whole()
            continue
        if len(again) == len(batch):
            size.failed_whole()
            split, half = _Split(len(batch)), (len(batch) + 1) // 2
            retries[:0] = [(batch[:half], split), (batch[half:], split)]
        else:
            retries.insert(0, (again, None))
    return [results[index] for index in range(len(items))]
