"""One repository, one verdict: GraphQL with a token, REST + git without, and a warm cache agree.

Every repository of the example world and of made-up worlds (deep and huge trees, odd README
names, submodules, LFS pointers, empty repositories, renames, a seeded mix of 200) is fetched on
both paths and again from the cache each path filled. Facts and findings must be equal field by
field; where one path cannot know a value it says so (None, `unknown`), never something else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from repro_audit.models import Existence, Finding, RepoFacts, RepoRef, Verdict
from repro_audit.scoring.aggregate import score_repository
from repro_audit.scoring.base import ScoringContext
from repro_audit.sources import FetchOptions, GitHubSource, RetryPolicy, endpoints_from_env
from repro_audit.sources.cache import FactCache
from tests.emulator import GitHubEmulator
from tests.emulator.example_world import build_example_world
from tests.emulator.generated_world import add_odd_world, add_random_world

TOKEN = "ghp_paths_agree_token"
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
CTX = ScoringContext(now=NOW, paper_date=date(2025, 9, 20))
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_total=10.0, max_hint=1.0)
OPTIONS = FetchOptions(policy=FAST, timeout=10.0, git_timeout=60.0, workers=8)
NOT_COMPARED = frozenset({"via", "gaps", "reason"})
"""How a path got its facts, and why it could not get some: free text that differs by path."""


@dataclass(frozen=True)
class Paths:
    """The facts of every repository of a world, as each path gave them."""

    slugs: tuple[str, ...]
    facts: dict[str, dict[str, RepoFacts]]  # path -> key -> facts


def _ref(slug: str) -> RepoRef:
    owner, name = slug.split("/")
    return RepoRef("github.com", owner, name)


def _fetch_all(emu: GitHubEmulator, slugs: tuple[str, ...], cache_root: Path) -> Paths:
    refs = [_ref(slug) for slug in slugs]
    found: dict[str, dict[str, RepoFacts]] = {}
    for path, token in (("graphql", TOKEN), ("rest+git", None)):
        endpoints = endpoints_from_env(emu.env(token))
        cache = cache_root / f"{path}.sqlite3"
        found[path] = GitHubSource(endpoints, OPTIONS, FactCache(cache)).fetch(refs)
        warm = GitHubSource(endpoints, OPTIONS, FactCache(cache))
        found[f"{path} warm"] = warm.fetch(refs)
        # every live repository comes from the cache (dead links are looked at again)
        alive = sum(1 for facts in found[path].values() if facts.existence is Existence.EXISTS)
        assert warm.stats.cached >= alive, path
    return Paths(slugs, found)


def cut(*facts: RepoFacts) -> bool:
    """Whether any of these listings was cut short."""
    return any(f.paths_depth is not None or f.listing_cut_at is not None for f in facts)


def disagreements(one: RepoFacts, other: RepoFacts) -> list[str]:
    """Fields where both facts know a value and the values differ; a cut listing knows only
    part of the paths, so it must hold nothing the other lacks."""
    problems = []
    for item in fields(RepoFacts):
        if item.name in NOT_COMPARED:
            continue
        a, b = getattr(one, item.name), getattr(other, item.name)
        if item.name in ("paths", "paths_depth", "listing_cut_at") and cut(one, other):
            if item.name == "paths" and a is not None and b is not None:
                smaller, larger = (a, b) if cut(one) else (b, a)
                if not set(smaller) <= set(larger):
                    problems.append(f"paths: the cut listing holds {set(smaller) - set(larger)}")
            continue
        if a is not None and b is not None and a != b:
            problems.append(f"{item.name}: {str(a)[:120]!r} != {str(b)[:120]!r}")
    return problems


def finding_disagreements(
    one: tuple[Finding, ...], other: tuple[Finding, ...], wording: bool = True
) -> list[str]:
    """Criteria judged differently, unless one of them is `unknown`; with `wording`, their
    reasons and evidence must be the same too."""
    problems = []
    for a, b in zip(one, other, strict=True):
        if Verdict.UNKNOWN in (a.verdict, b.verdict):
            continue
        said_a, said_b = (a.reason, a.evidence), (b.reason, b.evidence)
        if (a.verdict, a.points) != (b.verdict, b.points) or (wording and said_a != said_b):
            problems.append(
                f"{a.criterion}: {a.verdict.value} {a.reason!r} / {b.verdict.value} {b.reason!r}"
            )
    return problems


def compare(paths: Paths) -> list[str]:
    """Every disagreement between the paths and their warm caches, repository by repository."""
    problems = []
    base = paths.facts["graphql"]
    for slug in paths.slugs:
        key = slug.lower()
        reference = base[key]
        for path, found in paths.facts.items():
            if path == "graphql":
                continue
            facts = found[key]
            problems += [f"{slug} graphql vs {path}: {p}" for p in disagreements(reference, facts)]
            mine, theirs = score_repository(reference, CTX), score_repository(facts, CTX)
            # A dead link's reason is each API's own wording ("451, reason: dmca" from REST), and
            # a cut listing counts only the files it holds: there the verdicts must agree
            wording = reference.existence is Existence.EXISTS and not cut(reference, facts)
            problems += [
                f"{slug} graphql vs {path}: {p}"
                for p in finding_disagreements(mine.findings, theirs.findings, wording)
            ]
    return problems


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Paths]]:
    folder = tmp_path_factory.mktemp("paths")
    with GitHubEmulator(folder / "github", anonymous_limit=100_000) as emu:
        example = build_example_world(emu)
        odd = add_odd_world(emu)
        randoms = add_random_world(emu, seed=13, count=200)
        yield {
            "example": _fetch_all(emu, example.slugs, folder / "example"),
            "odd": _fetch_all(emu, odd, folder / "odd"),
            "random": _fetch_all(emu, randoms, folder / "random"),
        }


@pytest.mark.parametrize("world", ["example", "odd", "random"])
def test_facts_and_findings_agree_on_every_path(worlds: dict[str, Paths], world: str) -> None:
    assert compare(worlds[world]) == []


def test_the_seeded_world_gets_identical_rubric_outcomes(worlds: dict[str, Paths]) -> None:
    paths = worlds["random"]
    outcomes = {
        path: [
            [(f.criterion, f.verdict) for f in score_repository(found[s.lower()], CTX).findings]
            for s in paths.slugs
        ]
        for path, found in paths.facts.items()
    }
    assert len(paths.slugs) == 200
    assert outcomes["rest+git"] == outcomes["graphql"]
    assert outcomes["graphql warm"] == outcomes["graphql"]
    assert outcomes["rest+git warm"] == outcomes["rest+git"]
