"""An embedded SQLite cache of repository facts, safe to share and to kill at any moment.

Only answers are stored, never errors or unknowns, so a flaky run cannot poison the next one.
Each fact is committed as soon as it arrives (WAL journal), so an interrupted run keeps what it
learned and the next run asks GitHub only about the rest. Keys carry the API URL, so facts from
a GitHub Enterprise server never mix with github.com's. The token is never stored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import orjson
from platformdirs import user_cache_dir

from repro_audit import __version__
from repro_audit.models import Existence, RepoFacts
from repro_audit.scoring.recall import TextsUnreadable
from repro_audit.sources.endpoints import DEFAULT_MAX_AGE
from repro_audit.sources.factcodec import encode_split, facts_from_dict, texts_from_dict
from repro_audit.sources.sqlite_store import open_shared_database

SCHEMA_VERSION = 2  # 2: each answer's texts apart, and its fingerprint
OUTCOME_MAX_AGE = 30 * 24 * 3600.0  # remembered outcomes are judged again after this
OUTCOME_BATCH = 256  # outcomes written per transaction: a kill loses at most these

CACHE_FILE = f"facts-v{SCHEMA_VERSION}.sqlite3"
"""One file per schema: an older release sharing the cache folder keeps its own file working."""

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS facts (
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        fetched_at REAL NOT NULL,
        etag TEXT,
        light TEXT NOT NULL,  -- JSON of the facts but HEAVY_FIELDS
        texts TEXT NOT NULL,  -- JSON of HEAVY_FIELDS: a warm run parses them only when it must
        fingerprint BLOB NOT NULL,  -- of the two: what remembered outcomes are keyed by
        PRIMARY KEY (scope, key)
    )""",
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS outcomes (
        content BLOB PRIMARY KEY,
        repo TEXT NOT NULL,
        code TEXT NOT NULL,
        stored_at REAL NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS outcomes_by_repo ON outcomes (repo)",
)
_OUTCOME_COLUMNS = ("content", "repo", "code", "stored_at", "data")
_FACT_COLUMNS = ("scope", "key", "fetched_at", "etag", "light", "texts", "fingerprint")
_DERIVED = {"facts": _FACT_COLUMNS, "outcomes": _OUTCOME_COLUMNS}
"""Tables of another shape (a development version's) are dropped: a cache is rebuilt by asking."""


def cacheable(facts: RepoFacts) -> bool:
    """Complete answers only: an existing repository with no gaps and a file listing (a
    `--no-git` answer would leave a later full run without one), or GitHub's "not found".
    A cached "not found" is never replayed on its own: each run observes it again over git
    (`gitprobe`), so the flake policy still counts one real observation per run."""
    if facts.existence is Existence.MISSING:
        return not facts.gaps
    return facts.existence is Existence.EXISTS and not facts.gaps and facts.root_files is not None


@dataclass(frozen=True, slots=True)
class StoredFacts:
    """Facts read from the cache without HEAVY_FIELDS, with what makes them whole again.

    A warm run scores most repositories from remembered outcomes, which need none of the
    README, file listing and commit dates, and keeps only the light facts for its report; so it
    parses the stored texts only when a criterion is judged again (`full`)."""

    fingerprint: bytes  # as `FactCache.fingerprint` gives it for the whole facts
    light: RepoFacts
    light_text: str  # as stored, to check the texts against the fingerprint
    texts: str  # HEAVY_FIELDS as stored (JSON), not yet parsed

    def full(self) -> RepoFacts:
        """The facts as they were stored; TextsUnreadable when the texts are not those the
        fingerprint was made of (damaged) or cannot be decoded."""
        light, texts = self.light_text.encode("utf-8"), self.texts.encode("utf-8")
        if _fingerprint(light, texts) != self.fingerprint:
            raise TextsUnreadable(f"{_UNREADABLE} (they do not match their fingerprint)")
        try:
            return replace(self.light, **texts_from_dict(orjson.loads(texts)))
        except (ValueError, KeyError, TypeError) as error:
            raise TextsUnreadable(f"{_UNREADABLE} ({error!r:.80})") from None


