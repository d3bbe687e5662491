"""Benchmark: heavy GraphQL queries, split batches and whole trees, against the previous behaviour.

Run:  python bench/bench_heavy_queries.py [--repos 1000] [--slow 10] [--deep 0.2] [--cost 750]

Builds a world of N repositories on the local GitHub emulator: most hold 5-15 entries, a share
`--deep` hides their training script four folders down (below GraphQL's three nested levels),
and `--slow` repositories hold 1,500 root entries. The emulator answers any GraphQL query whose
cost (repositories x the most tree entries one of them lists) is above `--cost` with GitHub's
502 "couldn't respond to your request in time", so a batch of 50 ordinary repositories passes,
any batch holding a slow one fails, and a slow one fails even alone. Both behaviours fetch the
same world in the same run, with a token:

  before   a failed batch is retried as it is, then unknown whole; trees stay at three levels
           (FetchOptions.split_batches=False: the code before this change)
  now      failed batches are split in halves; cut trees completed by one REST request each

and it prints, for each: requests by kind, unknown repositories, and deep repositories whose
training script was found. Traffic goes only to the emulator on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repro_audit.models import Existence, RepoRef  # noqa: E402
from repro_audit.sources import FetchOptions, GitHubSource, endpoints_from_env  # noqa: E402
from tests.emulator import GitHubEmulator, Kind, RepoSpec  # noqa: E402

TOKEN = "ghp_benchmark_token"
DEEP_SCRIPT = "experiments/x/tools/train_x.py"
SLOW_ENTRIES = 1500  # root entries of a repository too heavy for one query on its own


@dataclass(frozen=True)
class Outcome:
    """One behaviour's run over the world."""

    label: str
    seconds: float
    graphql: int
    rest: int
    failed_graphql: int
    unknown: int
    deep_found: int


def build(emu: GitHubEmulator, count: int, slow: int, deep: float, seed: int) -> tuple[
    list[RepoRef], set[str], set[str]
]:  # fmt: skip
    """The world: (refs in digest order, slow keys, deep keys)."""
    chance = random.Random(seed)
    slow_at = set(chance.sample(range(count), slow))
    refs, slow_keys, deep_keys = [], set(), set()
    for number in range(count):
        name = f"repo-{number:04d}"
        files = {"README.md": f"# {name}\n", "requirements.txt": "torch==2.3.1\n"}
        for extra in range(chance.randint(3, 13)):
            files[f"src/m{extra}.py"] = f"x = {extra}\n"
        if number in slow_at:
            files.update({f"data_{i:04d}.csv": "a,b\n" for i in range(SLOW_ENTRIES)})
            slow_keys.add(f"lab/{name}")
        elif chance.random() < deep:
            files[DEEP_SCRIPT] = "print('train')\n"
            deep_keys.add(f"lab/{name}")
        emu.add_repo(RepoSpec("lab", name, files=files))
        refs.append(RepoRef("github.com", "lab", name))
    return refs, slow_keys, deep_keys


def run(emu: GitHubEmulator, refs: list[RepoRef], deep: set[str], split: bool) -> Outcome:
    emu.clear_requests()
    options = FetchOptions(split_batches=split, workers=8)
    source = GitHubSource(endpoints_from_env(emu.env(TOKEN)), options)
    started = time.perf_counter()
    facts = source.fetch(refs)
    seconds = time.perf_counter() - started
    records = emu.requests
    return Outcome(
        label="now" if split else "before",
        seconds=seconds,
        graphql=sum(1 for r in records if r.kind is Kind.GRAPHQL),
        rest=sum(1 for r in records if r.kind is Kind.REST),
        failed_graphql=sum(1 for r in records if r.kind is Kind.GRAPHQL and r.status >= 500),
        unknown=sum(1 for f in facts.values() if f.existence is Existence.UNKNOWN),
        deep_found=sum(1 for key in deep if DEEP_SCRIPT in (facts[key].paths or ())),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=10)
    parser.add_argument("--deep", type=float, default=0.2)
    parser.add_argument("--cost", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, GitHubEmulator(Path(folder)) as emu:
        started = time.perf_counter()
        refs, slow, deep = build(emu, args.repos, args.slow, args.deep, args.seed)
        print(
            f"world: {len(refs)} repositories ({len(slow)} slow on their own, {len(deep)} with "
            f"training code 4 folders down), built in {time.perf_counter() - started:.0f} s; "
            f"GraphQL queries costing more than {args.cost} time out"
        )
        emu.query_cost_limit = args.cost
        outcomes = [run(emu, refs, deep, split=False), run(emu, refs, deep, split=True)]
    print(f"{'':8}{'graphql':>9}{'(502)':>7}{'rest':>6}{'total':>7}{'unknown':>9}"
          f"{'deep found':>12}{'seconds':>9}")  # fmt: skip
    for o in outcomes:
        print(
            f"{o.label:8}{o.graphql:>9}{o.failed_graphql:>7}{o.rest:>6}{o.graphql + o.rest:>7}"
            f"{o.unknown:>9}{f'{o.deep_found}/{len(deep)}':>12}{o.seconds:>9.1f}"
        )
    before, now = outcomes
    print(
        f"unknown: {before.unknown} -> {now.unknown} (slow on their own: {len(slow)}); "
        f"requests: {before.graphql + before.rest} -> {now.graphql + now.rest} "
        f"(x{(now.graphql + now.rest) / max(1, before.graphql + before.rest):.2f}); "
        f"GraphQL alone x{now.graphql / max(1, before.graphql):.2f}"
    )


if __name__ == "__main__":
    main()
