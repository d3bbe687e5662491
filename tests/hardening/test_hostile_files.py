"""Files that are not what they say (issue 18, items 7 and 12), through the installed `audit`.

A digest that is a device or a FIFO, NUL bytes after the first 8 KiB, one binary `.md` among
good ones, and a cache file that is not a database: each is one clear line, and whatever can
still be audited is.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening.installed import run_audit

TABLE = "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        yield emu


def _env(emu: GitHubEmulator, folder: Path) -> dict[str, str]:
    return {**emu.env("ghp_files00000000000000000000000000000000"), "HOME": str(folder)} | {
        "REPRO_AUDIT_CACHE_DIR": str(folder / "cache")
    }


def _good(emu: GitHubEmulator, path: Path) -> Path:
    path.write_text(TABLE + f"| A | 2025-10-01 | a | c | [Code]({emu.server_url}/lab/tool) |\n")
    return path


def _plant(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "late-nul":
        path.write_bytes(b"| Title |\n" + b"a" * 10_000 + b"\x00binary tail")


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("fifo", "not a regular file"),
        ("device", "not a regular file"),
        ("late-nul", "NUL byte at offset 10010"),
    ],
)
def test_a_digest_that_is_not_a_file_of_text_is_one_line(
    emulator: GitHubEmulator, tmp_path: Path, kind: str, says: str
) -> None:
    _plant(kind, tmp_path / "d.md")
    done = run_audit(["d.md"], _env(emulator, tmp_path), tmp_path, timeout=30)
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and says in done.stderr


@pytest.mark.parametrize("kind", ["fifo", "device", "late-nul"])
def test_one_bad_digest_among_good_ones_is_reported_and_the_rest_audited(
    emulator: GitHubEmulator, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "digests"
    folder.mkdir()
    _good(emulator, folder / "a.md")
    _plant(kind, folder / "b.md")
    _good(emulator, folder / "c.md")
    done = run_audit(["digests", "--format", "json"], _env(emulator, tmp_path), tmp_path, 60)
    # the others are audited and reported; the exit code still says a list went unread
    assert done.returncode == 3, done.stderr
    report = json.loads(done.stdout)
    assert [row["source"] for row in report["rows"]] == ["digests/a.md", "digests/c.md"]
    errors = [line for line in done.stderr.splitlines() if line.startswith("audit: error:")]
    assert len(errors) == 1 and "digests/b.md" in errors[0] and "skipped" in errors[0]
    assert any("digests/b.md" in note for note in report["notes"])


def test_a_damaged_cache_is_moved_aside_and_the_run_goes_on(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    env = _env(emulator, tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    digest = _good(emulator, tmp_path / "d.md")
    first = run_audit([digest.name], env, tmp_path)
    assert first.returncode == 0, first.stderr
    [database] = cache.glob("facts-v*.sqlite3")
    database.write_bytes(b"this is not SQLite" * 1000)
    for name in (database.name + "-wal", database.name + "-shm"):
        (cache / name).unlink(missing_ok=True)
    second = run_audit([digest.name, "--format", "json"], env, tmp_path)
    assert second.returncode == 0, second.stderr
    [row] = json.loads(second.stdout)["rows"]
    assert row["link_status"] == "alive"
    [warning] = [line for line in second.stderr.splitlines() if "damaged" in line]
    [aside] = cache.glob(database.name + ".corrupt-*")
    assert aside.read_bytes().startswith(b"this is not SQLite") and aside.name in warning
    third = run_audit([digest.name, "--format", "json"], env, tmp_path)
    assert third.returncode == 0 and "damaged" not in third.stderr  # the fresh cache is sound
