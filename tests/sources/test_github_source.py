"""GitHubSource against the local GitHub emulator: both paths, every way a link can go wrong.

Real PyGithub, requests and GitPython talk HTTP to 127.0.0.1; nothing is patched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from repro_audit.models import Existence, LinkStatus, RepoFacts, RepoRef
from repro_audit.report.assemble import status_of
from repro_audit.sources import (
    AuthenticationFailed,
    FetchOptions,
    GitHubSource,
    RetryPolicy,
    endpoints_from_env,
)
from repro_audit.sources.reachability import preflight
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_test_token_for_the_emulator"
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_total=10.0, max_hint=1.0)
OPTIONS = FetchOptions(policy=FAST, timeout=5.0, git_timeout=30.0)
WHEN = datetime(2025, 10, 1, 12, 0, tzinfo=timezone.utc)

SPECS = (
    RepoSpec(
        "alice",
        "healthy",
        files={"README.md": "# healthy\n", "requirements.txt": "torch\n", "src/a.py": "x = 1\n"},
        commit_dates=(datetime(2025, 9, 1, tzinfo=timezone.utc), WHEN),
        license_spdx="MIT",
        stars=42,
        forks=3,
    ),
    RepoSpec("alice", "old-home", stars=1),
    RepoSpec("alice", "gone"),
    RepoSpec("alice", "blocked", blocked=True),
    RepoSpec("alice", "disabled", disabled=True),
    RepoSpec("alice", "empty", empty=True),
    RepoSpec("alice", "archived", archived=True, license_spdx="Apache-2.0"),
    RepoSpec("bob", "fork", fork_of="alice/healthy"),
)


@pytest.fixture
def world(github_emulator: GitHubEmulator) -> Iterator[GitHubEmulator]:
    for spec in SPECS:
        github_emulator.add_repo(spec)
    github_emulator.rename("alice/old-home", "carol/new-home")
    github_emulator.delete("alice/gone")
    yield github_emulator


def ref(slug: str) -> RepoRef:
    owner, name = slug.split("/")
    return RepoRef("github.com", owner, name)


def fetch(
    emu: GitHubEmulator, slugs: list[str], token: str | None, **options: Any
) -> dict[str, RepoFacts]:
    source = GitHubSource(endpoints_from_env(emu.env(token)), replace(OPTIONS, **options))
    return source.fetch([ref(slug) for slug in slugs])


ALL = [f"{spec.owner}/{spec.name}" for spec in SPECS]
EXPECTED = {
    "alice/healthy": (Existence.EXISTS, None),
    "alice/old-home": (Existence.EXISTS, "carol/new-home"),
    "alice/gone": (Existence.MISSING, None),
    "alice/blocked": (Existence.BLOCKED, None),
    "alice/empty": (Existence.EXISTS, None),
    "alice/archived": (Existence.EXISTS, None),
    "bob/fork": (Existence.EXISTS, None),
}


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_every_kind_of_repository(world: GitHubEmulator, token: str | None) -> None:
    facts = fetch(world, ALL, token)
    for slug, (existence, moved_to) in EXPECTED.items():
        got = facts[slug.lower()]
        assert got.existence is existence, (slug, got.reason)
        assert got.moved is (moved_to is not None), slug
        if moved_to:
            assert got.canonical == moved_to
    healthy = facts["alice/healthy"]
    assert (healthy.stars, healthy.forks, healthy.license_spdx) == (42, 3, "MIT")
    assert healthy.root_files is not None
    assert set(healthy.root_files) == {"LICENSE", "README.md", "requirements.txt", "src/"}
    assert healthy.last_commit_at == WHEN
    assert set(healthy.paths or ()) == {"LICENSE", "README.md", "requirements.txt", "src/a.py"}
    assert healthy.paths_depth is None  # small enough to be listed whole
    assert healthy.readme_text == "# healthy\n"
    assert healthy.file_texts == (("requirements.txt", "torch\n"),)
    assert healthy.commit_dates == (WHEN, datetime(2025, 9, 1, tzinfo=timezone.utc))
    assert healthy.commit_count == 2
    assert healthy.default_branch == "main"
    assert healthy.is_fork is False and healthy.is_archived is False
    assert facts["alice/empty"].is_empty is True and facts["alice/empty"].root_files == ()
    assert facts["alice/archived"].is_archived is True
    disabled = facts["alice/disabled"]  # REST answers 403 "access blocked", GraphQL isDisabled
    assert disabled.existence is Existence.BLOCKED or disabled.is_disabled is True
    assert status_of(disabled)[0] is LinkStatus.DEAD
    assert facts["bob/fork"].is_fork is True and facts["bob/fork"].parent == "alice/healthy"
    assert facts["alice/gone"].reason.startswith("not found")


def test_graphql_asks_about_a_batch_in_one_request(world: GitHubEmulator) -> None:
    facts = fetch(world, ALL + ALL[:3], TOKEN)
    graphql = [r for r in world.requests if r.kind == "graphql"]
    assert len(facts) == len(ALL)
    assert len(graphql) == 1  # README.md and requirements.txt came with the facts
    assert graphql[0].aliases == len(ALL)
    healthy = facts["alice/healthy"]
    assert healthy.readme_text == "# healthy\n"
    assert healthy.file_texts == (("requirements.txt", "torch\n"),)
    others = [r for r in world.requests if r.kind in ("rest", "git")]
    assert [r.path for r in others] == ["/api/v3/rate_limit"]  # the token's free check


def test_batches_are_split_by_batch_size(world: GitHubEmulator) -> None:
    fetch(world, ALL, TOKEN, batch_size=3)
    graphql = [r for r in world.requests if r.kind == "graphql"]
    assert sorted(r.aliases for r in graphql) == [2, 3, 3]  # two batches are in flight at once


def test_rest_uses_at_most_two_requests_per_repository(world: GitHubEmulator) -> None:
    source = GitHubSource(endpoints_from_env(world.env()), OPTIONS)
    source.fetch([ref(slug) for slug in ALL])
    rest = [r for r in world.requests if r.kind == "rest" and not r.path.endswith("/rate_limit")]
    per_repo: dict[str, int] = {}
    for record in rest:
        parts = record.path.split("/")
        key = "/".join(parts[4:6]) if parts[3] == "repos" else "moved"
        per_repo[key] = per_repo.get(key, 0) + 1
    assert len(rest) <= 2 * len(ALL)
    assert max(per_repo.values()) <= 2
    assert source.stats.rest == len(rest)
    assert not [r for r in world.requests if r.kind == "graphql"]


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_server_errors_then_success_are_retried(world: GitHubEmulator, token: str | None) -> None:
    world.fail_next("graphql" if token else "rest", 502, count=2)
    facts = fetch(world, ["alice/healthy"], token)
    assert facts["alice/healthy"].existence is Existence.EXISTS


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_an_outage_is_unknown_never_dead(
    world: GitHubEmulator, token: str | None, status: int
) -> None:
    world.fail_next("graphql" if token else "rest", status, count=100)
    facts = fetch(world, ["alice/healthy", "alice/gone"], token)
    for got in facts.values():
        assert got.existence is Existence.UNKNOWN
        assert str(status) in got.reason


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_exhausted_rate_limit_is_unknown_and_not_waited_for(
    world: GitHubEmulator, token: str | None
) -> None:
    world.exhaust_rate_limit("graphql" if token else "rest", reset_in=3600)
    started = datetime.now(timezone.utc)
    facts = fetch(world, ["alice/healthy", "alice/gone", "alice/empty"], token)
    assert (datetime.now(timezone.utc) - started).total_seconds() < 10
    for got in facts.values():
        assert got.existence is Existence.UNKNOWN
        assert "rate limited" in got.reason


def test_rest_stops_asking_once_the_budget_is_spent(world: GitHubEmulator) -> None:
    world.exhaust_rate_limit("rest", reset_in=3600)
    fetch(world, ALL, None, workers=1)
    rest = [r for r in world.requests if r.kind == "rest" and "/rate_limit" not in r.path]
    assert len(rest) == 1


def test_secondary_limit_with_retry_after_is_honoured(world: GitHubEmulator) -> None:
    world.fail_next("graphql", 403, count=1, retry_after=0)
    facts = fetch(world, ["alice/healthy"], TOKEN)
    assert facts["alice/healthy"].existence is Existence.EXISTS


def test_timeouts_are_unknown(world: GitHubEmulator) -> None:
    world.stall_next("rest", seconds=3.0, count=10)
    facts = fetch(world, ["alice/healthy"], None, timeout=1.0, policy=RetryPolicy(attempts=1))
    assert facts["alice/healthy"].existence is Existence.UNKNOWN
    assert "timed out" in facts["alice/healthy"].reason


def test_dropped_connections_are_unknown(world: GitHubEmulator) -> None:
    world.drop_next("graphql", count=10)
    facts = fetch(world, ["alice/healthy"], TOKEN)
    assert facts["alice/healthy"].existence is Existence.UNKNOWN


def test_git_failure_leaves_a_gap_not_a_verdict(world: GitHubEmulator) -> None:
    world.fail_next("git", 503, count=10)
    facts = fetch(world, ["alice/healthy"], None)["alice/healthy"]
    assert facts.existence is Existence.EXISTS
    assert facts.root_files is None and facts.last_commit_at is None
    assert facts.gaps and "git clone failed" in facts.gaps[0]


def test_a_rejected_token_is_a_configuration_error(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", tokens=frozenset({"good"})) as emu:
        emu.add_repo(RepoSpec("a", "b"))
        with pytest.raises(AuthenticationFailed):
            fetch(emu, ["a/b"], "bad")
        assert fetch(emu, ["a/b"], "good")["a/b"].existence is Existence.EXISTS


def test_anonymous_budget_note(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", anonymous_limit=2) as emu:
        refs = [ref(f"a/r{i}") for i in range(5)]
        said: list[tuple[str, str]] = []
        source = GitHubSource(endpoints_from_env(emu.env()), OPTIONS, on_message=_collect(said))
        source.fetch(refs)
        assert len(source.notes) == 1 and "only 2 are left" in source.notes[0]
        assert said == [("note", source.notes[0])]  # said before the first repository was asked
        token_source = GitHubSource(endpoints_from_env(emu.env(TOKEN)), OPTIONS)
        token_source.fetch(refs)
        assert token_source.notes == []


def _collect(into: list[tuple[str, str]]) -> Callable[[str, str], None]:
    return lambda kind, text: into.append((kind, text))


DEEP_FILES = {
    "README.md": "# deep\n",
    "a/b/c/d/train.py": "print()\n",
    "a/requirements.txt": "numpy==2.0\n",
}


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql+tree", "git"])
def test_deep_trees_are_listed_whole_on_both_paths(
    github_emulator: GitHubEmulator, token: str | None
) -> None:
    github_emulator.add_repo(RepoSpec("deep", "tree", files=DEEP_FILES))
    facts = fetch(github_emulator, ["deep/tree"], token)["deep/tree"]
    assert (facts.paths_depth, facts.listing_cut_at) == (None, None)
    assert "a/b/c/d/train.py" in (facts.paths or ())
    assert facts.file_texts == (("a/requirements.txt", "numpy==2.0\n"),)
    trees = [r for r in github_emulator.requests if r.kind == "rest" and "/git/trees/" in r.path]
    assert len(trees) == (1 if token else 0)  # one recursive tree for the cut listing, no more


def test_a_failed_whole_tree_keeps_three_levels_and_says_why(
    github_emulator: GitHubEmulator,
) -> None:
    github_emulator.add_repo(RepoSpec("deep", "tree", files=DEEP_FILES))
    github_emulator.fail_next("rest", 503, count=10, path_contains="/git/trees/")
    facts = fetch(github_emulator, ["deep/tree"], TOKEN)["deep/tree"]
    assert facts.paths_depth == 3 and "a/b/c/d/train.py" not in (facts.paths or ())
    assert any("below 3 folder levels unknown" in gap and "503" in gap for gap in facts.gaps)


def test_a_truncated_tree_says_where_it_was_cut(github_emulator: GitHubEmulator) -> None:
    files = {"README.md": "# big\n", **{f"a/b/c/d{i}/f.py": "x\n" for i in range(8)}}
    github_emulator.add_repo(RepoSpec("big", "mono", files=files))
    github_emulator.tree_entry_limit = 10
    facts = fetch(github_emulator, ["big/mono"], TOKEN)["big/mono"]
    assert facts.listing_cut_at == 10
    assert facts.paths_depth == 3  # what the nested round listed is whole to that depth
    assert "README.md" in (facts.paths or ())


def test_history_longer_than_the_sample_has_no_count(github_emulator: GitHubEmulator) -> None:
    dates = tuple(datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=i) for i in range(105))
    github_emulator.add_repo(RepoSpec("long", "history", commit_dates=dates))
    for token in (TOKEN, None):
        facts = fetch(github_emulator, ["long/history"], token)["long/history"]
        assert facts.commit_dates is not None and len(facts.commit_dates) == 100
        assert facts.commit_dates[0] == dates[-1]
        assert facts.commit_count == (105 if token else None)


ODD_NAMES = {"README.rst": "Title\n=====\n", "docs/requirements.txt": "sphinx==7.2\n"}


def test_texts_the_guesses_missed_share_one_pooled_request(github_emulator: GitHubEmulator) -> None:
    for i in range(5):
        github_emulator.add_repo(RepoSpec("odd", f"names{i}", files=ODD_NAMES))
    facts = fetch(github_emulator, [f"odd/names{i}" for i in range(5)], TOKEN, batch_size=2)
    aliases = [r.aliases for r in github_emulator.requests if r.kind == "graphql"]
    # three facts batches (two in flight, so in either order), then one texts round for all five
    assert sorted(aliases[:3]) == [1, 2, 2] and aliases[3:] == [5]
    for got in facts.values():
        assert got.readme_text == "Title\n=====\n"
        assert got.file_texts == (("docs/requirements.txt", "sphinx==7.2\n"),)


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_every_api_request_names_the_media_type_and_api_version(
    world: GitHubEmulator, token: str | None
) -> None:
    world.add_repo(RepoSpec("deep", "tree", files=DEEP_FILES))  # with a token: a REST tree too
    endpoints = endpoints_from_env(world.env(token))
    preflight(endpoints.api_url, endpoints.tokens, 1, 50, 10.0)  # the run's first question
    fetch(world, [*ALL, "deep/tree"], token)
    api = [r for r in world.requests if r.kind in ("rest", "graphql")]
    assert any("/rate_limit" in r.path for r in api) and any("/repos/" in r.path for r in api)
    assert {(r.accept, r.api_version) for r in api} == {
        ("application/vnd.github+json", "2022-11-28")
    }
