"""History records a pull request forged (issue 18, item 11; item 7 for records).

A record folder is part of the repository: these tests plant hostile records next to real ones
written by the installed `audit`, then run `audit`, `audit report` and `audit diff` over them.
Each bad record is skipped with one note naming it, and the real history still counts.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening.installed import run_audit

SCHEMA = Path(__file__).parents[2] / "src" / "repro_audit" / "schema" / "history-record.schema.json"
TABLE = "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        yield emu


def _first_run(emu: GitHubEmulator, folder: Path) -> tuple[dict[str, str], Path]:
    """A digest with one dead link, recorded once (dead after 2 runs: failing so far)."""
    (folder / "d.md").write_text(
        TABLE
        + f"| A | 2025-10-01 | a | c | [Code]({emu.server_url}/lab/tool) |\n"
        + f"| B | 2025-10-02 | a | c | [Code]({emu.server_url}/lab/gone) |\n"
    )
    env = {**emu.env("ghp_history0000000000000000000000000000"), "HOME": str(folder)}
    env["REPRO_AUDIT_CACHE_DIR"] = str(folder / "cache")
    done = run_audit(["d.md", "--history", "audits", "--fail-on", "never"], env, folder)
    assert done.returncode == 0, done.stderr
    [record] = sorted((folder / "audits" / "d").glob("*.json"))
    return env, record


def _forged(record: Path) -> dict[str, object]:
    document = json.loads(record.read_text())
    assert isinstance(document, dict)
    return document


def test_real_records_match_the_schema(emulator: GitHubEmulator, tmp_path: Path) -> None:
    _, record = _first_run(emulator, tmp_path)
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text())).validate(_forged(record))


def _plant(kind: str, record: Path) -> None:
    folder = record.parent
    document = _forged(record)
    rows: list[dict[str, object]] = document["rows"]  # type: ignore[assignment]
    if kind == "overflow":
        text = record.read_text().replace('"line":3', '"line":1e999', 1)
        assert text != record.read_text()
        (folder / "20251201T000000Z.json").write_text(text)
        return
    if kind == "deep":
        (folder / "20251201T000000Z.json").write_text("[" * 100_000 + "]" * 100_000)
        return
    if kind == "fifo":
        os.mkfifo(folder / "20251201T000000Z.json")
        return
    if kind == "device":
        (folder / "20251201T000000Z.json").symlink_to("/dev/zero")
        return
    if kind == "list-line":
        rows[0]["line"] = [1]
    if kind == "future":  # every link alive, dated so every later run looks older
        document["generated_at"] = "9999-12-31T23:59:59Z"
        for row in rows:
            row["link_status"] = "alive"
        (folder / "99991231T235959Z.json").write_text(json.dumps(document))
        return
    (folder / "20251201T000000Z.json").write_text(json.dumps(document))


@pytest.mark.parametrize("kind", ["overflow", "list-line", "deep", "future", "fifo", "device"])
def test_a_forged_record_is_skipped_and_the_real_history_counts(
    emulator: GitHubEmulator, tmp_path: Path, kind: str
) -> None:
    env, record = _first_run(emulator, tmp_path)
    _plant(kind, record)
    second = run_audit(
        ["d.md", "--history", "audits", "--fail-on", "never"], env, tmp_path, timeout=60
    )
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr and "internal error" not in second.stderr
    skipped = [line for line in second.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1, second.stderr
    # the real first run and this one: the dead link is confirmed after its second failing run
    assert "1 dead, 0 failing" in second.stderr, second.stderr
    for argv in (["report", "--history", "audits"], ["diff", "--history", "audits"]):
        done = run_audit(argv, env, tmp_path, timeout=60)
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr and "skipped" in done.stderr, done.stderr


def test_a_symlinked_digest_folder_is_not_written_through(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    env, record = _first_run(emulator, tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = record.parent
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    done = run_audit(["d.md", "--history", "audits", "--fail-on", "never"], env, tmp_path)
    assert list(outside.iterdir()) == []
    assert done.returncode != 0 and "symbolic link" in done.stderr, done.stderr
