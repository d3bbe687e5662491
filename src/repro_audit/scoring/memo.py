"""A cache for questions every criterion asks of one repository's facts, one after the other.

`functools.lru_cache` hashes its argument on every call, and hashing a RepoFacts hashes every
path it lists. The criteria of one score ask about the same facts object in turn, so the last
answer is kept by identity (no hashing at all) in front of a small lru_cache for the rest.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class PerFacts(Generic[K, V]):
    """`function(key)` remembered: the last key by identity, recent ones by equality.

    Only for pure functions of immutable keys (frozen facts, trees): an object that is the same
    object always gets the same answer.
    """

    def __init__(self, function: Callable[[K], V], maxsize: int) -> None:
        self._cached = functools.lru_cache(maxsize=maxsize)(function)
        self._last: tuple[K, V] | None = None
        self.__doc__ = function.__doc__
        self.__wrapped__ = function

    def __call__(self, key: K) -> V:
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] is key:
            return last[1]
        value = self._cached(key)
        self._last = (key, value)
        return value

    def cache_clear(self) -> None:
        """Forget every answer (tests time a cold start with it)."""
        self._cached.cache_clear()
        self._last = None


def per_facts(maxsize: int) -> Callable[[Callable[[K], V]], PerFacts[K, V]]:
    """Decorator form of PerFacts."""

    def decorate(function: Callable[[K], V]) -> PerFacts[K, V]:
        return PerFacts(function, maxsize)

    return decorate
