"""A small forward HTTP proxy on 127.0.0.1 that records every request it carries.

Tests point HTTP_PROXY / http_proxy at it to prove that requests and git send their traffic
through the proxy the environment names. It forwards to loopback targets only.
"""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "upgrade"}


class _Handler(BaseHTTPRequestHandler):
    server: RecordingProxy.Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _forward(self) -> None:
        target = urlsplit(self.path)
        self.server.owner.record(self.command, self.path)
        if target.scheme != "http" or target.hostname not in ("127.0.0.1", "localhost"):
            self.send_error(403, "this test proxy forwards to loopback only")
            return
        body = self._body()
        upstream = http.client.HTTPConnection(target.netloc, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        path = target.path + (f"?{target.query}" if target.query else "")
        try:
            upstream.request(self.command, path or "/", body=body or None, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _forward


class RecordingProxy:
    """Start with `with RecordingProxy() as proxy:`; `proxy.url` is the proxy's address."""

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        owner: RecordingProxy

    def __init__(self) -> None:
        self._server = RecordingProxy.Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._lock = threading.Lock()
        self._seen: list[tuple[str, str]] = []
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def record(self, method: str, url: str) -> None:
        with self._lock:
            self._seen.append((method, url))

    @property
    def seen(self) -> list[tuple[str, str]]:
        """(method, absolute URL) of every request carried, oldest first."""
        with self._lock:
            return list(self._seen)

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
