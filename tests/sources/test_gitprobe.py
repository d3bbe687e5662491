"""The git probe that re-observes cached dead links: only 401 and 404 say "still gone"."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from repro_audit.sources.gitprobe import GONE_BODY_LIMIT, Probe, ProbeConnections, probe
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
    assert probe(ProbeConnections(timeout=5), url) == (expected, reason)
    (record,) = github_emulator.requests
    assert record.path == f"/{slug}.git/info/refs" and record.credential == ""


def test_a_host_that_does_not_answer_proves_nothing() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    answer, reason = probe(ProbeConnections(timeout=2), f"http://127.0.0.1:{port}/gone/repo.git")
    assert answer is Probe.UNSURE and reason.startswith("git host did not answer")


def test_connections_are_reused_between_probes(github_emulator: GitHubEmulator) -> None:
    connections = ProbeConnections(timeout=5)
    base = github_emulator.env()["GITHUB_SERVER_URL"]
    for number in range(5):
        assert probe(connections, f"{base}/gone/r{number}.git")[0] is Probe.GONE
    assert connections.opened == 1  # one TCP connection for all
    assert {record.path for record in github_emulator.requests} == {
        f"/gone/r{number}.git/info/refs" for number in range(5)
    }


class _Forgetful(BaseHTTPRequestHandler):
    """Answers 404 as if keeping the connection alive, then closes it: a server whose idle
    timeout passed between two probes. `body` bytes of text follow the status."""

    protocol_version = "HTTP/1.1"
    body = 20
    keeps_alive = False

    def do_GET(self) -> None:
        payload = b"x" * self.body
        self.send_response(404)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        self.close_connection = not self.keeps_alive

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def forgetful() -> Iterator[tuple[str, type[_Forgetful]]]:
    handler = type("Handler", (_Forgetful,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda *args: None  # type: ignore[method-assign]  # a client hanging up
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_a_connection_closed_while_idle_is_reopened_not_called_unsure(
    forgetful: tuple[str, type[_Forgetful]],
) -> None:
    base, _ = forgetful
    connections = ProbeConnections(timeout=5)
    answers = [probe(connections, f"{base}/gone/r{number}.git") for number in range(3)]
    assert answers == [(Probe.GONE, "not found (HTTP 404)")] * 3
    assert connections.opened == 3  # each reused connection was found closed and replaced


@pytest.mark.parametrize(("body", "opened"), [(100, 1), (GONE_BODY_LIMIT + 1, 3)])
def test_a_connection_is_kept_only_when_its_answer_was_read_whole(
    forgetful: tuple[str, type[_Forgetful]], body: int, opened: int
) -> None:
    base, handler = forgetful
    handler.body, handler.keeps_alive = body, True
    connections = ProbeConnections(timeout=5)
    for number in range(3):
        assert probe(connections, f"{base}/gone/r{number}.git")[0] is Probe.GONE
    assert connections.opened == opened
    connections.close()


@pytest.mark.parametrize("url", ["ssh://git@github.com/gone/repo.git", "github.com/gone/repo", ""])
def test_a_url_git_cannot_be_asked_at_proves_nothing(url: str) -> None:
    connections = ProbeConnections(timeout=1)
    assert probe(connections, url) == (Probe.UNSURE, "not a URL git can be asked at")
    assert connections.opened == 0


def test_a_port_http_client_will_not_take_proves_nothing_and_raises_nothing() -> None:
    """A bad GITHUB_SERVER_URL must not end the run: the API is asked instead."""
    answer, reason = probe(ProbeConnections(timeout=1), "https://ghe.example:abc/gone/repo.git")
    assert answer is Probe.UNSURE and reason == "git host did not answer: InvalidURL"


def test_once_closed_no_probe_opens_a_connection(github_emulator: GitHubEmulator) -> None:
    connections = ProbeConnections(timeout=5)
    base = github_emulator.env()["GITHUB_SERVER_URL"]
    assert probe(connections, f"{base}/gone/a.git")[0] is Probe.GONE
    connections.close()  # the run ended while this thread still had probes to make
    answer, reason = probe(connections, f"{base}/gone/b.git")
    assert answer is Probe.UNSURE and reason == "git host did not answer: ConnectionAbortedError"
    assert connections.opened == 1 and len(github_emulator.requests) == 1
