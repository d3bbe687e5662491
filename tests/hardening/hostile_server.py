"""A small HTTP server on 127.0.0.1 that answers the way a hostile or broken host would.

Each test hands it one function from the request path to a canned answer (status, headers,
body, and how slowly to send them); every request is recorded with its headers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Answer:
    """What to send: `drip` seconds between single header bytes makes a slow-loris answer."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    drip: float = 0.0


@dataclass
class Seen:
    """One request the server answered."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class HostileServer:
    """The running server: its base URL and what it was asked."""

    url: str
    seen: list[Seen]


def _handler(answer: Callable[[str], Answer], seen: list[Seen]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def _answer(self) -> None:
            seen.append(Seen(self.command, self.path, dict(self.headers.items())))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            reply = answer(self.path)
            head = f"HTTP/1.1 {reply.status} X\r\nContent-Length: {len(reply.body)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in reply.headers) + "\r\n"
            try:
                if reply.drip:
                    for byte in head.encode():
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(reply.drip)
                else:
                    self.wfile.write(head.encode())
                self.wfile.write(reply.body)
            except OSError:
                return  # the client gave up: that is what the slow answers are for

        do_GET = do_POST = do_HEAD = _answer

    return Handler


@contextmanager
def hostile_server(answer: Callable[[str], Answer]) -> Iterator[HostileServer]:
    """Serve `answer` on 127.0.0.1 (a free port) until the block ends."""
    seen: list[Seen] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(answer, seen))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HostileServer(f"http://127.0.0.1:{server.server_port}", seen)
    finally:
        server.shutdown()
        server.server_close()
