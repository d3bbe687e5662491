"""The Software Heritage token: sent to the SWH API host only, written nowhere; the GitHub token
never reaches SWH. Both are canaries no file in the repository holds."""

from __future__ import annotations

from pathlib import Path

from repro_audit.cli.main import ExitCode
from tests.conftest import ArchivedExample
from tests.emulator.example_world import DIGEST
from tests.hardening.test_secrets import Evidence, canary, digest_of, run


def test_swh_token_goes_to_swh_only_and_is_written_nowhere(
    archived_example: ArchivedExample,
    tmp_path: Path,
) -> None:
    emu, _world, swh, _archive = archived_example.parts
    github_secret, swh_secret, evidence = canary(), canary(), Evidence()
    swh.clear()
    emu.clear_requests()
    env = {
        **emu.env(github_secret),
        **swh.env(swh_secret),
        "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "cache"),
    }
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("json", "markdown", "table"):
        argv = [str(DIGEST), "--format", fmt, "--output", str(out / f"r.{fmt}"), "--explain"]
        assert run(argv, env, evidence) == ExitCode.FAIL_CONDITION
    fix = tmp_path / "digest.md"
    fix.write_bytes(DIGEST.read_bytes())
    assert run(["fix", str(fix), "--archive-links", "--write"], env, evidence) == ExitCode.OK
    assert run(["archive", str(DIGEST), "--request", "--max-requests", "1"], env, evidence) == 0
    for secret in (github_secret, swh_secret):
        assert evidence.leaks(secret, [tmp_path]) == []
    assert evidence.files >= 4  # the reports, the digest, both caches
    assert {r.credential for r in swh.requests} == {digest_of(swh_secret)}
    assert any(r.method == "POST" for r in swh.requests)
    github_seen = {r.credential for r in emu.requests if r.credential}
    assert github_seen == {digest_of(github_secret)}
