"""Repositories built to cost the reader time, memory and disk (issue 18, item 5).

A tree bomb: eleven tree objects, each naming the next five times, so a few kilobytes spell
5 ** 11 = 48,828,125 file paths (61 million with the folders; the review's bomb of 10 million
took 205 s and 5.4 GB). A README of 32 MB of one letter, about 32 KB packed. Both are planted
in the emulator's bare repositories with git's plumbing and audited anonymously (REST + git)
by the installed `audit`, its wall time and peak memory (the largest process: `audit` or a git
it ran) measured: the listing is cut at MAX_TREE_ENTRIES and said so, the README is `file too
large`, and both criteria are `unknown (...)` rather than failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repro_audit.sources.gitclone import MAX_TEXTS_BYTES, MAX_TREE_ENTRIES
from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening.installed import BASE_ENV, SCRIPT, run_audit

FAN, LEVELS = 5, 11  # 5 ** 11 = 48,828,125 files
SECONDS, PEAK_BYTES = 120, 1024**3  # bounds asserted; docs/security.md gives what was measured
# runs the installed script and writes its wall time and the peak RSS of its largest process
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "started = time.monotonic()\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
    "open(sys.argv[1], 'w').write(f'{time.monotonic() - started} {peak}')\n"
    "sys.exit(code)\n"
)


def _git(bare: Path, *args: str, data: bytes | None = None) -> str:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "GIT_DIR": str(bare),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(bare),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "GIT_AUTHOR_DATE": "2025-10-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2025-10-01T00:00:00Z",
    }
    done = subprocess.run(["git", *args], input=data, env=env, capture_output=True, check=True)
    return done.stdout.decode().strip()


Entry = tuple[str, str, str, str]  # mode, type, sha, name


def _tree(bare: Path, entries: list[Entry]) -> str:
    text = "".join(f"{mode} {kind} {sha}\t{name}\n" for mode, kind, sha, name in entries)
    return _git(bare, "mktree", data=text.encode())


def _blob(bare: Path, data: bytes) -> str:
    return _git(bare, "hash-object", "-w", "--stdin", data=data)


def _commit_root(bare: Path, entries: list[Entry]) -> None:
    commit = _git(bare, "commit-tree", _tree(bare, entries), "-m", "planted")
    _git(bare, "update-ref", "refs/heads/main", commit)


def plant_tree_bomb(bare: Path) -> None:
    """FAN files, then LEVELS - 1 levels of FAN folders that are all the same tree object."""
    blob = _blob(bare, b"x\n")
    tree = _tree(bare, [("100644", "blob", blob, f"f{i}.py") for i in range(FAN)])
    for _ in range(LEVELS - 1):
        tree = _tree(bare, [("040000", "tree", tree, f"d{i}") for i in range(FAN)])
    readme = _blob(bare, b"# Bomb\n")
    _commit_root(bare, [("100644", "blob", readme, "README.md"), ("040000", "tree", tree, "src")])


def plant_big_readme(bare: Path, size: int) -> None:
    readme, deps = _blob(bare, b"a" * size), _blob(bare, b"numpy==1.26.4\n")
    entries = [("100644", "blob", readme, "README.md")]
    _commit_root(bare, [*entries, ("100644", "blob", deps, "requirements.txt")])


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "bomb"))
        emu.add_repo(RepoSpec("lab", "bigreadme"))
        plant_tree_bomb(emu.git_dir("lab/bomb"))
        plant_big_readme(emu.git_dir("lab/bigreadme"), 2 * MAX_TEXTS_BYTES + 1)
        yield emu


def _audit(emu: GitHubEmulator, folder: Path, name: str) -> tuple[dict[str, Any], str]:
    """The json row of one audit of `lab/name`, and the table of the same run from the cache."""
    (folder / "d.md").write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| P | 2025-10-01 | a | c | [Code]({emu.server_url}/lab/{name}) |\n"
    )
    env = {**emu.env(None), "REPRO_AUDIT_CACHE_DIR": str(folder / "c"), "HOME": str(folder)}
    measured = folder / "measured"
    args = ["d.md", "--format", "json", "--explain"]
    command = ["-c", _MEASURE, str(measured), str(SCRIPT), *args]
    done = subprocess.run(
        [sys.executable, *command], env={**BASE_ENV, **env}, cwd=folder, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seconds, peak = (float(x) for x in measured.read_text().split())
    print(f"lab/{name}: {seconds:.1f} s, peak {peak / 2**20:.0f} MiB")  # shown with -s
    assert seconds < SECONDS and peak < PEAK_BYTES, (seconds, peak)
    [row] = json.loads(done.stdout)["rows"]
    assert row["link_status"] == "alive", row
    table = run_audit(["d.md", "--explain"], env, folder)
    assert table.returncode == 0, table.stderr
    return dict(row), table.stdout


def test_a_tree_bomb_is_read_up_to_the_cap_and_said_to_be_cut(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    assert FAN**LEVELS >= 10_000_000
    row, table = _audit(emulator, tmp_path, "bomb")
    [gap] = [gap for gap in row["facts"]["gaps"] if "listing cut" in gap]
    assert f"cut at {MAX_TREE_ENTRIES:,} entries" in gap, gap
    # breadth first: 5 + 25 + ... + 5 ** 7 = 97,655 entries are whole 8 levels deep
    assert "whole 8 levels deep" in gap, gap
    cut = [f for f in row["findings"] if f["reason"].startswith("listing cut at")]
    assert cut and {f["verdict"] for f in cut} == {"unknown"}, row["findings"]
    assert {f["shown"] for f in cut} == {f"unknown (listing cut at {MAX_TREE_ENTRIES:,} entries)"}
    assert f"unknown (listing cut at {MAX_TREE_ENTRIES:,} entries)" in table, table


def test_a_huge_readme_is_file_too_large_not_read(emulator: GitHubEmulator, tmp_path: Path) -> None:
    row, table = _audit(emulator, tmp_path, "bigreadme")
    text = json.dumps(row)
    assert "file too large" in text, text[:2000]
    readme = [f for f in row["findings"] if "readme" in f["criterion"].lower()]
    assert readme and {f["verdict"] for f in readme} == {"unknown"}, readme
    assert {f["shown"] for f in readme} == {"unknown (file too large)"}, readme
    assert "unknown (file too large)" in table, table
