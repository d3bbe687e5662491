"""The example digest with Software Heritage records: every format shows archive status; an
archive that is down or rate limited leaves link statuses as they were; the tokens stay home."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repro_audit.cli.main import ExitCode
from tests.cli.test_cli import EXAMPLE, SCHEMA, TOKEN, Run
from tests.conftest import ArchivedExample
from tests.emulator import GitHubEmulator
from tests.emulator.example_archive import NOT_ARCHIVED_DEAD
from tests.emulator.swh import SwhEmulator, digest

SWH_TOKEN = "swh_canary_token"
DEAD_ARCHIVED = "LQH89757/MICS"


def archive_env(
    emu: GitHubEmulator, swh: SwhEmulator, tmp_path: Path, swh_token: str = SWH_TOKEN
) -> dict[str, str]:
    """Both emulators' variables, both tokens, and a cache of the test's own."""
    return {**emu.env(TOKEN), **swh.env(swh_token), "XDG_CACHE_HOME": str(tmp_path)}


def _rows(run: Run) -> dict[str, dict[str, Any]]:
    rows = run.json()["rows"]
    assert isinstance(rows, list)
    return {row["repo"]: row for row in rows if row["repo"]}


def test_example_json_carries_archive_records(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, world, swh, archive = archived_example.parts
    run = Run([str(EXAMPLE), "--format", "json"], archive_env(emu, swh, tmp_path))
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr
    document = run.json()
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    rows = _rows(run)
    for slug, visited in archive.latest.items():
        record = rows[slug]["archive"]
        assert record["state"] == "archived", slug
        assert record["swhid"] == "swh:1:snp:" + archive.snapshots[slug]
        assert record["visited_at"][:10] == visited.date().isoformat()
        assert record["url"].startswith(swh.api_url.removesuffix("/api/1") + "/browse/origin/")
    findings = {f["criterion"]: f for f in rows["brain-intelligence-lab/SPHeRe"]["findings"]}
    days = (archive.latest["brain-intelligence-lab/SPHeRe"].date() - world.paper_dates[
        "brain-intelligence-lab/SPHeRe"]).days  # fmt: skip
    assert findings["archived"]["verdict"] == "pass"
    assert f"last visit {days} days after the paper" in findings["archived"]["reason"]
    falcon = {f["criterion"]: f for f in rows["TianHuiLab/Falcon"]["findings"]}
    assert falcon["archived"]["verdict"] == "partial"  # its only snapshot predates the paper
    assert "CITATION.cff does not validate" in falcon["doi"]["reason"]  # title only, no authors
    dead = rows[DEAD_ARCHIVED]
    assert dead["link_status"] == world.expected_status[DEAD_ARCHIVED] == "dead"
    assert rows[NOT_ARCHIVED_DEAD]["archive"]["state"] == "not_archived"
    for slug in archive.known_without_snapshot:
        assert rows[slug]["archive"]["state"] == "not_archived"
    summary = document["summary"]
    assert summary["archived"] == len(archive.latest) and summary["dead_archived"] == 1
    requests = document["requests"]
    assert isinstance(requests, dict) and requests["archive"] == len(swh.requests) > 0
    # canaries: the SWH token only at SWH, GitHub's never there, SWH's never at GitHub
    assert {request.credential for request in swh.requests} == {digest(SWH_TOKEN)}
    assert all(request.credential != digest(SWH_TOKEN) for request in emu.requests)
    assert any(request.credential == digest(TOKEN) for request in emu.requests)
    assert SWH_TOKEN not in run.stdout + run.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_text_formats_show_the_archived_copy(
    archived_example: ArchivedExample,
    tmp_path: Path,
    fmt: str,
) -> None:
    emu, _world, swh, archive = archived_example.parts
    day = archive.latest[DEAD_ARCHIVED].date().isoformat()
    run = Run([str(EXAMPLE), "--format", fmt], archive_env(emu, swh, tmp_path))
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr
    line = next(text for text in run.stdout.splitlines() if DEAD_ARCHIVED in text)
    assert f"dead · archived {day}" in line
    missing = next(text for text in run.stdout.splitlines() if NOT_ARCHIVED_DEAD in text)
    assert "dead · not archived" in missing
    assert archive.snapshots[DEAD_ARCHIVED] in run.stdout  # the browse URL of the snapshot
    assert "Dead links with an archived copy" in run.stdout


@pytest.mark.parametrize(
    ("status", "headers", "reason"),
    [
        (503, {}, "server error"),
        (429, {"Retry-After": "3600", "X-RateLimit-Remaining": "0"}, "rate limit"),
    ],
    ids=["down", "rate-limited"],
)
def test_an_archive_outage_is_unknown_and_changes_no_status(
    archived_example: ArchivedExample,
    tmp_path: Path,
    status: int,
    headers: dict[str, str],
    reason: str,
) -> None:
    emu, world, swh, _archive = archived_example.parts
    swh.fail_next(status, 10_000, headers)
    argv = [str(EXAMPLE), "--format", "json", "--retries", "1", "--no-cache"]
    run = Run(argv, archive_env(emu, swh, tmp_path))
    swh.clear()
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr
    rows = _rows(run)
    checked = [slug for slug in world.expected_status if slug in rows]  # not the suggestions
    assert len(checked) >= 38
    for slug in checked:
        row = rows[slug]
        assert row["link_status"] == world.expected_status[slug]
        assert row["archive"]["state"] == "unknown" and reason in row["archive"]["reason"]
    notes = run.json()["notes"]
    assert isinstance(notes, list) and any("Software Heritage" in note for note in notes)
    findings = [
        finding
        for row in rows.values()
        if row["link_status"] == "alive"
        for finding in row["findings"]
        if finding["criterion"] == "archived"
    ]
    assert findings and all(f["verdict"] == "unknown" and reason in f["reason"] for f in findings)


def test_no_archive_asks_nothing(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, _world, swh, _archive = archived_example.parts
    run = Run([str(EXAMPLE), "--format", "json", "--no-archive"], archive_env(emu, swh, tmp_path))
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr
    assert swh.requests == []
    assert all(row["archive"] is None for row in _rows(run).values())


def test_fix_archive_links_on_the_example(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, _world, swh, archive = archived_example.parts
    digest = tmp_path / "digest.md"
    digest.write_bytes(EXAMPLE.read_bytes())
    env = archive_env(emu, swh, tmp_path)
    run = Run(["fix", str(digest), "--archive-links", "--write", "--no-cache"], env)
    assert run.code == ExitCode.OK, run.stderr
    day = archive.latest[DEAD_ARCHIVED].date().isoformat()
    assert f"{DEAD_ARCHIVED} is dead; Software Heritage copy of {day} linked" in run.stderr
    before = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    after = digest.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(before) == len(after)
    archived = [new for old, new in changed if DEAD_ARCHIVED in old]
    assert len(archived) == 1 and f"[archived {day}](" in archived[0]
    assert archive.snapshots[DEAD_ARCHIVED] in archived[0]
    assert not any(NOT_ARCHIVED_DEAD in old for old, _ in changed)  # no copy: left alone
    swh.clear()
    plain = Run(["fix", str(EXAMPLE), "--no-cache"], env)  # without the option: as before
    assert DEAD_ARCHIVED not in plain.stdout
    assert swh.requests == []  # and the archive is not asked at all
    refused = Run(["fix", str(EXAMPLE), "--archive-links", "--no-archive"], env)
    assert refused.code == ExitCode.USAGE_ERROR and "--archive-links" in refused.stderr
