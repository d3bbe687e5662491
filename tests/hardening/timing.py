"""Timing for the tests that compare how long a text of N and of 4N units takes to read."""

from __future__ import annotations

import time
from collections.abc import Callable


def best_time(run: Callable[[], object], tries: int = 3) -> float:
    """The shortest of `tries` runs, in seconds: the least disturbed by a busy machine."""
    best = float("inf")
    for _ in range(tries):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best
