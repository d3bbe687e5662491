"""Repositories built to cost the reader time, memory and disk (issue 18, item 5).

A tree bomb: a handful of tree objects that name each other, so a few kilobytes spell 262,144
paths (8 levels of 8 folders over 8 files would be 16 million; the test keeps the uncut
reading of the old code affordable). A README of 40 MB of one letter, about 40 KB packed. Both
are planted in the emulator's bare repositories with git's plumbing and audited anonymously
(REST + git) by the installed `audit`: the listing is cut at MAX_TREE_ENTRIES and said so, the
README is `file too large`, and both criteria are unknown rather than failed.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repro_audit.sources.gitclone import MAX_TEXTS_BYTES, MAX_TREE_ENTRIES
from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening.installed import run_audit

FAN, LEVELS = 8, 6  # 8 ** 6 = 262,144 files


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


def _audit(emu: GitHubEmulator, folder: Path, name: str) -> dict[str, Any]:
    (folder / "d.md").write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| P | 2025-10-01 | a | c | [Code]({emu.server_url}/lab/{name}) |\n"
    )
    env = {**emu.env(None), "REPRO_AUDIT_CACHE_DIR": str(folder / "c"), "HOME": str(folder)}
    done = run_audit(["d.md", "--format", "json", "--explain"], env, folder, timeout=300)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["rows"]
    assert row["link_status"] == "alive", row
    return dict(row)


def test_a_tree_bomb_is_read_up_to_the_cap_and_said_to_be_cut(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    assert FAN**LEVELS > MAX_TREE_ENTRIES
    row = _audit(emulator, tmp_path, "bomb")
    [gap] = [gap for gap in row["facts"]["gaps"] if "listing cut" in gap]
    listed = int(gap.split("cut at ")[1].split()[0])
    assert 0 < listed <= MAX_TREE_ENTRIES < FAN**LEVELS, gap
    assert "whole 6 levels deep" in gap  # breadth first: src/d0..d4/d5 are whole, files cut


def test_a_huge_readme_is_file_too_large_not_read(emulator: GitHubEmulator, tmp_path: Path) -> None:
    row = _audit(emulator, tmp_path, "bigreadme")
    text = json.dumps(row)
    assert "file too large" in text, text[:2000]
    readme = [f for f in row["findings"] if "readme" in f["criterion"].lower()]
    assert readme and {f["verdict"] for f in readme} == {"unknown"}, readme
