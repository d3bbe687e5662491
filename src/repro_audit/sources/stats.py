"""Counts of the requests this run made, kept by the clients themselves (thread-safe)."""

from __future__ import annotations

import threading

from repro_audit.models import RequestStats


class RequestCounter:
    """Counts requests by kind; the report shows them, tests compare them with the server log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = {"graphql": 0, "rest": 0, "git": 0, "cached": 0, "not_modified": 0}

    def add(self, kind: str, count: int = 1) -> None:
        """Record `count` requests of `kind` ("graphql", "rest", "git"; "cached" for cache hits;
        "not_modified" for a REST 304, which is asked but spends no budget)."""
        with self._lock:
            self._counts[kind] += count

    def snapshot(self) -> RequestStats:
        """The counts so far, as plain data."""
        with self._lock:
            return RequestStats(**self._counts)
