"""The working folder's git config never reaches a host a digest names (issue 18, item 1).

`actions/checkout` with `persist-credentials` left on writes the job's token into the checked-out
repository's `.git/config` as a URL-scoped `http.<url>.extraheader`; a developer may have a
`credential.helper` there. `audit` runs inside that repository, and every git process it starts
used to inherit it. These tests build such a repository (real `git init`, a real commit) holding a
canary token, run the installed `audit` inside it against the emulator addressed as another host,
and look at what the emulator's git face was sent.
"""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulator import GitHubEmulator, Kind, RepoSpec
from tests.hardening.installed import run_audit


def _git(folder: Path, *args: str) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "elsewhere", files={"README.md": "# A tool\n"}))
        yield emu


def checkout_with_credentials(folder: Path, other_host: str, secret: str) -> Path:
    """A repository as actions/checkout leaves it, plus a credential helper and an include."""
    folder.mkdir()
    _git(folder, "init", "-q", "-b", "main")
    (folder / "digest.md").write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| Elsewhere | 2025-10-01 | a | c | [Code Link]({other_host}/lab/elsewhere.git) |\n"
        f"| Missing | 2025-10-02 | a | c | [Code Link]({other_host}/lab/missing.git) |\n"
    )
    _git(folder, "add", "digest.md")
    _git(folder, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "digest")
    basic = base64.b64encode(f"x-access-token:{secret}".encode()).decode()
    included = folder / "included.cfg"
    included.write_text(f'[http]\n\textraheader = "X-Included: {secret}"\n')
    with (folder / ".git" / "config").open("a") as config:
        config.write(
            f'[http "{other_host}/"]\n\textraheader = AUTHORIZATION: basic {basic}\n'
            f"[http]\n\textraheader = AUTHORIZATION: bearer {secret}\n"
            f'[credential]\n\thelper = "!f() {{ echo username=x; echo password={secret}; }}; f"\n'
            f"[include]\n\tpath = {included}\n"
        )
    return folder


def _credentialled_git(emu: GitHubEmulator) -> list[str]:
    return [r.path for r in emu.requests if r.kind is Kind.GIT and r.credential]


def test_the_checkouts_config_would_send_the_token(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    """The control: plain git in that repository sends the canary to the other host."""
    emu, secret = emulator, f"ghp_canary{secrets.token_hex(16)}"
    repo = checkout_with_credentials(tmp_path / "checkout", emu.other_host_url, secret)
    emu.clear_requests()
    _git(repo, "ls-remote", "--", f"{emu.other_host_url}/lab/elsewhere.git")
    assert _credentialled_git(emu)


@pytest.mark.parametrize("answer", [200, 401])
def test_audit_inside_the_checkout_sends_no_credential_to_git(
    emulator: GitHubEmulator, tmp_path: Path, answer: int
) -> None:
    emu, secret = emulator, f"ghp_canary{secrets.token_hex(16)}"
    repo = checkout_with_credentials(tmp_path / "checkout", emu.other_host_url, secret)
    emu.clear_requests()
    if answer == 401:  # a challenge: git would ask the credential helper
        emu.fail_next("git", 401, count=100, path_contains="elsewhere.git")
    try:
        env = {**emu.env(None), "HOME": str(tmp_path), "TMPDIR": str(repo)}  # scratch inside too
        env["REPRO_AUDIT_CACHE_DIR"] = str(tmp_path / "cache")
        done = run_audit(["digest.md", "--format", "json", "--fail-on", "never"], env, repo)
    finally:
        emu.clear_faults()
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["rows"]
    git_requests = [r for r in emu.requests if r.kind is Kind.GIT]
    assert git_requests, "the other host was not asked by git"
    assert _credentialled_git(emu) == []
    assert secret not in done.stdout + done.stderr
    statuses = {row["title"]: row["link_status"] for row in rows}
    if answer == 200:
        assert statuses["Elsewhere"] == "alive"
    else:
        assert any(r.status == 401 for r in git_requests)
