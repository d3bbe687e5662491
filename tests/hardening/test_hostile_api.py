"""An API that redirects or points elsewhere, and an Enterprise server named alone (issue 18,
items 2 and 3): one clear line or an `unknown`, never a traceback, and the token stays home."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from repro_audit.sources.endpoints import endpoints_from_env
from tests.emulator import GitHubEmulator, Kind, RepoSpec
from tests.hardening.hostile_server import Answer, hostile_server
from tests.hardening.installed import run_audit

TOKEN = "ghp_hostileapi0000000000000000000000000"
TABLE = "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        emu.add_repo(RepoSpec("lab", "digests"))
        yield emu


def _digest(folder: Path, server_url: str) -> Path:
    path = folder / "d.md"
    path.write_text(TABLE + f"| P | 2025-10-01 | a | c | [Code Link]({server_url}/lab/tool) |\n")
    return path


@pytest.mark.parametrize(
    ("env", "api", "graphql"),
    [
        (
            {"GITHUB_SERVER_URL": "https://ghe.example"},
            "https://ghe.example/api/v3",
            "https://ghe.example/api/graphql",
        ),
        (
            {"GITHUB_SERVER_URL": "https://ghe.example/"},
            "https://ghe.example/api/v3",
            "https://ghe.example/api/graphql",
        ),
        (
            {"GITHUB_SERVER_URL": "https://github.com"},
            "https://api.github.com",
            "https://api.github.com/graphql",
        ),
        ({}, "https://api.github.com", "https://api.github.com/graphql"),
        (
            {
                "GITHUB_SERVER_URL": "https://ghe.example",
                "GITHUB_API_URL": "https://api.ghe.example",
            },
            "https://api.ghe.example",
            "https://api.ghe.example/graphql",
        ),
    ],
)
def test_api_urls_follow_an_enterprise_server(env: dict[str, str], api: str, graphql: str) -> None:
    endpoints = endpoints_from_env(env)
    assert (endpoints.api_url, endpoints.graphql_url) == (api, graphql)


def test_an_enterprise_token_goes_to_the_enterprise_server(
    emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = emulator
    env = {"GITHUB_SERVER_URL": emu.server_url, "GITHUB_TOKEN": TOKEN}
    # the guard first: on the old code this run would have aimed the token at api.github.com
    assert endpoints_from_env(env).api_url == emu.api_url
    emu.clear_requests()
    env |= {"REPRO_AUDIT_CACHE_DIR": str(tmp_path / "c"), "REPRO_AUDIT_WEB_ALLOW": "127.0.0.1"}
    done = run_audit([str(_digest(tmp_path, emu.server_url)), "--format", "json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["rows"]
    assert row["link_status"] == "alive"
    assert any(r.kind is Kind.GRAPHQL and r.credential for r in emu.requests)


def _redirect(status: int) -> Answer:
    return Answer(status, (("Location", "http://localhost:9/elsewhere"),))


@pytest.mark.parametrize("status", [302, 307, 308])
@pytest.mark.parametrize("token", [True, False], ids=["token", "anonymous"])
def test_an_api_that_redirects_is_unknown_not_a_crash(
    tmp_path: Path, status: int, token: bool
) -> None:
    with hostile_server(lambda path: _redirect(status)) as api:
        env = {
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_API_URL": f"{api.url}/api/v3",
            "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "c"),
        }
        if token:
            env["GITHUB_TOKEN"] = TOKEN
        digest = tmp_path / "d.md"
        digest.write_text(TABLE + "| P | 2025-10-01 | a | c | [C](https://github.com/lab/tool) |\n")
        done = run_audit([str(digest), "--format", "json", "--no-git"], env, tmp_path)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["rows"]
    assert row["link_status"] == "unknown" and "redirect" in row["reason"].lower(), row
    assert any("rate_limit" in seen.path for seen in api.seen)  # the budget was asked


@pytest.mark.parametrize(
    "answer",
    [
        Answer(
            200,
            (
                ("Content-Type", "application/json"),
                ("Link", '<http://localhost:9/api/v3/repositories/1/issues?page=2>; rel="next"'),
            ),
            b'[{"number": 1, "title": "t", "body": "", "state": "open"}]',
        ),
        _redirect(307),
    ],
    ids=["link-to-another-host", "issues-list-307"],
)
def test_the_issue_tracker_pointed_elsewhere_says_so_in_one_line(
    emulator: GitHubEmulator, tmp_path: Path, answer: Answer
) -> None:
    emu, history = emulator, tmp_path / "audits"
    env = {**emu.env(TOKEN), "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "c")}
    recorded = run_audit(
        [str(_digest(tmp_path, emu.server_url)), "--history", str(history)], env, tmp_path
    )
    assert recorded.returncode == 0, recorded.stderr
    with hostile_server(lambda path: answer) as api:
        env["GITHUB_API_URL"] = f"{api.url}/api/v3"
        argv = ["report", "--history", str(history), "--issue", "--repo", "lab/digests"]
        done = run_audit(argv, {**env, "GITHUB_TOKEN": TOKEN}, tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode != 0 and len(lines) == 1, (done.stderr, api.seen)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert "another host" in lines[0] or "redirect" in lines[0]
    assert all("localhost" not in seen.headers.get("Host", "") for seen in api.seen)
    assert TOKEN not in done.stdout + done.stderr
