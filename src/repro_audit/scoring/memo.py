"""A cache for questions every criterion asks of one repository's facts, one after the other.

Keyed by identity alone: hashing a RepoFacts hashes every path it lists and its whole README,
which cost more than a tree build (measured: 13 µs a repository, a third of the work left once
earlier outcomes are recalled). Facts are immutable and each is judged in one go, so the same
object asked again is the only hit worth having; an equal copy is simply answered again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PerFacts(Generic[K, V]):
    """`function(key)` remembered for the last `maxsize` key objects, by identity.

    Only for pure functions of immutable keys (frozen facts, trees). Each key is held while it
    is remembered, so its id cannot be reused by another object meanwhile.
    """

    def __init__(self, function: Callable[[K], V], maxsize: int) -> None:
        self._function = function
        self._maxsize = max(1, maxsize)
        # oldest first; OrderedDict, as a dict's first key is slow to find after many deletions
        self._held: OrderedDict[int, tuple[K, V]] = OrderedDict()
        self._lock = threading.Lock()
        self._last: tuple[K, V] | None = None
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def __call__(self, key: K) -> V:
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] is key:
            return last[1]
        held = self._held.get(id(key))
        if held is not None and held[0] is key:
            value = held[1]
        else:
            value = self._function(key)
            with self._lock:
                self._held[id(key)] = (key, value)
                while len(self._held) > self._maxsize:
                    self._held.popitem(last=False)
        self._last = (key, value)
        return value

    def cache_clear(self) -> None:
        """Forget every answer (tests time a cold start with it)."""
        with self._lock:
            self._held.clear()
            self._last = None


def per_facts(maxsize: int) -> Callable[[Callable[[K], V]], PerFacts[K, V]]:
    """Decorator form of PerFacts."""

    def decorate(function: Callable[[K], V]) -> PerFacts[K, V]:
        return PerFacts(function, maxsize)

    return decorate
