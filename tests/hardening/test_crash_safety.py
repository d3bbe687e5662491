"""Crash safety: `kill -9` at random points of a big run never leaves a corrupt cache or record.

A real `python -m repro_audit` process audits a few hundred repositories on a slow emulator and
is killed at a random moment, a bounded number of times. After every kill the SQLite cache must
pass `PRAGMA integrity_check` and every JSON file under audits/ must parse. A last, unkilled run
must then finish and ask GitHub only about the repositories the cache does not hold.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from repro_audit.sources.cache import CACHE_FILE
from tests.emulator import GitHubEmulator, Kind, RepoSpec

TOKEN = "ghp_crash_safety_token"
REPOS = 240
DELETED_EVERY = 40  # a few dead links, which are never cached and so asked again every run
KILLS = 5  # bounded: three while GitHub is asked, two anywhere in a later run
SEED = 20251120
BATCH = "8"  # small batches: many answers, each committed as it arrives
PAPER = datetime(2025, 10, 1, 12, tzinfo=timezone.utc)
FILES = {"README.md": "# Code\n\nRun `python train.py`.\n", "requirements.txt": "torch==2.4.0\n"}


@dataclass(frozen=True)
class BigWorld:
    """The emulator and a digest linking every repository in it."""

    emu: GitHubEmulator
    digest: Path
    deleted: frozenset[str]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BigWorld]:
    folder = tmp_path_factory.mktemp("big")
    with GitHubEmulator(folder / "github", latency=0.03) as emu:
        deleted = set()
        rows = ["## Many papers", "", "| Title | Date | Abstract | Comment | CodeRepository |"]
        rows.append("|---|---|---|---|---|")
        for number in range(REPOS):
            slug = f"lab{number % 9}/model-{number}"
            # README and requirements.txt are both guessed: one GraphQL round per batch
            emu.add_repo(RepoSpec(*slug.split("/"), files=FILES, commit_dates=(PAPER,)))
            if number % DELETED_EVERY == 7:
                emu.delete(slug)
                deleted.add(slug)
            day = (PAPER + timedelta(days=number % 20)).date().isoformat()
            rows.append(
                f"| Paper {number} | {day} | a | c | [Code Link](https://github.com/{slug}) |"
            )
        digest = folder / "many.md"
        digest.write_text("\n".join(rows) + "\n", encoding="utf-8")
        yield BigWorld(emu, digest, frozenset(deleted))


def start(world: BigWorld, folder: Path) -> subprocess.Popen[bytes]:
    """`python -m repro_audit` as a separate process, as a scheduled job runs it."""
    argv = [sys.executable, "-m", "repro_audit", str(world.digest), "--format", "json"]
    argv += ["--output", str(folder / "report.json"), "--history", str(folder / "audits")]
    argv += ["--cache-dir", str(folder / "cache"), "--batch-size", BATCH, "--quiet"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **world.emu.env(TOKEN)}
    return subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=folder
    )


def integrity(folder: Path) -> tuple[str, set[str]]:
    """`PRAGMA integrity_check` of the cache and the repositories it holds (opened as the next
    run opens it, so a WAL the killed run left behind is recovered first)."""
    path = folder / "cache" / CACHE_FILE
    if not path.exists():
        return "ok", set()
    db = sqlite3.connect(str(path))
    try:
        (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
        keys = {key for (key,) in db.execute("SELECT key FROM facts")}
    finally:
        db.close()
    return str(verdict), keys


def unreadable_records(folder: Path) -> list[str]:
    """JSON files under audits/ (and the report) that do not parse; temporary files aside."""
    bad = []
    for path in [*folder.glob("audits/**/*.json"), *folder.glob("report.json")]:
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            bad.append(f"{path}: {error}")
    return bad


def answered_batches(emu: GitHubEmulator) -> int:
    """GraphQL requests answered since the log was last cleared."""
    return sum(1 for r in emu.requests if r.kind is Kind.GRAPHQL)


def kill(process: subprocess.Popen[bytes]) -> bool:
    """SIGKILL unless it already ended; True when it was killed."""
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return killed


def kill_after_batches(world: BigWorld, folder: Path, chance: random.Random, cached: int) -> str:
    """Start a run and kill -9 it after a random number of answered batches (0: while it starts;
    all: while it writes the report and history), plus a random few milliseconds."""
    batches = -(-(REPOS - cached) // int(BATCH))
    target = chance.randint(0, batches)
    world.emu.clear_requests()
    process = start(world, folder)
    deadline = time.monotonic() + 60
    while answered_batches(world.emu) < target and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.005)
    time.sleep(chance.uniform(0.0, 0.08))
    return f"killed after {target}/{batches} batches" if kill(process) else "finished first"


def kill_after(world: BigWorld, folder: Path, seconds: float) -> str:
    """Start a run and kill -9 it `seconds` later, wherever it is then."""
    process = start(world, folder)
    time.sleep(seconds)
    return f"killed after {seconds:.2f} s" if kill(process) else "finished first"


def check(folder: Path, before: set[str]) -> int:
    """The cache is sound and kept everything it held; every JSON record parses."""
    verdict, keys = integrity(folder)
    assert verdict == "ok"
    assert unreadable_records(folder) == []
    assert keys >= before  # nothing learned is lost
    return len(keys)


def test_kill_nine_never_corrupts_and_the_next_run_asks_only_the_rest(
    big: BigWorld, tmp_path: Path
) -> None:
    chance = random.Random(SEED)
    outcomes = []
    for _ in range(KILLS - 2):  # while GitHub is being asked
        _, before = integrity(tmp_path)
        outcome = kill_after_batches(big, tmp_path, chance, len(before))
        outcomes.append(f"{outcome}: {check(tmp_path, before)} cached")
    # A cut run that got to write its record (or finished first) counts as a failing run, so
    # the dead links are confirmed (exit 2) only when one is there already.
    recorded = len(list(tmp_path.glob("audits/many/*.json")))
    began = time.monotonic()
    finished = start(big, tmp_path)  # one whole run, so audits/ holds records
    _, stderr = finished.communicate(timeout=120)
    assert finished.returncode == (2 if recorded else 0), (recorded, stderr.decode())
    whole = time.monotonic() - began
    for _ in range(2):  # anywhere in a run that reads the cache and writes the history
        _, before = integrity(tmp_path)
        outcome = kill_after(big, tmp_path, chance.uniform(0.0, 0.8 * whole))
        outcomes.append(f"{outcome} of {whole:.2f}: {check(tmp_path, before)} cached")
    assert sum("killed" in outcome for outcome in outcomes) >= KILLS - 2  # most runs were cut

    _, learned = integrity(tmp_path)
    big.emu.clear_requests()
    process = start(big, tmp_path)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 2), stderr.decode()  # 2 once the dead links are confirmed
    asked = sum(r.aliases for r in big.emu.requests if r.kind is Kind.GRAPHQL)
    slugs = {f"lab{n % 9}/model-{n}" for n in range(REPOS)}
    assert asked == len(slugs) - len(learned)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    statuses = {row["repo"]: row["link_status"] for row in report["rows"]}
    assert statuses == {s: "dead" if s in big.deleted else "alive" for s in slugs}
    assert unreadable_records(tmp_path) == []
    assert len(list(tmp_path.glob("audits/many/*.json"))) >= 2
    assert integrity(tmp_path) == ("ok", {s.lower() for s in slugs})  # "not found" included
    print(f"crash safety: {outcomes}; last run: {len(learned)} cached, {asked} asked")