_UNREADABLE = "README, file listing and commit dates unreadable in the cache"


@dataclass(frozen=True, slots=True)
class CachedFacts:
    """A stored answer, how old it is, and the REST ETag that can revalidate it for free.

    Read `light`, `facts` lacks HEAVY_FIELDS and `stored` has them."""

    facts: RepoFacts
    fetched_at: float
    etag: str | None
    fresh: bool
    stored: StoredFacts | None = None


class FactCache:
    """SQLite-backed store of RepoFacts per (API URL, repository)."""

    def __init__(
        self,
        path: Path,
        max_age: float = DEFAULT_MAX_AGE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.max_age = max_age
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: list[tuple[bytes, str, str, float, bytes]] = []  # outcomes to write
        self._stash: dict[bytes, bytes] = {}  # outcomes read with the last slice of facts
        self._stashed: set[str] = set()  # the repositories of that slice
        self._closed = False
        self._db = open_shared_database(path, self._prepare)

    def _prepare(self, database: sqlite3.Connection) -> None:
        """The schema; every step may be repeated."""
        database.execute("PRAGMA synchronous=NORMAL")
        # One transaction, taken before the shape is looked at: two runs opening one cache
        # never both drop a table, nor one drop what the other has just made.
        database.execute("BEGIN IMMEDIATE")
        try:
            for table, shape in _DERIVED.items():
                columns = [row[1] for row in database.execute(f"PRAGMA table_info({table})")]
                if columns and columns != list(shape):
                    database.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA:
                database.execute(statement)
            database.execute(
                "INSERT OR REPLACE INTO meta (name, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
            database.execute(
                "DELETE FROM outcomes WHERE code != ? OR stored_at < ?",
                (code_version(), self._clock() - OUTCOME_MAX_AGE),
            )
        except BaseException:
            database.rollback()
            raise
        database.commit()

    def get_many(
        self, scope: str, keys: Iterable[str], light: bool = False
    ) -> dict[str, CachedFacts]:
        """Stored facts for the keys that have any; stale ones are returned marked not fresh.
        `light`: without HEAVY_FIELDS, whose stored text `CachedFacts.stored` holds unparsed."""
        found: dict[str, CachedFacts] = {}
        now = self._clock()
        columns = "key, fetched_at, etag, light, texts, fingerprint"
        stored: StoredFacts | None = None
        for key, fetched_at, etag, data, texts, fingerprint in self._select(columns, scope, keys):
            try:
                if light:
                    facts = facts_from_dict(orjson.loads(data))
                    stored = StoredFacts(bytes(fingerprint), facts, data, texts)
                else:
                    facts = facts_from_dict({**orjson.loads(data), **orjson.loads(texts)})
            except (ValueError, KeyError, TypeError):
                continue  # a row from another version: ask again
            fresh = now - fetched_at <= self.max_age
            found[key] = CachedFacts(facts, fetched_at, etag, fresh, stored)
        self._prefetch_outcomes(list(found))
        return found

    def fingerprint(self, facts: RepoFacts) -> bytes | None:
        """A hash of the text these facts are stored as (whether or not they are stored): the
        identity remembered outcomes are keyed by. Facts read back from the cache carry the
        one stored with them (`StoredFacts.fingerprint`), so they are not encoded again."""
        try:
            return _fingerprint(*encode_split(facts))
        except TypeError:
            return None

    def fresh_keys(self, scope: str, keys: Iterable[str]) -> set[str]:
        """Which keys have a fresh answer, without decoding any: for estimates made up front."""
        oldest = self._clock() - self.max_age
        return {key for key, fetched_at in self._select("key, fetched_at", scope, keys)
                if fetched_at >= oldest}  # fmt: skip

    def _select(self, columns: str, scope: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """`columns` of the facts rows for `keys` in `scope`, handed over one row at a time, so
        a large answer's text is let go as soon as it is decoded."""
        return self._rows(f"SELECT {columns} FROM facts WHERE scope = ? AND key", (scope,), keys)

    def _rows(
        self, query: str, leading: tuple[Any, ...], keys: Iterable[str]
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of `query ... IN (keys)`, asked 500 keys at a time (SQLite caps the parameters
        of one statement). Callers consume it whole, under the lock."""
        wanted = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" for _ in chunk)
                yield from self._db.execute(f"{query} IN ({marks})", (*leading, *chunk))

    def put(self, scope: str, facts: RepoFacts, etag: str | None = None) -> bool:
        """Store an answer in one transaction (a kill never leaves half); False when skipped."""
        if not cacheable(facts):
            return False
        light, texts = encode_split(facts)
        row = (light.decode("utf-8"), texts.decode("utf-8"), _fingerprint(light, texts))
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO facts (scope, key, fetched_at, etag, light, texts, "
                "fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (scope, facts.ref.key, self._clock(), etag, *row),
            )
        return True

    def touch(self, scope: str, key: str) -> None:
        """Mark an entry fresh again: GitHub said 304, nothing changed."""
        with self._lock, self._db:
            self._db.execute(
                "UPDATE facts SET fetched_at = ? WHERE scope = ? AND key = ?",
                (self._clock(), scope, key),
            )

    # --- outcomes of the criteria that do not read the clock (scoring.recall) ---------------
    def _prefetch_outcomes(self, repos: list[str]) -> None:
        """Read the outcomes of a slice of repositories in one query, as their facts are read:
        one query a repository costs a thread switch each while probes run (measured: 0.2 s
        of a 10,000-row warm run)."""
        if self._closed:
            return
        query = "SELECT content, data FROM outcomes WHERE code = ? AND repo"
        found = dict(self._rows(query, (code_version(),), repos))
        with self._lock:
            self._stash, self._stashed = found, set(repos)

    def recall(self, repo: str, content: bytes) -> bytes | None:
        """Outcomes this version of the code reached from the same facts in an earlier run."""
        with self._lock:
            if self._closed:
                return None
            if repo in self._stashed:
                return self._stash.pop(content, None)
            row = self._db.execute(
                "SELECT data FROM outcomes WHERE content = ? AND code = ?",
                (content, code_version()),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def remember(self, repo: str, content: bytes, data: bytes) -> None:
        """Keep outcomes, written OUTCOME_BATCH at a time: they can always be judged again."""
        with self._lock:
            if self._closed:
                return
            self._pending.append((content, repo, code_version(), self._clock(), data))
            if len(self._pending) >= OUTCOME_BATCH:
                self._write_pending()

    def _write_pending(self) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO outcomes (content, repo, code, stored_at, data) "
                "VALUES (?, ?, ?, ?, ?)",
                self._pending,
            )
        self._pending.clear()

    def count(self) -> int:
        """How many answers are stored (all scopes)."""
        with self._lock:
            (total,) = self._db.execute("SELECT COUNT(*) FROM facts").fetchone()
        return int(total)

    def close(self) -> None:
        """Write what is pending and close the database; safe to call twice."""
        with self._lock:
            if self._pending and not self._closed:
                with contextlib.suppress(sqlite3.Error):  # the next run judges them again
                    self._write_pending()
            self._closed = True
            self._db.close()


def _fingerprint(light: bytes, texts: bytes) -> bytes:
    digest = hashlib.blake2b(light, digest_size=16)
    digest.update(b"\0")  # no JSON text holds a NUL byte: the two parts cannot blur
    digest.update(texts)
    return digest.digest()


@functools.cache
def code_version() -> str:
    """A hash of the package's source: outcomes judged by other code are never reused, even
    when only a criterion's body changed between two runs of the same release."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(__version__.encode("utf-8"), digest_size=16)  # if no source ships
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def default_cache_dir(env: Mapping[str, str]) -> Path:
    """$REPRO_AUDIT_CACHE_DIR, else $XDG_CACHE_HOME/repro-audit, else the platform's cache dir."""
    if env.get("REPRO_AUDIT_CACHE_DIR"):
        return Path(env["REPRO_AUDIT_CACHE_DIR"])
    if env.get("XDG_CACHE_HOME"):
        return Path(env["XDG_CACHE_HOME"]) / "repro-audit"
    return Path(user_cache_dir("repro-audit", appauthor=False))
