"""Benchmark: how long `audit` takes to start, against the same program importing eagerly.

Run:  python bench/bench_startup.py [--repeat 5]
Times `audit --version`, `audit --help`, `audit DIGEST --dump` and a run of a small digest
answered wholly from the cache (against the local emulator, no token), each as a fresh process,
median of --repeat runs. The
baseline is the same command in a process that first imports what the program imported before
(PyGithub, GitPython, requests, tqdm). Also prints what `python -X importtime` counts for
`repro_audit.cli.main` both ways, and which heavy libraries each command still loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.emulator import GitHubEmulator, RepoSpec  # noqa: E402

HEAVY = ("github", "git", "requests", "urllib3", "tqdm")
EAGER = "import github, git, requests, tqdm; "


def _code(argv: list[str], eager: bool) -> str:
    prelude = EAGER if eager else ""
    return (
        f"{prelude}import sys; sys.argv = ['audit', *{argv!r}]; "
        "from repro_audit.cli.entry import entry_point; entry_point()"
    )


def _seconds(argv: list[str], eager: bool, env: dict[str, str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _code(argv, eager)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _loaded(argv: list[str], env: dict[str, str]) -> list[str]:
    """Heavy top-level packages a command imported, from `-X importtime`."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", _code(argv, eager=False)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    names = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    return [name for name in HEAVY if name in names]


def _import_us(eager: bool, env: dict[str, str]) -> int:
    """Cumulative microseconds `-X importtime` gives the CLI module (plus the eager prelude)."""
    code = (EAGER if eager else "") + "import repro_audit.cli.main"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = [line.split("|") for line in done.stderr.splitlines()]
    # the top-level entries (one space before the name) add up to the whole import
    return sum(int(row[1]) for row in rows[1:] if len(row) == 3 and not row[2].startswith("  "))


def main() -> None:
    """Print each command's start-up time, lazy and eager, and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, GitHubEmulator(Path(folder) / "gh") as emu:
        for number in range(5):
            emu.add_repo(RepoSpec("lab", f"tool{number}"))
        digest = Path(folder) / "digest.md"
        rows = [f"| P{n} | 2025-10-01 | a | c | {emu.server_url}/lab/tool{n} |" for n in range(5)]
        table = ["| Title | Date | Abstract | Comment | CodeRepository |", "|---|---|---|---|---|"]
        digest.write_text("\n".join(table + rows) + "\n", encoding="utf-8")
        env = {**os.environ, **emu.env(None), "REPRO_AUDIT_CACHE_DIR": folder}
        env.pop("GITHUB_TOKEN", None)
        env.pop("GH_TOKEN", None)
        cached = [str(digest), "--format", "csv", "--quiet"]
        subprocess.run(
            [sys.executable, "-c", _code(cached, False)], env=env, capture_output=True, check=True
        )
        print(f"{'command':<28}{'lazy s':>9}{'eager s':>9}{'ratio':>8}  heavy libraries loaded")
        for label, argv in (
            ("--version", ["--version"]),
            ("--help", ["--help"]),
            ("--dump", [str(digest), "--dump"]),
            ("cached run", cached),
        ):
            lazy = _seconds(argv, False, env, args.repeat)
            eager = _seconds(argv, True, env, args.repeat)
            loaded = ", ".join(_loaded(argv, env)) or "none"
            print(f"{label:<28}{lazy:>9.3f}{eager:>9.3f}{lazy / eager:>8.2f}  {loaded}")
        lazy_us, eager_us = _import_us(False, env), _import_us(True, env)
        print(
            f"-X importtime, repro_audit.cli.main: {lazy_us / 1e6:.3f} s lazy, "
            f"{eager_us / 1e6:.3f} s eager, ratio {lazy_us / eager_us:.2f}"
        )


if __name__ == "__main__":
    main()
