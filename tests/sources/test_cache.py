"""The facts cache: answers only, fresh within max-age, shared safely, free 304 revalidation."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.report.linkrows import lightened
from repro_audit.scoring.recall import TextsUnreadable
from repro_audit.sources import FetchOptions, GitHubSource, RetryPolicy, endpoints_from_env
from repro_audit.sources.cache import (
    CACHE_FILE,
    FactCache,
    StoredFacts,
    cacheable,
    default_cache_dir,
)
from repro_audit.sources.factcodec import facts_from_dict, facts_to_dict
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_cache_test"
REF = RepoRef("github.com", "Alice", "Repo", "tree/main")
FULL = RepoFacts(
    ref=REF,
    existence=Existence.EXISTS,
    canonical="alice/repo",
    stars=3,
    license_spdx="MIT",
    has_license=True,
    created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    last_commit_at=datetime(2025, 2, 1, tzinfo=timezone.utc),
    root_files=("README.md", "src/"),
    paths=("README.md", "src/a.py"),
    readme_text="# hi\n",
    file_texts=(("requirements.txt", "torch==2.1\n"),),
    commit_dates=(datetime(2025, 2, 1, tzinfo=timezone.utc),),
    commit_count=1,
    via="graphql",
)
FAST = FetchOptions(policy=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.01, max_hint=0.5))


def test_codec_round_trip() -> None:
    assert facts_from_dict(facts_to_dict(FULL)) == FULL
    bare = RepoFacts(ref=REF, existence=Existence.EXISTS)
    assert facts_from_dict(facts_to_dict(bare)) == bare


@pytest.mark.parametrize(
    ("facts", "stored"),
    [
        (FULL, True),
        (RepoFacts(ref=REF, existence=Existence.UNKNOWN, reason="rate limited"), False),
        (RepoFacts(ref=REF, existence=Existence.MISSING, reason="not found"), True),
        (RepoFacts(ref=REF, existence=Existence.MISSING, gaps=("half an answer",)), False),
        (RepoFacts(ref=REF, existence=Existence.BLOCKED, reason="451"), False),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, gaps=("git clone failed",)), False),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, root_files=None), False),
    ],
)
def test_only_complete_answers_are_cached(tmp_path: Path, facts: RepoFacts, stored: bool) -> None:
    cache = FactCache(tmp_path / "c.sqlite3")
    assert cacheable(facts) is stored
    assert cache.put("api", facts) is stored
    assert (REF.key in cache.get_many("api", [REF.key])) is stored


def test_freshness_and_scopes(tmp_path: Path) -> None:
    now = [1000.0]
    cache = FactCache(tmp_path / "c.sqlite3", max_age=60, clock=lambda: now[0])
    cache.put("https://api.github.com", FULL, etag='W/"1"')
    assert cache.get_many("https://ghe.example/api/v3", [REF.key]) == {}
    assert cache.fresh_keys("https://ghe.example/api/v3", [REF.key]) == set()
    hit = cache.get_many("https://api.github.com", [REF.key])[REF.key]
    assert hit.fresh and hit.facts == FULL and hit.etag == 'W/"1"'
    assert cache.fresh_keys("https://api.github.com", [REF.key, "other/repo"]) == {REF.key}
    now[0] += 61
    assert not cache.get_many("https://api.github.com", [REF.key])[REF.key].fresh
    assert cache.fresh_keys("https://api.github.com", [REF.key]) == set()
    cache.touch("https://api.github.com", REF.key)
    assert cache.get_many("https://api.github.com", [REF.key])[REF.key].fresh
    assert cache.fresh_keys("https://api.github.com", [REF.key]) == {REF.key}


@pytest.mark.parametrize("light", [False, True])
@pytest.mark.parametrize("column", ["light", "texts"])
@pytest.mark.parametrize(
    "data", ['{"ref": 1}', "[]", "not json", '{"commit_dates": ["yesterday"]}']
)
def test_a_foreign_row_is_asked_again_not_fatal(
    tmp_path: Path, column: str, data: str, light: bool
) -> None:
    """A whole read asks again for any foreign row; a light read too when what it reads is
    foreign, and otherwise finds out only if it must make the facts whole."""
    cache = FactCache(tmp_path / "c.sqlite3")
    cache.put("api", FULL)
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        db.execute(f"UPDATE facts SET {column} = ?", (data,))
    found = cache.get_many("api", [REF.key], light)
    if column == "texts" and light:
        stored = found[REF.key].stored
        assert stored is not None and found[REF.key].facts == lightened(FULL)
        with pytest.raises(TextsUnreadable, match="unreadable in the cache"):
            stored.full()
    else:
        assert found == {}


def test_a_cache_of_the_previous_shape_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:  # version 1: one JSON text per answer
        db.execute(
            "CREATE TABLE facts (scope TEXT NOT NULL, key TEXT NOT NULL, fetched_at REAL NOT "
            "NULL, etag TEXT, data TEXT NOT NULL, PRIMARY KEY (scope, key))"
        )
        db.execute(
            "INSERT INTO facts VALUES ('api', ?, 1.0, NULL, ?)",
            (REF.key, orjson.dumps(facts_to_dict(FULL)).decode()),
        )
    db.close()
    cache = FactCache(path)
    assert cache.get_many("api", [REF.key]) == {}  # asked again, once
    assert cache.put("api", FULL) and cache.get_many("api", [REF.key])[REF.key].facts == FULL
    cache.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone() == ("2",)
    db.close()


def test_a_light_read_holds_the_texts_apart_with_the_fingerprint_of_the_whole(
    tmp_path: Path,
) -> None:
    cache = FactCache(tmp_path / "c.sqlite3")
    cache.put("api", FULL)
    read = cache.get_many("api", [REF.key], light=True)[REF.key]
    assert read.facts == lightened(FULL) and read.stored is not None
    assert read.stored.full() == FULL
    assert read.stored.fingerprint == cache.fingerprint(FULL)
    assert cache.get_many("api", [REF.key])[REF.key].stored is None  # a whole read
    assert cache.get_many("api", [REF.key])[REF.key].facts == FULL


@pytest.mark.parametrize(
    "other",
    [
        replace(FULL, stars=4),
        replace(FULL, readme_text="# other\n"),
        replace(FULL, commit_dates=()),
        replace(FULL, ref=RepoRef("github.com", "alice", "repo", "tree/main")),  # as written
    ],
)
def test_the_fingerprint_tells_any_change_of_the_facts(tmp_path: Path, other: RepoFacts) -> None:
    cache = FactCache(tmp_path / "c.sqlite3")
    assert cache.fingerprint(replace(FULL)) == cache.fingerprint(FULL)  # equal facts
    assert cache.fingerprint(other) != cache.fingerprint(FULL)


def test_default_dir_follows_the_environment(tmp_path: Path) -> None:
    assert default_cache_dir({"REPRO_AUDIT_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "repro-audit"


WRITER = """
import sys
from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.sources.cache import FactCache
cache = FactCache(__import__("pathlib").Path(sys.argv[1]))
for i in range(200):
    ref = RepoRef("github.com", "o" + sys.argv[2], f"r{i}")
    cache.put("api", RepoFacts(ref=ref, existence=Existence.EXISTS, stars=i, root_files=()))
