"""The HTTP server: one ThreadingHTTPServer on 127.0.0.1 routing to the faces of GitHub.

The handler owns everything about the wire (bodies, keep-alive, latency, planned faults, the
request log); the faces are plain `Call -> Reply` functions.
"""

from __future__ import annotations

import base64
import itertools
import socket
import struct
import sys
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.emulator import githttp, graphql_api, rest
from tests.emulator.model import Kind, RequestRecord
from tests.emulator.state import Action, FaultRule, World
from tests.emulator.wire import Call, Reply, fault_body, html_reply, json_reply

_request_ids = itertools.count(1)


def classify(path: str) -> Kind:
    """Which face of GitHub a path belongs to, as GitHub Enterprise lays them out."""
    if path == "/api/graphql" or path.startswith("/api/graphql/"):
        return Kind.GRAPHQL
    if path == rest.PREFIX or path.startswith(rest.PREFIX + "/"):
        return Kind.REST
    return Kind.GIT if githttp.is_git_path(path) else Kind.WEB


def parse_token(authorization: str) -> str | None:
    """The credential in `token X`, `Bearer X` or Basic auth (the password, as git sends it)."""
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    if scheme.lower() in ("token", "bearer") and value:
        return value
    if scheme.lower() == "basic" and value:
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return None
        return password or user or None
    return None


def dispatch(world: World, kind: Kind, call: Call) -> Reply:
    """Hand the request to its face; a bug in a face becomes a 500 with a traceback on stderr."""
    try:
        if kind is Kind.REST:
            return rest.handle(world, call)
        if kind is Kind.GRAPHQL:
            return graphql_api.handle(world, call)
        if kind is Kind.GIT:
            return githttp.handle_git(world, call)
        return githttp.handle_web(world, call)
    except Exception:
        traceback.print_exc()
        return json_reply(500, {"message": "Server Error"})


def fault_reply(world: World, kind: Kind, rule: FaultRule, token: str | None) -> Reply:
    """The answer a planned failure gives: GitHub-shaped for the API, a page for the rest."""
    extra = {} if rule.retry_after is None else {"Retry-After": str(rule.retry_after)}
    if rule.status == 401:  # a challenge: clients that hold a credential are asked for it
        extra["WWW-Authenticate"] = 'Basic realm="GitHub"'
    if kind in (Kind.REST, Kind.GRAPHQL):
        resource = "graphql" if kind is Kind.GRAPHQL else "core"
        valid = token if token is not None and world.token_valid(token) else None
        snap = world.limiter.peek(world.identity(valid), resource, world.limit_for(valid, resource))
        body = fault_body(rule.status, graphql=kind is Kind.GRAPHQL)
        return json_reply(rule.status, body, {**snap.headers(), **extra})
    phrase = HTTPStatus(rule.status).phrase
    return html_reply(rule.status, phrase, "Please try again later.", extra)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GitHub.com"
    sys_version = ""

    def version_string(self) -> str:
        """GitHub answers with `Server: github.com`."""
        return "github.com"

    server: EmulatorServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is `GitHubEmulator.requests`."""

    def setup(self) -> None:
        """No Nagle: headers and body go out as separate writes on kept-alive connections."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = do_GET

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self) -> None:
        world = self.server.world
        at = time.time()
        path, _, query = self.path.partition("?")
        kind = classify(path)
        body = self._read_body()
        headers = {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
        token = parse_token(self.headers.get("Authorization", ""))
        call = Call(self.command, path, query, headers, body, token)
        authenticated = token is not None and world.token_valid(token)
        host = self.headers.get("Host", "")
        credential = "" if token is None else world.identity(token)
        if world.latency > 0:
            time.sleep(world.latency)
        # A GraphQL request names its repositories in its body: a fault may pick one by name
        target = self.path
        if kind is Kind.GRAPHQL:
            target += "\n" + body.decode("utf-8", errors="replace")
        rule = world.faults.take(kind, target)

        def log(status: int, aliases: int = 0, operation: str = "") -> None:
            world.record(
                RequestRecord(
                    kind,
                    self.command,
                    path,
                    status,
                    authenticated,
                    aliases,
                    at,
                    host,
                    credential,
                    operation,
                    self.headers.get("Accept", ""),
                    self.headers.get("X-GitHub-Api-Version", ""),
                )
            )

        if rule is not None and rule.action is Action.DROP:
            log(0)
            self.close_connection = True
            return
        if rule is not None and rule.action is Action.STALL:
            time.sleep(rule.seconds)
        if rule is not None and rule.action is Action.FAIL:
            reply = fault_reply(world, kind, rule, token)
        elif rule is not None and rule.action is Action.REDIRECT:
            status, target = rule.status or 307, rule.location + self.path
            phrase = HTTPStatus(status).phrase
            reply = json_reply(status, {"message": phrase}, {"Location": target})
        else:
            reply = dispatch(world, kind, call)
        if rule is not None and rule.action is Action.RESET:
            log(0)
            self._send_half(reply)
            return
        log(reply.status, reply.aliases, reply.operation)
        self._send(reply)

    def _send_half(self, reply: Reply) -> None:
        """Headers promise the whole body; half of it goes out, then the connection is reset."""
        self.close_connection = True
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body[: len(reply.body) // 2])
            self.wfile.flush()
            linger = struct.pack("ii", 1, 0)  # close with RST instead of FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        except OSError:
            pass  # the client already gave up: nothing more to break

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("X-GitHub-Request-Id", f"EMU:{next(_request_ids):08X}")
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (timeouts in tests): fine


class EmulatorServer(ThreadingHTTPServer):
    """ThreadingHTTPServer bound to an ephemeral port on 127.0.0.1, serving one `World`."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, world: World) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.world = world

    @property
    def port(self) -> int:
        """The ephemeral port the OS picked."""
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (timeouts, dropped connections) are normal here."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)
