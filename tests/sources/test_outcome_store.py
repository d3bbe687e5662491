"""Remembered outcomes in the fact cache: kept for this code only, read with the facts, written in
batches, pruned when old, and never an error when the cache is gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from repro_audit.sources.cache import (
    OUTCOME_BATCH,
    OUTCOME_MAX_AGE,
    FactCache,
    code_version,
)
from tests.sources.test_cache import FULL

SCOPE = "https://api.github.com"
DATA = b'{"licence":["pass",1.0,"MIT",[],""]}'


class Clock:
    """A settable time.time."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _rows(path: Path) -> list[tuple[bytes, str, str]]:
    db = sqlite3.connect(str(path))
    try:
        return [
            (bytes(c), r, code)
            for c, r, code in db.execute("SELECT content, repo, code FROM outcomes")
        ]
    finally:
        db.close()


def test_outcomes_are_recalled_by_a_later_run(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    cache = FactCache(path)
    assert cache.recall("alice/repo", b"k" * 16) is None
    cache.remember("alice/repo", b"k" * 16, DATA)
    cache.close()
    again = FactCache(path)
    assert again.recall("alice/repo", b"k" * 16) == DATA
    assert again.recall("alice/repo", b"x" * 16) is None  # other facts, other content key
    again.close()


def test_outcomes_are_written_in_batches_before_the_run_ends(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    cache = FactCache(path)
    for number in range(OUTCOME_BATCH + 3):
        cache.remember(f"lab/r{number}", number.to_bytes(16, "big"), DATA)
    assert len(_rows(path)) == OUTCOME_BATCH  # a kill now keeps a full batch
    cache.close()
    assert len(_rows(path)) == OUTCOME_BATCH + 3


@pytest.mark.parametrize(
    ("code", "age", "kept"),
    [
        (None, 0.0, True),
        (None, OUTCOME_MAX_AGE - 60, True),
        (None, OUTCOME_MAX_AGE + 60, False),  # judged again now and then, so the table stays small
        ("another-version", 0.0, False),  # another version of the rubric's code judged it
    ],
)
def test_outcomes_of_other_code_or_too_old_are_dropped(
    tmp_path: Path, code: str | None, age: float, kept: bool
) -> None:
    path = tmp_path / "facts.sqlite3"
    clock = Clock()
    FactCache(path, clock=clock).close()
    db = sqlite3.connect(str(path))
    with db:
        db.execute(
            "INSERT INTO outcomes (content, repo, code, stored_at, data) VALUES (?, ?, ?, ?, ?)",
            (b"k" * 16, "alice/repo", code or code_version(), clock.now, DATA),
        )
    db.close()
    clock.now += age
    cache = FactCache(path, clock=clock)
    assert (cache.recall("alice/repo", b"k" * 16) == DATA) is kept
    cache.close()
    assert len(_rows(path)) == int(kept)


def test_outcomes_are_read_with_their_facts_in_one_go(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    cache = FactCache(path)
    cache.put(SCOPE, FULL)
    cache.remember(FULL.ref.key, b"k" * 16, DATA)
    cache.close()
    cache = FactCache(path)
    assert set(cache.get_many(SCOPE, [FULL.ref.key])) == {FULL.ref.key}
    other = sqlite3.connect(str(path))
    with other:
        other.execute("DELETE FROM outcomes")  # after the slice was read
    other.close()
    assert cache.recall(FULL.ref.key, b"k" * 16) == DATA  # read with the facts, not again
    assert cache.recall(FULL.ref.key, b"k" * 16) is None  # handed over once
    cache.close()


def test_a_closed_cache_recalls_nothing_and_drops_what_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    cache = FactCache(path)
    cache.remember("alice/repo", b"k" * 16, DATA)
    cache.close()
    cache.close()
    assert cache.recall("alice/repo", b"k" * 16) is None
    cache.remember("alice/repo", b"z" * 16, DATA)  # a report scored after the cache closed
    assert [content for content, _, _ in _rows(path)] == [b"k" * 16]


def test_an_outcome_table_of_another_shape_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite3"
    db = sqlite3.connect(str(path))
    with db:
        db.execute("CREATE TABLE outcomes (key BLOB PRIMARY KEY, data BLOB)")
        db.execute("INSERT INTO outcomes VALUES (?, ?)", (b"k", DATA))
    db.close()
    cache = FactCache(path)
    cache.remember("alice/repo", b"k" * 16, DATA)
    cache.close()
    assert _rows(path) == [(b"k" * 16, "alice/repo", code_version())]
