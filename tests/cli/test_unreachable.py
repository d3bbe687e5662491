"""No network, a proxy, --offline: the installed script says plainly when GitHub cannot be
reached, goes through the proxy the environment names, and answers from the cache on request."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.installed import EXAMPLE, clean_env, closed_port, run, run_in_pty, write_digest
from tests.emulator import GitHubEmulator, RepoSpec
from tests.proxy import RecordingProxy

TOKEN = "ghp_unreachable_test_token"
ADVICE = "check the network, a proxy (HTTPS_PROXY) or GITHUB_API_URL"


def _nowhere(home: Path, token: str | None) -> dict[str, str]:
    """GitHub's three URLs on a loopback port nothing listens on: connection refused."""
    base = f"http://127.0.0.1:{closed_port()}"
    extra = {
        "GITHUB_API_URL": f"{base}/api/v3",
        "GITHUB_GRAPHQL_URL": f"{base}/api/graphql",
        "GITHUB_SERVER_URL": base,
        "REPRO_AUDIT_WEB_ALLOW": "127.0.0.1",
    }
    if token:
        extra["GITHUB_TOKEN"] = token
    return clean_env(home, **extra)


def test_unreachable_api_on_a_terminal_is_one_line_not_a_crash(tmp_path: Path) -> None:
    env = _nowhere(tmp_path, None)
    done = run_in_pty([str(EXAMPLE)], env, columns=80, timeout=60)
    assert "internal error" not in done.stdout and "Traceback" not in done.stdout
    api = env["GITHUB_API_URL"]
    assert f"audit: error: cannot reach {api} (connection refused); {ADVICE}" in done.stdout
    assert done.code == 4 and done.seconds < 15


@pytest.mark.parametrize("token", [None, TOKEN], ids=["rest", "graphql"])
def test_unreachable_api_stops_at_once_with_its_own_exit_code(
    tmp_path: Path, token: str | None
) -> None:
    env = _nowhere(tmp_path, token)
    done = run([str(EXAMPLE)], env, timeout=60)
    assert done.code == 4, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"audit: error: cannot reach {env['GITHUB_API_URL']} (connection refused); {ADVICE}"
    ]
    assert done.seconds < 15


@pytest.mark.parametrize("token", [None, TOKEN], ids=["anonymous", "token"])
def test_readme_command_without_network_ends_within_15_s(tmp_path: Path, token: str | None) -> None:
    """The machine's only way out is a proxy that is not there: README's command 1, default URLs."""
    extra = {"HTTPS_PROXY": f"http://127.0.0.1:{closed_port()}"}
    if token:
        extra["GITHUB_TOKEN"] = token
    done = run([str(EXAMPLE)], clean_env(tmp_path, **extra), timeout=60)
    assert done.stderr.splitlines() == [
        f"audit: error: cannot reach https://api.github.com (the proxy refused or failed); {ADVICE}"
    ]
    assert done.code == 4 and done.seconds < 15
    assert TOKEN not in done.stderr


@pytest.mark.parametrize("token", [None, TOKEN], ids=["rest+git", "graphql"])
def test_traffic_goes_through_the_proxy_the_environment_names(
    example: tuple[GitHubEmulator, object], tmp_path: Path, token: str | None
) -> None:
    emu, _ = example
    emu.clear_requests()
    with RecordingProxy() as proxy:
        env = clean_env(tmp_path, HTTP_PROXY=proxy.url, http_proxy=proxy.url, **emu.env(token))
        done = run([str(EXAMPLE), "--format", "csv", "--fail-on", "never"], env)
        seen = proxy.seen
    assert done.code == 0, done.stderr
    assert done.stdout.count("\n") == 43
    served = emu.requests
    assert served, "the emulator was asked nothing"
    assert len(seen) == len(served)  # every request the emulator answered came via the proxy
    assert ("GET", f"{emu.api_url}/rate_limit") in seen  # the run's first question
    if token is None:
        assert any("git-upload-pack" in url for _, url in seen)  # git too
    else:
        assert any(url == emu.graphql_url for _, url in seen)
    emu.clear_requests()  # warm: the cached dead links are observed again, via the proxy too
    with RecordingProxy() as proxy:
        env = clean_env(tmp_path, HTTP_PROXY=proxy.url, http_proxy=proxy.url, **emu.env(token))
        again = run([str(EXAMPLE), "--format", "csv", "--fail-on", "never"], env)
        seen_again = proxy.seen
    assert again.code == 0, again.stderr
    assert emu.requests and len(seen_again) == len(emu.requests)


def test_offline_answers_from_the_cache_and_marks_the_rest(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "kept", license_spdx="MIT"))
        emu.add_repo(RepoSpec("lab", "new"))
        env = clean_env(tmp_path, **emu.env(None))
        first = write_digest(tmp_path / "first.md", ["lab/kept"], emu.server_url)
        assert run([str(first), "--format", "csv"], env).code == 0
        emu.clear_requests()
        both = write_digest(tmp_path / "both.md", ["lab/kept", "lab/new"], emu.server_url)
        done = run([str(both), "--format", "csv", "--offline", "--max-age", "1s"], env)
        asked = emu.requests
    assert asked == []  # nothing at all was asked, not even the rate limit
    assert done.code == 0, done.stderr
    rows = done.stdout.splitlines()[1:]
    kept = next(row for row in rows if "lab/kept" in row)
    new = next(row for row in rows if "lab/new" in row)
    assert ",alive," in kept and "MIT" in kept  # the cached answer, however old
    assert ",unknown," in new and "offline (not in the cache)" in new
