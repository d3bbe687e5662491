"""Planned trouble (failures, dropped connections, stalls, latency), seen by real clients."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
import requests

from tests.emulator import GitHubEmulator, Kind, RepoSpec, Weather

TOKEN = {"Authorization": "token test-token"}


def _get(url: str) -> requests.Response:
    return requests.get(url, timeout=5)


@pytest.mark.parametrize(
    ("kind", "status", "url_path", "message"),
    [
        ("rest", 502, "/api/v3/repos/o/r", "Server Error"),
        ("rest", 503, "/api/v3/repos/o/r", "Service Unavailable"),
        ("rest", 500, "/api/v3/repos/o/r", "Server Error"),
        ("graphql", 502, "/api/graphql", "We couldn't respond to your request in time."),
        ("web", 503, "/o/r", None),
    ],
)
def test_fail_next_answers_once_then_recovers(
    github_emulator: GitHubEmulator, kind: str, status: int, url_path: str, message: str | None
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.fail_next(kind, status)
    url = emu.server_url + url_path

    def call() -> requests.Response:
        if kind == "graphql":
            query = {"query": '{ repository(owner: "o", name: "r") { name } }'}
            return requests.post(url, json=query, headers=TOKEN, timeout=5)
        return _get(url)

    failed = call()
    assert failed.status_code == status
    if message is not None:
        assert failed.json()["message"].startswith(message)
    assert call().status_code == 200
    assert [r.status for r in emu.requests] == [status, 200]


def test_secondary_rate_limit_carries_retry_after(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.fail_next("rest", 403, count=2, path_contains="/readme", retry_after=30)
    assert _get(f"{emu.api_url}/repos/o/r").status_code == 200  # not matching: untouched
    for _ in range(2):
        limited = _get(f"{emu.api_url}/repos/o/r/readme")
        assert limited.status_code == 403 and limited.headers["Retry-After"] == "30"
        assert "secondary rate limit" in limited.json()["message"]
        assert limited.headers["x-ratelimit-remaining"] != "0"
    assert _get(f"{emu.api_url}/repos/o/r/readme").status_code == 200


def test_drop_next_closes_the_connection(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.drop_next("rest")
    with pytest.raises(requests.ConnectionError):
        _get(f"{emu.api_url}/repos/o/r")
    assert _get(f"{emu.api_url}/repos/o/r").status_code == 200
    assert [r.status for r in emu.requests] == [0, 200]


def test_stall_next_makes_a_client_time_out(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.stall_next("rest", seconds=0.6)
    with pytest.raises(requests.Timeout):
        requests.get(f"{emu.api_url}/repos/o/r", timeout=0.15)
    assert _get(f"{emu.api_url}/repos/o/r").status_code == 200


def test_latency_applies_to_each_request_and_requests_run_in_parallel(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.latency = 0.2
    statuses: list[int] = []

    def fetch() -> None:
        statuses.append(_get(f"{emu.api_url}/repos/o/r").status_code)

    threads = [threading.Thread(target=fetch) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    assert statuses == [200] * 8
    assert 0.2 <= elapsed < 1.2  # eight 0.2 s requests overlapped instead of queueing


def test_reset_next_cuts_the_body_halfway(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    emu.reset_next("rest", path_contains="/repos/o/r")
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        _get(f"{emu.api_url}/repos/o/r").json()
    assert _get(f"{emu.api_url}/repos/o/r").status_code == 200
    assert [r.status for r in emu.requests] == [0, 200]


@pytest.mark.parametrize("status", [301, 307])
def test_redirect_next_sends_the_request_to_another_host(
    github_emulator: GitHubEmulator, status: int
) -> None:
    emu = github_emulator
    emu.redirect_next("rest", emu.other_host_url, status=status)
    answer = requests.get(f"{emu.api_url}/rate_limit", allow_redirects=False, timeout=5)
    assert answer.status_code == status
    assert answer.headers["Location"] == f"{emu.other_host_url}/api/v3/rate_limit"


def test_records_name_the_host_and_only_a_digest_of_the_credential(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    secret = "ghp_emulator_record_secret"
    requests.get(f"{emu.other_host_url}/api/v3/rate_limit", headers=TOKEN, timeout=5)
    requests.get(
        f"{emu.api_url}/rate_limit", headers={"Authorization": f"token {secret}"}, timeout=5
    )
    requests.get(f"{emu.api_url}/rate_limit", timeout=5)
    first, second, third = emu.requests
    assert first.host == emu.other_host_url.split("//")[1] and first.credential
    assert second.host == emu.server_url.split("//")[1]
    assert second.credential == hashlib.sha256(secret.encode()).hexdigest()
    assert third.credential == "" and secret not in repr(emu.requests)


def test_a_storm_is_seeded_counted_and_can_spend_the_budget(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    runs = []
    for _ in range(2):
        storm = emu.storm(Weather(seed=5, server_errors=0.5, kinds=frozenset({Kind.REST})))
        runs.append([_get(f"{emu.api_url}/repos/o/r").status_code for _ in range(12)])
        assert sum(storm.snapshot().values()) == sum(code != 200 for code in runs[-1])
    assert runs[0] == runs[1] and {502, 503, 200} >= set(runs[0]) and 200 in runs[0]
    emu.storm(Weather(server_errors=0.0, exhaust_after=2))
    assert [_get(f"{emu.api_url}/repos/o/r").status_code for _ in range(3)] == [200, 403, 403]
    emu.clear_faults()
    emu.restore_rate_limits()
    assert _get(f"{emu.api_url}/repos/o/r").status_code == 200


def _tree_query(emu: GitHubEmulator, names: list[str]) -> requests.Response:
    """One aliased tree query, names as variables (as the auditor sends them)."""
    declared = ", ".join(f"$n{i}: String!" for i in range(len(names)))
    fields = " ".join(
        f'r{i}: repository(owner: "o", name: $n{i}) '
        '{ object(expression: "HEAD:") { ... on Tree { entries { name } } } }'
        for i in range(len(names))
    )
    body = {
        "query": f"query Q({declared}) {{ {fields} }}",
        "variables": {f"n{i}": name for i, name in enumerate(names)},
    }
    return requests.post(emu.graphql_url, json=body, headers=TOKEN, timeout=5)


@pytest.mark.parametrize(
    ("names", "limit", "status"),
    [
        (["small"], 10, 200),  # 1 node x 3 entries
        (["small", "small2", "small3"], 10, 200),  # 3 x 3 = 9
        (["small", "small2", "small3", "small4"], 10, 502),  # 4 x 3 = 12
        (["big"], 10, 502),  # 1 x 12: heavy on its own
        (["big", "small"], None, 200),  # no limit set
    ],
)
def test_queries_above_the_cost_limit_time_out(
    github_emulator: GitHubEmulator, names: list[str], limit: int | None, status: int
) -> None:
    emu = github_emulator
    for name in ("small", "small2", "small3", "small4"):
        emu.add_repo(RepoSpec("o", name, files={"a": "1", "b": "2", "c": "3"}))
    emu.add_repo(RepoSpec("o", "big", files={f"f{i}": str(i) for i in range(12)}))
    emu.query_cost_limit = limit
    answer = _tree_query(emu, names)
    assert answer.status_code == status
    if status == 502:
        assert "couldn't respond to your request in time" in answer.json()["message"]
    else:
        assert set(answer.json()["data"]) == {f"r{i}" for i in range(len(names))}


def test_a_graphql_fault_can_pick_a_repository_by_name(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "steady"))
    emu.add_repo(RepoSpec("o", "flaky"))
    emu.fail_next("graphql", 502, count=2, path_contains='"flaky"')
    assert _tree_query(emu, ["steady"]).status_code == 200  # not named: untouched
    assert [_tree_query(emu, ["steady", "flaky"]).status_code for _ in range(3)] == [502, 502, 200]


def test_a_recursive_tree_past_the_entry_limit_is_truncated(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "mono", files={f"d{i}/f.py": "x" for i in range(6)}))
    url = f"{emu.api_url}/repos/o/mono/git/trees/HEAD?recursive=1"
    whole = _get(url).json()
    assert (len(whole["tree"]), whole["truncated"]) == (12, False)  # 6 folders, 6 files
    emu.tree_entry_limit = 5
    cut = _get(url).json()
    assert (len(cut["tree"]), cut["truncated"]) == (5, True)


def test_requests_record_the_accept_and_api_version_headers(
    github_emulator: GitHubEmulator,
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r"))
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    requests.get(f"{emu.api_url}/repos/o/r", headers=headers, timeout=5)
    _get(f"{emu.api_url}/repos/o/r")
    first, second = emu.requests
    assert (first.accept, first.api_version) == ("application/vnd.github+json", "2022-11-28")
    assert second.api_version == ""
