"""Benchmark: a run's peak memory does not grow with the size of the READMEs it reads.

Run:  python bench/bench_memory.py [--count 1000] [--readme-kb 1,16,60]

For each README size it builds a world of `count` healthy repositories whose READMEs (and
requirements files) are that large and runs `audit` twice, each in a fresh process: cold (asking
the emulator, filling a cache) and warm (from that cache), printing each process's own peak
resident memory (VmHWM, Linux). Scores are made as facts arrive and the texts are dropped once
scored, so the peak should grow far less than the text read. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_audit import PAPER_DAY, TOKEN, run_ours, warm_child, write_digest  # noqa: E402

from tests.emulator import GitHubEmulator, RepoSpec  # noqa: E402

PARAGRAPH = (
    "We train the model for 300 epochs with AdamW and a cosine schedule; see the paper for the "
    "ablations. Results are averaged over three seeds and reported with standard deviations.\n"
)


def readme(kilobytes: int) -> str:
    """A README of about `kilobytes` KB: install and run sections, then prose."""
    head = "# Code\n\n## Install\n\n```\npip install -r requirements.txt\n```\n\n## Details\n\n"
    repeats = max(0, kilobytes * 1024 - len(head)) // len(PARAGRAPH)
    return head + PARAGRAPH * repeats


def requirements(kilobytes: int) -> str:
    """A pinned requirements file of about `kilobytes` KB."""
    lines = [f"package-{n}==1.{n}.0" for n in range(max(1, kilobytes * 1024 // 22))]
    return "\n".join(lines) + "\n"


def world(emu: GitHubEmulator, count: int, kilobytes: int) -> list[str]:
    """`count` healthy repositories with texts of that size; their slugs."""
    files = {
        "README.md": readme(kilobytes),
        "requirements.txt": requirements(kilobytes),
        "train.py": "print('train')\n",
    }
    slugs = []
    for index in range(count):
        owner, name = f"lab{index % 97}", f"big-{index}"
        day = PAPER_DAY + timedelta(days=index % 30)
        spec = RepoSpec(owner, name, files=files, commit_dates=(day,), license_spdx="MIT")
        emu.add_repo(spec)
        slugs.append(f"{owner}/{name}")
    return slugs


def measure(count: int, kilobytes: int, work: Path) -> tuple[int, int, float]:
    """Peak MiB of a cold and of a warm run, each in a fresh process, and the warm run's
    seconds."""
    with GitHubEmulator(work / f"github-{kilobytes}", token_limit=10**9) as emu:
        digest = work / f"digest-{kilobytes}.md"
        write_digest(digest, world(emu, count, kilobytes))
        run_ours(emu, digest, work / f"warm-up-{kilobytes}", TOKEN)  # the emulator reads git
        cache = work / f"cache-{kilobytes}"
        _, cold = warm_child(digest, emu, cache)  # an empty cache: this run asks GitHub
        seconds, warm = warm_child(digest, emu, cache)
    return cold, warm, seconds


def main_cli() -> None:
    """Parse options and measure each README size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--readme-kb", default="1,16,60")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="repro-audit-memory-") as folder:
        for kilobytes in (int(part) for part in args.readme_kb.split(",")):
            cold, warm, seconds = measure(args.count, kilobytes, Path(folder))
            texts = args.count * kilobytes * 2 / 1024
            print(
                f"{args.count} repositories, README and requirements of {kilobytes} KB each "
                f"({texts:.0f} MiB of text read): peak {cold} MiB cold, {warm} MiB warm "
                f"({seconds:.2f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main_cli()
