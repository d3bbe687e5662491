"""Bounded fan-out: every distinct key once, and nothing new starts after a failure."""

from __future__ import annotations

import threading

import pytest

from repro_audit.sources.pool import map_unique, run_bounded


def test_map_unique_asks_each_key_once() -> None:
    asked: list[str] = []
    lock = threading.Lock()

    def work(key: str) -> int:
        with lock:
            asked.append(key)
        return len(key)

    seen: list[tuple[str, int]] = []
    result = map_unique(work, ["a", "bb", "a", "ccc", "bb"], 3, lambda k, v: seen.append((k, v)))
    assert result == {"a": 1, "bb": 2, "ccc": 3}
    assert sorted(asked) == ["a", "bb", "ccc"]
    assert sorted(seen) == [("a", 1), ("bb", 2), ("ccc", 3)]


def test_nothing_new_starts_after_a_failure() -> None:
    started: list[int] = []

    def work(item: int) -> None:
        started.append(item)
        if item == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_bounded(work, list(range(10)), 1)
    assert started == [0, 1, 2]