"""


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    FactCache(path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n)]) for n in range(2)
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0]
    cache = FactCache(path)
    assert cache.count() == 400
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _world(emu: GitHubEmulator, count: int) -> list[RepoRef]:
    for i in range(count):
        emu.add_repo(RepoSpec("owner", f"repo{i}", license_spdx="MIT"))
    return [RepoRef("github.com", "owner", f"repo{i}") for i in range(count)]


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_warm_rerun_asks_nothing(
    github_emulator: GitHubEmulator, tmp_path: Path, token: str | None
) -> None:
    refs = _world(github_emulator, 6)
    endpoints = endpoints_from_env(github_emulator.env(token))
    cold = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3"))
    first = cold.fetch(refs)
    github_emulator.clear_requests()
    warm = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3"))
    second = warm.fetch(refs)
    assert second == first
    # only the token's check (free, once per run) when there is a token; nothing without one
    checks = [] if token is None else ["/api/v3/rate_limit"]
    assert [record.path for record in github_emulator.requests] == checks
    assert warm.stats.cached == 6 and warm.stats.graphql == warm.stats.rest == 0


def test_stale_rest_entries_are_revalidated_for_free(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    refs = _world(github_emulator, 3)
    endpoints = endpoints_from_env(github_emulator.env())
    GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    github_emulator.clear_requests()
    stale = FactCache(tmp_path / "c.sqlite3", max_age=0)
    source = GitHubSource(endpoints, FAST, cache=stale)
    again = source.fetch(refs)
    assert all(facts.existence is Existence.EXISTS for facts in again.values())
    statuses = sorted(
        r.status
        for r in github_emulator.requests
        if r.kind == "rest" and not r.path.endswith("/rate_limit")  # the run's free first check
    )
    assert statuses == [304, 304, 304]
    # a 304 spends no budget, so it is counted apart from the requests that do
    assert (source.stats.rest, source.stats.not_modified) == (0, 3)
    assert not [r for r in github_emulator.requests if r.kind == "git"]


def test_an_interrupted_run_resumes_without_asking_twice(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    refs = _world(github_emulator, 10)
    endpoints = endpoints_from_env(github_emulator.env(TOKEN))
    options = FetchOptions(batch_size=2, graphql_parallel=1, policy=FAST.policy)
    seen: list[str] = []

    def stop_halfway(facts: RepoFacts, stored: StoredFacts | None) -> None:
        seen.append(facts.ref.key)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        GitHubSource(endpoints, options, cache=FactCache(tmp_path / "c.sqlite3")).deliver(
            refs, stop_halfway
        )
    github_emulator.clear_requests()
    resumed = GitHubSource(endpoints, options, cache=FactCache(tmp_path / "c.sqlite3"))
    facts = resumed.fetch(refs)
    assert len(facts) == 10 and resumed.stats.cached == 5
    asked = [r.aliases for r in github_emulator.requests if r.kind == "graphql"]
    assert sum(asked) == 5  # only the five it had not learned


def test_unknowns_are_not_cached_and_are_asked_again(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    refs = _world(github_emulator, 2)
    endpoints = endpoints_from_env(github_emulator.env(TOKEN))
    github_emulator.fail_next("graphql", 502, count=10)
    first = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    assert {facts.existence for facts in first.values()} == {Existence.UNKNOWN}
    github_emulator.clear_faults()
    second = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    assert {facts.existence for facts in second.values()} == {Existence.EXISTS}


def _dead_world(emu: GitHubEmulator) -> list[RepoRef]:
    """Two live repositories and two links to ones that do not exist."""
    alive = _world(emu, 2)
    return [*alive, RepoRef("github.com", "gone", "one"), RepoRef("github.com", "gone", "two")]


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_dead_links_are_observed_again_over_git_not_the_api(
    github_emulator: GitHubEmulator, tmp_path: Path, token: str | None
) -> None:
    refs = _dead_world(github_emulator)
    endpoints = endpoints_from_env(github_emulator.env(token))
    GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    github_emulator.clear_requests()
    warm = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3"))
    facts = warm.fetch(refs)
    checks = [r for r in github_emulator.requests if r.path.endswith("/rate_limit")]
    assert len(checks) == (1 if token else 0)  # a token is checked once per run, for free
    asked = [r for r in github_emulator.requests if r not in checks]
    assert [r for r in asked if r.kind != "git"] == []  # not one rate-limited request
    probes = sorted((r.path, r.status, r.authenticated) for r in asked)
    assert probes == [
        ("/gone/one.git/info/refs", 404, False),
        ("/gone/two.git/info/refs", 404, False),
    ]
    assert all(r.credential == "" for r in asked)  # the token never goes along
    for ref in refs[2:]:
        assert facts[ref.key].existence is Existence.MISSING
        assert facts[ref.key].via == "git: not found (HTTP 404)"
    assert warm.stats.git == 2 and warm.stats.cached == 2


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("created", Existence.EXISTS),  # the link works again: the API says what is there now
        ("git_502", Existence.MISSING),  # git proves nothing: the API is asked, and says 404
    ],
)
def test_a_dead_link_git_cannot_confirm_is_asked_through_the_api(
    github_emulator: GitHubEmulator, tmp_path: Path, change: str, expected: Existence
) -> None:
    refs = _dead_world(github_emulator)
    endpoints = endpoints_from_env(github_emulator.env(TOKEN))
    GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    if change == "created":
        github_emulator.add_repo(RepoSpec("gone", "one", license_spdx="MIT"))
    else:
        github_emulator.fail_next("git", 502, path_contains="gone/one")
    github_emulator.clear_requests()
    warm = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3"))
    facts = warm.fetch(refs)
    assert facts[refs[2].key].existence is expected
    assert not facts[refs[2].key].via.startswith("git")
    assert sum(r.aliases for r in github_emulator.requests if r.kind == "graphql") == 1
    assert facts[refs[3].key].existence is Existence.MISSING


def test_a_dead_link_older_than_max_age_is_asked_through_the_api(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    refs = _dead_world(github_emulator)
    endpoints = endpoints_from_env(github_emulator.env(TOKEN))
    GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3")).fetch(refs)
    github_emulator.clear_requests()
    stale = GitHubSource(endpoints, FAST, cache=FactCache(tmp_path / "c.sqlite3", max_age=0))
    facts = stale.fetch(refs)
    assert [r for r in github_emulator.requests if r.kind == "git"] == []
    assert sum(r.aliases for r in github_emulator.requests if r.kind == "graphql") == 4
    assert {facts[ref.key].existence for ref in refs[2:]} == {Existence.MISSING}


def test_an_older_release_keeps_its_own_cache_file(tmp_path: Path) -> None:
    """Releases share the user's cache folder; one never reshapes the other's file."""
    older = tmp_path / "facts.sqlite3"  # schema 1's file name
    with sqlite3.connect(older) as db:
        db.execute("CREATE TABLE facts (scope TEXT, key TEXT, data TEXT)")
    db.close()
    before = older.read_bytes()
    cache = FactCache(tmp_path / CACHE_FILE)
    cache.put("api", FULL)
    cache.close()
    assert older.read_bytes() == before
