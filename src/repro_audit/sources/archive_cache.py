"""Software Heritage answers kept between runs, like GitHub's facts: answers only, never errors.

A separate SQLite file beside the facts cache (its schema is the facts cache's own business);
keys carry the API URL, so an emulator's or a mirror's answers never mix with the archive's.
Only "archived" and "not archived" are stored: an unknown (rate limit, 5xx, refused host) is
asked again next run. No token is ever stored.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import orjson

from repro_audit.models import ArchiveFacts, ArchiveState
from repro_audit.sources.pool import map_unique
from repro_audit.sources.sqlite_store import open_shared_database
from repro_audit.sources.swh import SwhClient, SwhOptions
from repro_audit.sources.timeparse import parse_github_time

ARCHIVE_CACHE_FILE = "archive-v1.sqlite3"
_STORED = frozenset({ArchiveState.ARCHIVED, ArchiveState.NOT_ARCHIVED})


def encode(facts: ArchiveFacts) -> bytes:
    """The facts as stored: plain JSON."""
    visited = None if facts.visited_at is None else facts.visited_at.isoformat()
    return orjson.dumps(
        {
            "origin": facts.origin,
            "state": facts.state.value,
            "url": facts.url,
            "swhid": facts.swhid,
            "visited_at": visited,
            "reason": facts.reason,
        }
    )


def decode(data: bytes | str) -> ArchiveFacts:
    """The inverse of `encode`; raises ValueError/KeyError/TypeError on a foreign shape."""
    value = orjson.loads(data)
    visited = value["visited_at"]
    return ArchiveFacts(
        origin=str(value["origin"]),
        state=ArchiveState(value["state"]),
        url=value["url"],
        swhid=value["swhid"],
        visited_at=None if visited is None else parse_github_time(visited),
        reason=str(value["reason"]),
    )


def _create_table(database: sqlite3.Connection) -> None:
    """The one table, if missing."""
    with database:
        database.execute(
            "CREATE TABLE IF NOT EXISTS archive (scope TEXT NOT NULL, origin TEXT NOT NULL, "
            "fetched_at REAL NOT NULL, data TEXT NOT NULL, PRIMARY KEY (scope, origin))"
        )


class ArchiveCache:
    """SQLite store of ArchiveFacts per (API URL, origin), committed as each answer arrives."""

    def __init__(self, path: Path, max_age: float, clock: Callable[[], float] = time.time) -> None:
        self.max_age = max_age
        self._clock = clock
        self._lock = threading.Lock()
        self._db = open_shared_database(path, _create_table)

    def get_many(self, scope: str, origins: Iterable[str]) -> dict[str, ArchiveFacts]:
        """Fresh stored answers for the origins that have one."""
        oldest = self._clock() - self.max_age
        found: dict[str, ArchiveFacts] = {}
        wanted = list(dict.fromkeys(origins))
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" for _ in chunk)
                rows = self._db.execute(
                    f"SELECT origin, data FROM archive WHERE scope = ? AND fetched_at >= ? "
                    f"AND origin IN ({marks})",
                    (scope, oldest, *chunk),
                ).fetchall()
                for origin, data in rows:
                    try:
                        found[origin] = decode(data)
                    except (ValueError, KeyError, TypeError):
                        continue  # another version's row: ask again
        return found

    def put(self, scope: str, facts: ArchiveFacts) -> bool:
        """Store an answer; False (nothing stored) for an unknown."""
        if facts.state not in _STORED:
            return False
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO archive (scope, origin, fetched_at, data) "
                "VALUES (?, ?, ?, ?)",
                (scope, facts.origin, self._clock(), encode(facts).decode("utf-8")),
            )
        return True

    def close(self) -> None:
        """Close the database; safe to call twice."""
        with self._lock:
            self._db.close()


class ArchiveSource:
    """Software Heritage for a run: cached answers first, the API for the rest, counted."""

    def __init__(self, options: SwhOptions, cache: ArchiveCache | None = None) -> None:
        self._lock = threading.Lock()
        self._requests = 0
        self.client = SwhClient(options, on_request=self._count)
        self.cache = cache
        self.cache_hits = 0

    def _count(self) -> None:
        with self._lock:
            self._requests += 1

    @property
    def requests(self) -> int:
        """API requests made so far (reads and save requests)."""
        with self._lock:
            return self._requests

    def look_up(self, origins: Iterable[str]) -> tuple[dict[str, ArchiveFacts], list[str]]:
        """Every origin's archive facts (fresh cached ones, else asked and stored), and a note
        when some got no answer."""
        wanted = list(dict.fromkeys(origins))
        scope = self.client.options.api_url
        cache = self.cache
        found = cache.get_many(scope, wanted) if cache is not None else {}
        self.cache_hits += len(found)

        def keep(origin: str, facts: ArchiveFacts) -> None:
            found[origin] = facts
            if cache is not None:
                cache.put(scope, facts)

        todo = [origin for origin in wanted if origin not in found]
        map_unique(self.client.lookup, todo, self.client.options.workers, on_result=keep)
        failed = [found[o] for o in todo if o in found and found[o].state is ArchiveState.UNKNOWN]
        notes = []
        if failed:
            notes.append(
                f"Software Heritage: {len(failed)} of {len(wanted)} look-ups got no answer "
                f"(first: {failed[0].reason}); their archive status is unknown"
            )
        return {origin: found[origin] for origin in wanted if origin in found}, notes

    def close(self) -> None:
        """Close the cache, if any."""
        if self.cache is not None:
            self.cache.close()
