"""Bounded parallelism for every fan-out of requests: a few in flight, prompt to stop.

On any error (or Ctrl-C) nothing new starts and queued work is cancelled, so an interrupted run
ends at once instead of working through its queue.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def run_bounded(work: Callable[[T], None], items: Sequence[T], parallel: int) -> None:
    """Run `work` over items, `parallel` at a time. After any error (or Ctrl-C) nothing new
    starts, so an interrupted run stops promptly instead of working through the queue."""
    stop = threading.Event()

    def guarded(item: T) -> None:
        if stop.is_set():
            return
        try:
            work(item)
        except BaseException:
            stop.set()
            raise

    pool = ThreadPoolExecutor(max_workers=max(1, parallel))
    try:
        for future in [pool.submit(guarded, item) for item in items]:
            future.result()
    except BaseException:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def map_unique(
    work: Callable[[K], V],
    keys: Iterable[K],
    parallel: int,
    on_result: Callable[[K, V], None] | None = None,
) -> dict[K, V]:
    """`work` once per distinct key, `parallel` at a time; results keyed, `on_result` as each
    arrives (called under a lock, so callers need none of their own)."""
    results: dict[K, V] = {}
    lock = threading.Lock()

    def one(key: K) -> None:
        value = work(key)
        with lock:
            results[key] = value
            if on_result is not None:
                on_result(key, value)

    run_bounded(one, list(dict.fromkeys(keys)), parallel)
    return results
