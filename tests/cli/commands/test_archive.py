"""`audit archive` on the example digest: a dry list, then a few bounded save requests."""

from __future__ import annotations

from pathlib import Path

from repro_audit.cli.main import ExitCode
from tests.cli.test_cli import EXAMPLE, Run
from tests.cli.test_cli_archive import archive_env
from tests.conftest import ArchivedExample
from tests.emulator import GitHubEmulator
from tests.emulator.example_archive import origin
from tests.emulator.swh import SwhEmulator, digest

SWH_TOKEN = "swh_archive_canary"
STALE = origin("TianHuiLab/Falcon")  # its only snapshot predates its last commits


def _env(emu: GitHubEmulator, swh: SwhEmulator, tmp_path: Path) -> dict[str, str]:
    return archive_env(emu, swh, tmp_path, SWH_TOKEN)


def test_dry_run_lists_and_asks_nothing(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, world, swh, archive = archived_example.parts
    run = Run(["archive", str(EXAMPLE)], _env(emu, swh, tmp_path))
    assert run.code == ExitCode.OK, run.stderr
    lines = run.stdout.splitlines()
    assert any(STALE in line and "older than the last commit" in line for line in lines)
    listed = {line.split()[1].rstrip(":") for line in lines}
    for slug in archive.latest:
        if slug != "TianHuiLab/Falcon":
            assert origin(slug) not in listed  # archived after their last commit, or dead
    assert origin("yyxl123/UltraUPConvNet") not in listed  # dead: nothing to save
    assert origin("mmunir127/LogViG") in listed  # moved: asked under its name now
    alive = [slug for slug, status in world.expected_status.items() if status == "alive"]
    assert len(listed) >= len(alive) - len(archive.latest)
    assert swh.saves == [] and all(r.method == "GET" for r in swh.requests)
    assert "--request asks save-code-now for up to 5" in run.stderr


def test_request_is_bounded_and_stops_at_the_rate_limit(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, _world, swh, _archive = archived_example.parts
    env = _env(emu, swh, tmp_path)
    run = Run(["archive", str(EXAMPLE), "--request", "--max-requests", "2"], env)
    assert run.code == ExitCode.OK, run.stderr
    assert len(swh.saves) == 2
    assert run.stdout.count(": accepted, task not yet scheduled") == 2
    posts = [r for r in swh.requests if r.method == "POST"]
    assert len(posts) == 2 and {r.credential for r in posts} == {digest(SWH_TOKEN)}
    assert all(r.credential != digest(SWH_TOKEN) for r in emu.requests)
    # the archive's answers are cached now: a second run spends its budget on saves alone
    swh.clear()
    swh.set_budget(1)
    again = Run(["archive", str(EXAMPLE), "--request", "--max-requests", "5"], env)
    assert len(swh.saves) == 1  # the one request left, then the headers said none remain
    assert "rate limit reached" in again.stderr
    assert all(r.method == "POST" for r in swh.requests)


def test_too_many_requests_is_refused(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, _world, swh, _archive = archived_example.parts
    run = Run(
        ["archive", str(EXAMPLE), "--request", "--max-requests", "500"], _env(emu, swh, tmp_path)
    )
    assert run.code == ExitCode.USAGE_ERROR and "at most 50" in run.stderr
