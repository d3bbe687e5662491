"""Benchmark: building the report of a digest whose rows repeat a few repositories.

Run:  python bench/bench_repeated_rows.py [--rows 100000] [--repositories 100]
Reads a synthetic digest and builds the report from calibration facts (no network, no cache),
so it times the pure middle alone: reading, link resolution, scoring and summary.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repro_audit.models import Existence, RepoRef  # noqa: E402
from repro_audit.reading.digest import read_digest  # noqa: E402
from repro_audit.report.assemble import build_report  # noqa: E402
from tests.scoring.calibration import CASES  # noqa: E402


def main() -> None:
    """Build the digest and time read + report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repositories", type=int, default=100)
    args = parser.parse_args()
    live = [case.facts for case in CASES if case.facts.existence is Existence.EXISTS]
    facts = {}
    for number in range(args.repositories):
        ref = RepoRef("github.com", "lab", f"r{number}")
        facts[ref.key] = replace(live[number % len(live)], ref=ref, canonical=ref.slug)
    lines = ["| Title | Date | Abstract | Comment | CodeRepository |", "|---|---|---|---|---|"]
    link = "[Code Link](https://github.com/lab/r{})"
    lines += [
        f"| P{n} | 2025-10-01 | a | c | {link.format(n % args.repositories)} |"
        for n in range(args.rows)
    ]
    started = time.perf_counter()
    digest = read_digest("\n".join(lines) + "\n", "digest.md")
    read = time.perf_counter() - started
    now = datetime(2025, 11, 20, tzinfo=timezone.utc)
    build_report([digest], facts, now, frozenset({"github.com"}))
    total = time.perf_counter() - started
    print(
        f"{args.rows} rows over {args.repositories} repositories: read {read:.2f} s, "
        f"read + report {total:.2f} s"
    )


if __name__ == "__main__":
    main()
