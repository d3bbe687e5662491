"""Run `audit` on the example digest against the local GitHub emulator and count its requests.

Run:  python bench/example_run.py [--token] [audit options...]
The emulator holds every repository the example digest links (tests/emulator/example_world.py),
so the run shows what a real one would, and prints what the emulator saw. Nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.emulator import GitHubEmulator  # noqa: E402
from tests.emulator.example_world import build_example_world  # noqa: E402


def main() -> int:
    """Start the emulator, run the installed `audit`, print its output and the request counts."""
    arguments = sys.argv[1:]
    token = "ghp_example_token" if "--token" in arguments else None
    arguments = [part for part in arguments if part != "--token"]
    with tempfile.TemporaryDirectory() as folder, GitHubEmulator(Path(folder)) as emulator:
        build_example_world(emulator)
        env = {**os.environ, **emulator.env(token), "REPRO_AUDIT_CACHE_DIR": folder}
        if token is None:
            env.pop("GITHUB_TOKEN", None)
            env.pop("GH_TOKEN", None)
        done = subprocess.run(
            [sys.executable, "-m", "repro_audit", str(ROOT / "examples" / "digest.md"), *arguments],
            env=env,
            check=False,
        )
        seen = Counter(record.kind.value for record in emulator.requests)
        print(f"exit code {done.returncode}; the emulator saw {dict(sorted(seen.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
