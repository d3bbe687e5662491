"""Peak memory and time to read hostile digests of 4 MB and 40 MB (issue 18, item 8).

Run: python bench/bench_memory_reading.py [--sizes 4,40] [--shape github.io]

Each size is read in a fresh process, which reports its time and its peak resident memory
(VmHWM) before and after reading: the difference is what reading cost, printed per MB of input,
and the growth from the smallest size to each larger one is put against the growth of the input
in the same run (linear: the same ratio). Before issue 18, 40 MB of `github.io.` took 34 s and
2.4 GB (59 times the input).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SHAPES = {
    "github.io": "'github.io.' * (mb * 100_000)",
    "code-urls": "' '.join(f'github.com/o/r{i}' for i in range(mb * 60_000))",
    "rows": "'| Title | Code |\\n| --- | --- |\\n' + ''.join("
    "f'| t{i} | https://github.com/o/r{i} |\\n' for i in range(mb * 25_000))",
}
CHILD = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from repro_audit.reading.digest import read_digest
mb = {mb}
text = {make}

def high_water():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

before = high_water()
wall, cpu = time.perf_counter(), time.process_time()
digest = read_digest(text, "hostile.md")
print(json.dumps({{"chars": len(text), "before": before, "after": high_water(),
                  "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "entries": len(digest.entries)}}))
"""


def measure(shape: str, mb: int) -> dict[str, float]:
    """One read in a fresh process: its input size, peak memory before and after, times."""
    code = CHILD.format(src=str(ROOT / "src"), mb=mb, make=SHAPES[shape])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4,40", help="input sizes in MB, smallest first")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="github.io")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"shape {args.shape!r}")
    print(f"{'MB':>5}{'chars':>12}{'cpu s':>8}{'wall s':>8}{'reading MB':>12}{'x input':>9}"
          f"{'growth':>8}{'input growth':>14}")  # fmt: skip
    first: dict[str, float] | None = None
    for mb in sizes:
        run = measure(args.shape, mb)
        cost = run["after"] - run["before"]
        first = first or {**run, "cost": cost}
        growth = cost / first["cost"] if first["cost"] > 0 else float("nan")
        print(f"{mb:>5}{run['chars']:>12,.0f}{run['cpu']:>8.2f}{run['wall']:>8.2f}"
              f"{cost / 1e6:>12.1f}{cost / run['chars']:>9.2f}{growth:>8.1f}"
              f"{run['chars'] / first['chars']:>14.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
