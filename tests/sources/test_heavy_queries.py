"""GitHub's heavy-query failures against the emulator: one slow repository costs one `unknown`.

The emulator answers a GraphQL query whose cost (repositories x the most tree entries one of
them lists) is above its limit with GitHub's 502 "couldn't respond to your request in time".
"""

from __future__ import annotations

from dataclasses import replace

from repro_audit.models import Existence, RepoRef
from repro_audit.sources import FetchOptions, GitHubSource, RetryPolicy, endpoints_from_env
from tests.emulator import GitHubEmulator, Kind, RepoSpec

TOKEN = "ghp_heavy_queries_token"
FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_total=10.0, max_hint=1.0)
OPTIONS = FetchOptions(policy=FAST, timeout=10.0, graphql_parallel=1)
SMALL = {"README.md": "# r\n", "requirements.txt": "torch\n", "a.py": "x\n", "b.py": "y\n"}


def _refs(names: list[str]) -> list[RepoRef]:
    return [RepoRef("github.com", "lab", name) for name in names]


def _world(emu: GitHubEmulator, small: int, slow: bool, cost_limit: int) -> list[str]:
    """`small` repositories of 5 entries (and `lab/slow`: 150 root entries); names, slow last."""
    names = [f"r{i:02d}" for i in range(small)]
    for name in names:
        emu.add_repo(RepoSpec("lab", name, files=SMALL))
    if slow:
        emu.add_repo(RepoSpec("lab", "slow", files={f"f{i:03d}.txt": "x" for i in range(150)}))
    emu.query_cost_limit = cost_limit
    return [*names, "slow"] if slow else names


def _graphql(emu: GitHubEmulator) -> list[int]:
    """Aliases of each facts batch GitHub answered or refused, in order (status < 0: refused)."""
    return [
        r.aliases if r.status == 200 else -r.aliases
        for r in emu.requests
        if r.kind is Kind.GRAPHQL and r.operation == "Batch"
    ]


def test_one_slow_repository_costs_one_unknown(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    names = _world(emu, 12, slow=True, cost_limit=100)  # 13 x 5 entries pass; 150 alone do not
    source = GitHubSource(endpoints_from_env(emu.env(TOKEN)), OPTIONS)
    facts = source.fetch(_refs([*names[:6], "slow", *names[6:12]]))
    slow = facts.pop("lab/slow")
    assert slow.existence is Existence.UNKNOWN
    assert "couldn't respond to your request in time" in slow.reason
    assert all(f.existence is Existence.EXISTS and f.paths for f in facts.values())
    asked = _graphql(emu)
    assert asked[0] == -13  # the whole batch failed once, and was not asked again as it was
    assert asked.count(-1) == FAST.attempts  # alone, the slow one had its retries
    assert sum(n for n in asked if n > 0) == 12 and len(asked) <= 2 * 4 + FAST.attempts


def test_the_batch_size_that_worked_is_kept_for_the_rest_of_the_run(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    names = _world(emu, 40, slow=False, cost_limit=60)  # 20 x 5 entries is too much, 10 x 5 not
    options = replace(OPTIONS, batch_size=20)
    facts = GitHubSource(endpoints_from_env(emu.env(TOKEN)), options).fetch(_refs(names))
    assert all(f.existence is Existence.EXISTS for f in facts.values())
    # 20 refused, its halves answered: from then on batches of 10, none refused again
    assert _graphql(emu) == [-20, 10, 10, 10, 10]


def test_without_splitting_a_slow_repository_sinks_its_batch(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    names = _world(emu, 5, slow=True, cost_limit=100)
    options = replace(OPTIONS, split_batches=False)  # the behaviour before batches were split
    facts = GitHubSource(endpoints_from_env(emu.env(TOKEN)), options).fetch(_refs(names))
    assert all(f.existence is Existence.UNKNOWN for f in facts.values())
    assert _graphql(emu) == [-6] * FAST.attempts
