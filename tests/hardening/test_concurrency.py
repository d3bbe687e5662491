"""Concurrency: two audits started at once on one cache folder (and one history) both finish
with correct reports, and leave a sound cache and every record.

Real processes, as two scheduled jobs on one runner would be: they race on an empty folder (both
create the database); two token runs race again on the full one with `--max-age 0s`, so both
write every answer again at the same time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.sources.cache import CACHE_FILE, FactCache
from repro_audit.tracking.history import HistoryStore
from tests.emulator import GitHubEmulator
from tests.emulator.example_world import DIGEST, Case, ExampleWorld

TOKEN = "ghp_concurrency_test_token"
FACTS = RepoFacts(RepoRef("github.com", "lab", "a"), Existence.EXISTS, root_files=("README.md",))
MODES = {"graphql": ["--token", TOKEN], "rest": ["--no-git"]}  # rest: no clones, quicker


def start(emu: GitHubEmulator, folder: Path, name: str, extra: list[str]) -> subprocess.Popen[str]:
    """One `python -m repro_audit` job writing `name`.json, sharing the cache and history."""
    argv = [sys.executable, "-m", "repro_audit", str(DIGEST), "--format", "json", "--quiet"]
    argv += ["--output", str(folder / f"{name}.json"), "--cache-dir", str(folder / "cache")]
    argv += ["--history", str(folder / "audits"), *extra]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **emu.env(None)}
    return subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def wrong_rows(document: dict[str, Any], world: ExampleWorld) -> list[str]:
    """Rows whose status is not what the example world says (none may be unknown)."""
    wrong = []
    for row in document["rows"]:
        slug, status = row["repo"], row["link_status"]
        if slug is None or status == "no_link":
            continue
        expected = "alive" if "github.io" in str(row["code_link"]) else world.expected_status[slug]
        if status != expected:
            wrong.append(f"{slug}: {status} ({row['reason']}), expected {expected}")
    return wrong


def cache_state(folder: Path) -> tuple[str, int]:
    """`PRAGMA integrity_check` and the number of stored answers."""
    db = sqlite3.connect(str(folder / "cache" / CACHE_FILE))
    try:
        (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
        (count,) = db.execute("SELECT COUNT(*) FROM facts").fetchone()
    finally:
        db.close()
    return str(verdict), int(count)


@pytest.mark.parametrize(
    ("first", "second"), [("graphql", "graphql"), ("graphql", "rest")], ids=["same", "mixed"]
)
def test_two_audits_at_once_share_a_cache(
    example: tuple[GitHubEmulator, ExampleWorld], tmp_path: Path, first: str, second: str
) -> None:
    emu, world = example
    rounds: list[list[str]] = [[]]  # an empty folder: both create the database
    if second == "graphql":
        rounds.append(["--max-age", "0s"])  # a full one: both rewrite every answer at once
    for number, extra in enumerate(rounds):
        jobs = {
            name: start(emu, tmp_path, f"{name}-{number}", [*MODES[mode], *extra])
            for name, mode in (("a", first), ("b", second))
        }
        for name, job in jobs.items():
            _, stderr = job.communicate(timeout=120)
            assert job.returncode in (0, 2), f"{name}: {stderr}"  # 2: dead links confirmed
            assert "error" not in stderr.lower(), stderr
            document = json.loads((tmp_path / f"{name}-{number}.json").read_text())
            assert wrong_rows(document, world) == []
        verdict, stored = cache_state(tmp_path)
        assert verdict == "ok"
        # every full answer, "not found" included (a 451 is not one), plus the repository
        # behind a GitHub Pages link, diffusemix/diffusemix.github.io, which is not found
        assert stored == 1 + sum(1 for case in world.cases.values() if case is not Case.BLOCKED)
    records = sorted(p.name for p in (tmp_path / "audits" / "digest").glob("*.json"))
    assert len(records) == 2 * len(rounds), records  # no run's record overwrote another's
    for path in (tmp_path / "audits" / "digest").glob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))


def test_records_saved_in_the_same_second_both_survive(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path)
    document = {"generated_at": "2025-11-20T12:00:00Z", "rubric_version": "1.0", "rows": []}
    for attempt in range(40):  # two runs finishing at once, many times over
        barrier = threading.Barrier(2)

        def save(key: str = f"digest-{attempt}", gate: threading.Barrier = barrier) -> None:
            gate.wait()
            store.save(key, document, "# latest\n")

        threads = [threading.Thread(target=save) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        names = sorted(path.name for path in store.record_paths(f"digest-{attempt}"))
        assert names == ["20251120T120000Z-2.json", "20251120T120000Z.json"]
    assert not list(tmp_path.rglob("*.tmp"))  # no temporary file left behind


def _four_at_once(path: Path, use: Callable[[FactCache], object]) -> list[sqlite3.Error]:
    """Four runs open the cache at `path` at the same instant and `use` it; their errors."""
    failures: list[sqlite3.Error] = []
    gate = threading.Barrier(4)

    def run() -> None:
        gate.wait()
        try:
            cache = FactCache(path)
            use(cache)
            cache.close()
        except sqlite3.Error as error:
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_runs_opening_a_new_cache_at_once_all_get_it(tmp_path: Path) -> None:
    failures: list[sqlite3.Error] = []
    for attempt in range(60):  # the race is short: SQLite refused about 1 round in 15 before
        path = tmp_path / f"cache-{attempt}" / CACHE_FILE
        failures += _four_at_once(path, lambda cache: None)
    assert failures == []


def _old_shape(path: Path) -> None:
    """A cache file whose tables have a development version's shape, with a row in each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path))
    with db:
        db.execute(
            "CREATE TABLE facts (scope TEXT, key TEXT, fetched_at REAL, etag TEXT, data TEXT)"
        )
        db.execute("INSERT INTO facts VALUES ('api', 'lab/a', 1.0, NULL, '{}')")
        db.execute("CREATE TABLE outcomes (content BLOB PRIMARY KEY, data BLOB)")
        db.execute("INSERT INTO outcomes VALUES (x'00', x'00')")
    db.close()


def test_runs_replacing_an_old_shaped_cache_at_once_all_get_it(tmp_path: Path) -> None:
    """Each run looks at the tables' shape and replaces them in one transaction: two runs never
    both drop a table ("no such table"), nor one drop what the other has just made."""
    failures: list[sqlite3.Error] = []
    for attempt in range(30):
        path = tmp_path / f"cache-{attempt}" / CACHE_FILE
        _old_shape(path)
        failures += _four_at_once(path, lambda cache: cache.put("api", FACTS))
        kept = FactCache(path)
        assert set(kept.get_many("api", [FACTS.ref.key])) == {FACTS.ref.key}
        kept.close()
    assert failures == []
