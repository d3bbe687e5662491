"""What `--changed-since` saves on a pull request: the example digest with three rows added.

Run:  python bench/bench_changed_since.py [--token]
A git repository in a temporary folder holds the example digest as the base commit; the "pull
request" copies three of its rows (new titles, same repositories) to the end. The whole digest
and the changed rows are then audited against the local emulator (50 ms per request, no cache),
and the requests and wall time of both runs are printed with their ratio. Nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import git

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.emulator import GitHubEmulator  # noqa: E402
from tests.emulator.example_world import build_example_world  # noqa: E402


def _pull_request(folder: Path) -> tuple[Path, str]:
    """The base commit, then three linked rows copied to the end under new titles."""
    repo = git.Repo.init(folder / "list", initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "bench")
        config.set_value("user", "email", "bench@example.invalid")
    digest = folder / "list" / "digest.md"
    text = (ROOT / "examples" / "digest.md").read_text(encoding="utf-8")
    digest.write_text(text, encoding="utf-8")
    repo.git.add(A=True)
    base = repo.index.commit("base").hexsha
    linked = [line for line in text.splitlines() if "[Code Link](https://github.com/" in line]
    added = [line.replace("**[", "**[New: ", 1) for line in linked[:3]]
    digest.write_text(text.rstrip("\n") + "\n" + "\n".join(added) + "\n", encoding="utf-8")
    return digest, str(base)


def _run(env: dict[str, str], emulator: GitHubEmulator, *args: str) -> tuple[float, int, int]:
    emulator.clear_requests()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "repro_audit", *args, "--no-cache", "--format", "json"],
        env=env,
        capture_output=True,
        check=False,
    )
    return time.perf_counter() - started, len(emulator.requests), done.returncode


def main() -> int:
    """Audit the whole digest, then only the pull request's rows; print both and the ratio."""
    token = "ghp_bench_token" if "--token" in sys.argv[1:] else None
    with tempfile.TemporaryDirectory() as name, GitHubEmulator(Path(name) / "emu") as emulator:
        build_example_world(emulator)
        emulator.latency = 0.05
        digest, base = _pull_request(Path(name))
        env = {**os.environ, **emulator.env(token)}
        if token is None:
            env.pop("GITHUB_TOKEN", None)
            env.pop("GH_TOKEN", None)
        whole = _run(env, emulator, str(digest))
        changed = _run(env, emulator, str(digest), "--changed-since", base)
    path = "GraphQL" if token else "REST + git"
    print(f"example digest + 3 added rows, {path}, 50 ms per request, no cache")
    print(f"  whole digest:      {whole[0]:6.2f} s  {whole[1]:4d} requests  exit {whole[2]}")
    print(f"  --changed-since:   {changed[0]:6.2f} s  {changed[1]:4d} requests  exit {changed[2]}")
    requests = whole[1] / max(1, changed[1])
    print(f"  ratio: {whole[0] / changed[0]:.1f}x time, {requests:.1f}x requests")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
