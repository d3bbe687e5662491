"""A flaky GitHub costs a token run a few `unknown`s, not whole batches.

30% of REST, GraphQL and git requests answer 502/503, and one repository fails its first two
requests whatever they are. Batches GitHub cannot answer are split and asked again in halves
(sources/batching.py), so the token run must give the clean run's verdict for at least 95% of
the code links, differ from it only by `unknown`, and spend at most twice the clean run's
requests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.emulator import GitHubEmulator, Kind, Weather
from tests.hardening.test_faults import World, audit, clean, departures, rows_of, world

__all__ = ["clean", "world"]  # the module-scoped fixtures this module shares with test_faults

FLAKY = "mdppml/TEA"  # in the example world: alive, so its clean verdict is a full one
STORM = Weather(seed=11, server_errors=0.3, kinds=frozenset({Kind.REST, Kind.GRAPHQL, Kind.GIT}))


def verdict(row: dict[str, Any]) -> tuple[object, ...]:
    """What a run concluded about one code link: its status and every criterion's verdict."""
    return (row["link_status"], tuple((f["criterion"], f["verdict"]) for f in row["findings"]))


def fail_one_repository_twice(emu: GitHubEmulator, slug: str) -> None:
    """The next two requests naming `slug` fail, on every face of GitHub."""
    owner, name = slug.split("/")
    emu.fail_next("graphql", 502, count=2, path_contains=f'"{name}"')
    emu.fail_next("rest", 503, count=2, path_contains=f"/{owner}/{name}")
    emu.fail_next("git", 503, count=2, path_contains=f"/{owner}/{name}")


def api_and_git(emu: GitHubEmulator) -> int:
    return sum(1 for r in emu.requests if r.kind in (Kind.REST, Kind.GRAPHQL, Kind.GIT))


def test_thirty_percent_5xx_and_one_flaky_repository_keep_the_clean_verdicts(
    world: World, clean: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    emu, path = world.emu, "graphql"
    emu.clear_requests()
    baseline = audit(world, path, tmp_path / "clean")  # the clean run's requests, counted
    clean_requests = api_and_git(emu)
    emu.clear_requests()
    storm = emu.storm(STORM)
    fail_one_repository_twice(emu, FLAKY)
    try:
        faulty = audit(world, path, tmp_path / "faulty", timeout=5)
    finally:
        emu.clear_faults()
    faulty_requests = api_and_git(emu)
    assert sum(storm.snapshot().values()) > 0, "the storm never struck"
    assert departures(clean[path], faulty) == []  # nothing but `unknown` may differ
    good, bad = rows_of(baseline), rows_of(faulty)
    kept = sum(1 for key, row in bad.items() if verdict(row) == verdict(good[key]))
    print(
        f"flaky {path}: {kept} of {len(bad)} code links keep the clean verdict; "
        f"{faulty_requests} requests against {clean_requests} clean; faults {storm.snapshot()}"
    )
    assert kept >= 0.95 * len(bad)
    assert faulty_requests <= 2 * clean_requests
