"""Opening a SQLite store that several runs may open at the same moment.

Switching a new database to the WAL journal can fail at once with "database is locked": SQLite's
busy handler does not wait for that step. Both caches open through here, so both wait for it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

OPEN_WAIT_SECONDS = 30.0


def open_shared_database(
    path: Path, prepare: Callable[[sqlite3.Connection], None]
) -> sqlite3.Connection:
    """A connection whose `prepare` (journal mode, schema; repeatable) has run, retried while
    another run holds the lock, for up to OPEN_WAIT_SECONDS."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database = sqlite3.connect(str(path), timeout=OPEN_WAIT_SECONDS, check_same_thread=False)
    deadline = time.monotonic() + OPEN_WAIT_SECONDS
    while True:
        try:
            database.execute(f"PRAGMA busy_timeout={int(OPEN_WAIT_SECONDS * 1000)}")
            database.execute("PRAGMA journal_mode=WAL")
            prepare(database)
            return database
        except sqlite3.OperationalError as error:
            if database.in_transaction:
                database.rollback()
            if "locked" not in str(error) or time.monotonic() > deadline:
                database.close()
                raise
            time.sleep(0.02)
