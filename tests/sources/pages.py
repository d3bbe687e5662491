"""A tiny stdlib web server on 127.0.0.1 for link checks: scripted answers, every request logged.

Each route is a list of answers served in turn (the last one repeats), so "503, then 200" or a
redirect loop is one line of test data.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True, slots=True)
class Answer:
    """One scripted response."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b"<html><title>page</title></html>"
    delay: float = 0.0


@dataclass
class PageServer:
    """Routes (path -> answers) and the log of (method, path) pairs that reached it."""

    routes: dict[str, Sequence[Answer]]
    log: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    _served: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_answer(self, method: str, path: str) -> Answer:
        with self._lock:
            self.log.append((method, path))
            answers = self.routes.get(path) or [Answer(404, body=b"not found")]
            count = self._served.get(path, 0)
            self._served[path] = count + 1
        return answers[min(count, len(answers) - 1)]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `PageServer.log`."""

    def do_GET(self) -> None:
        pages: PageServer = self.server.pages
        answer = pages.next_answer(self.command, self.path)
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value.replace("{base}", pages.url))
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_HEAD = do_GET


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a timeout test) is expected, not an error."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(routes: dict[str, Sequence[Answer]], host: str = "127.0.0.1") -> Iterator[PageServer]:
    """Serve `routes` on an ephemeral port; `{base}` in a header becomes the server's URL."""
    server = _Server(("127.0.0.1", 0), _Handler)
    pages = PageServer(routes=routes, url=f"http://{host}:{server.server_address[1]}")
    server.pages = pages  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield pages
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
