"""The git probe that re-observes cached dead links: only 401 and 404 say "still gone"."""

from __future__ import annotations

import socket

import pytest

from repro_audit.sources.gitprobe import Probe, new_pool, probe
from tests.emulator import GitHubEmulator, RepoSpec


@pytest.mark.parametrize(
    ("slug", "fault", "expected", "reason"),
    [
        ("gone/repo", None, Probe.GONE, "not found (HTTP 404)"),
        ("gone/repo", 401, Probe.GONE, "asks for credentials (HTTP 401)"),  # github.com, anonymous
        ("lab/alive", None, Probe.UNSURE, "git host answered HTTP 200"),  # it came back
        ("lab/old-name", None, Probe.UNSURE, "git host answered HTTP 301"),  # renamed
        ("gone/repo", 502, Probe.UNSURE, "git host answered HTTP 502"),
        ("gone/repo", 429, Probe.UNSURE, "git host answered HTTP 429"),
        ("gone/repo", 403, Probe.UNSURE, "git host answered HTTP 403"),
    ],
)
def test_probe_answers(
    github_emulator: GitHubEmulator,
    slug: str,
    fault: int | None,
    expected: Probe,
    reason: str,
) -> None:
    github_emulator.add_repo(RepoSpec("lab", "alive"))
    github_emulator.add_repo(RepoSpec("lab", "old-name"))
    github_emulator.rename("lab/old-name", "lab/new-name")
    if fault is not None:
        github_emulator.fail_next("git", fault)
    url = f"{github_emulator.env()['GITHUB_SERVER_URL']}/{slug}.git"
    assert probe(new_pool(2), url, timeout=5) == (expected, reason)
    (record,) = github_emulator.requests
    assert record.path == f"/{slug}.git/info/refs" and record.credential == ""


def test_a_host_that_does_not_answer_proves_nothing() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    answer, reason = probe(new_pool(1), f"http://127.0.0.1:{port}/gone/repo.git", timeout=2)
    assert answer is Probe.UNSURE and reason.startswith("git host did not answer")


def test_connections_are_reused_between_probes(github_emulator: GitHubEmulator) -> None:
    pool = new_pool(1)
    base = github_emulator.env()["GITHUB_SERVER_URL"]
    for number in range(5):
        assert probe(pool, f"{base}/gone/r{number}.git", timeout=5)[0] is Probe.GONE
    assert pool.connection_from_url(base).num_connections == 1  # one TCP connection for all
