"""Time to read 10,000 rows of each layout, and the ratio to the reader before issue 12.

Run: python bench/bench_reading.py [--rows N] [--repeat R]

The baseline is the single-module reader of commit 76109df (read from git, so no copy of it is
kept), on the example layout, the only one it read fully. The goal (issue 12) is under 0.5 s
per 10,000 rows for every layout (the old reader took 0.33 s on a quiet machine); each layout's
runs alternate with the old reader's, and the ratio of the two fastest puts the figure against
the old reader on the same machine under the same load, so a busy machine does not fool it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from repro_audit.reading.digest import read_digest  # noqa: E402
from tests.reading.layouts import LAYOUTS, example_rows  # noqa: E402

BASELINE_COMMIT = "76109df"


@dataclass(frozen=True)
class _OldFoundLink:  # the old reader built links of three fields
    url: str
    origin: Any
    line: int


def baseline_reader() -> Callable[[str, str], Any] | None:
    """The old `read_digest`, loaded from git; None when git or the commit is not at hand."""
    try:
        source = subprocess.run(
            ["git", "show", f"{BASELINE_COMMIT}:src/repro_audit/reading/digest.py"],
            cwd=ROOT, capture_output=True, text=True, check=True, timeout=30,
        ).stdout  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    module = ModuleType("baseline_digest")
    sys.modules[module.__name__] = module  # dataclasses look their module up by name
    exec(compile(source, "baseline_digest.py", "exec"), module.__dict__)
    module.__dict__["FoundLink"] = _OldFoundLink
    reader: Callable[[str, str], Any] = module.__dict__["read_digest"]
    return reader


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """The fastest of `repeat` runs, as (wall seconds, CPU seconds of this process): the least
    disturbed by other work; CPU time counts only this process, so it holds on a shared machine
    where wall time also counts the waits for a core."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    old = baseline_reader()
    example = example_rows(args.rows)
    scale = 10_000 / args.rows
    print(f"{'layout':<15}{'rows':>7}{'entries':>9}{'wall s':>9}{'cpu s':>8}{'cpu/10k':>9}"
          f"{'old cpu':>9}  ratio (cpu, to the old reader on the example layout)")  # fmt: skip
    worst = 0.0
    for name, build in LAYOUTS.items():
        text = example if name == "example" else build(args.rows)
        entries = len(read_digest(text, "b.md").entries)
        new_runs, old_runs = [], []
        for _ in range(args.repeat):  # alternated, so both see the same load on a shared machine
            new_runs.append(best_of(1, lambda text=text: read_digest(text, "b.md")))  # type: ignore[misc]
            if old is not None:
                old_runs.append(best_of(1, lambda: old(example, "b.md")))
        wall, cpu = min(run[0] for run in new_runs), min(run[1] for run in new_runs)
        row = f"{name:<15}{args.rows:>7}{entries:>9}{wall:>9.3f}{cpu:>8.3f}{cpu * scale:>9.3f}"
        if old_runs:
            base = min(run[1] for run in old_runs)
            worst = max(worst, cpu / base)
            row += f"{base:>9.3f}  {cpu / base:.2f} x"
        print(row)
    if old is not None:
        print(f"old reader: commit {BASELINE_COMMIT}, example layout; worst ratio {worst:.2f} x")
    else:
        print("old reader not measured: git or commit", BASELINE_COMMIT, "not at hand")


if __name__ == "__main__":
    main()
