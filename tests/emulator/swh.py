"""A Software Heritage Web API emulator on 127.0.0.1: origins, visits, save requests, limits.

Shaped like the real API's answers (studied from its documentation and swh-web's views): an
origin is keyed by its URL written into the path (`/api/1/origin/<url>/get/`), the latest visit
with a snapshot is `/origin/<url>/visit/latest/?require_snapshot=true`, save-code-now is
`POST /origin/save/git/url/<url>/`. Every answer carries `X-RateLimit-Limit/-Remaining/-Reset`;
when the budget is spent the answer is 429 with `Retry-After`. Faults can be planned (5xx, 429).
Every request is logged with the credential it carried, for the token canaries.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.emulator.server import parse_token

PREFIX = "/api/1/"


@dataclass(frozen=True, slots=True)
class Visit:
    """One visit of an origin; `snapshot` None for a visit that produced none (failed)."""

    date: datetime
    snapshot: str | None
    status: str = "full"


@dataclass(frozen=True, slots=True)
class SwhRequest:
    """One request as the emulator saw it."""

    method: str
    path: str
    status: int
    credential: str  # SHA-256 of the credential it carried, "" for none: no secret is kept
    host: str


@dataclass
class _Fault:
    status: int
    count: int
    headers: dict[str, str] = field(default_factory=dict)


class SwhWorld:
    """The archive's state: origins with their visits, save requests, the rate-limit budget."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.origins: dict[str, list[Visit]] = {}
        self.saves: list[str] = []
        self.log: list[SwhRequest] = []
        self.faults: list[_Fault] = []
        self.limit = 120
        self.remaining = 120
        self.reset = time.time() + 3600

    def rate_headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(max(0, self.remaining)),
            "X-RateLimit-Reset": str(int(self.reset)),
        }


def digest(token: str) -> str:
    """How a credential is logged: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def _visit_json(origin: str, number: int, visit: Visit) -> dict[str, Any]:
    return {
        "origin": origin,
        "visit": number,
        "date": visit.date.isoformat(),
        "status": visit.status,
        "snapshot": visit.snapshot,
        "type": "git",
        "metadata": {},
        "origin_visit_url": f"{PREFIX}origin/{origin}/visit/{number}/",
        "snapshot_url": None if visit.snapshot is None else f"{PREFIX}snapshot/{visit.snapshot}/",
    }


def answer(world: SwhWorld, method: str, path: str, query: str) -> tuple[int, Any]:
    """The status and JSON body for one request (the world's lock held)."""
    rest = path[len(PREFIX) :] if path.startswith(PREFIX) else ""
    if method == "POST" and rest.startswith("origin/save/git/url/") and rest.endswith("/"):
        origin = rest[len("origin/save/git/url/") : -1]
        world.saves.append(origin)
        return 200, {
            "id": len(world.saves),
            "origin_url": origin,
            "visit_type": "git",
            "save_request_date": datetime.now().astimezone().isoformat(),
            "save_request_status": "accepted",
            "save_task_status": "not yet scheduled",
            "visit_date": None,
            "visit_status": None,
        }
    if method == "GET" and rest.startswith("origin/") and rest.endswith("/get/"):
        origin = rest[len("origin/") : -len("/get/")]
        if origin not in world.origins:
            return 404, _not_found(f"Origin with url {origin} not found!")
        return 200, {
            "url": origin,
            "origin_visits_url": f"{PREFIX}origin/{origin}/visits/",
            "has_visits": bool(world.origins[origin]),
        }
    if method == "GET" and rest.startswith("origin/") and rest.endswith("/visit/latest/"):
        origin = rest[len("origin/") : -len("/visit/latest/")]
        visits = list(enumerate(world.origins.get(origin, []), start=1))
        if "require_snapshot=true" in query:
            visits = [(n, v) for n, v in visits if v.snapshot is not None]
        if not visits:
            return 404, _not_found(f"No visit for origin {origin} found")
        number, visit = max(visits, key=lambda pair: pair[1].date)
        return 200, _visit_json(origin, number, visit)
    return 404, _not_found("no such endpoint")


def _not_found(reason: str) -> dict[str, str]:
    return {"exception": "NotFoundExc", "reason": reason}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is `SwhEmulator.requests`."""

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_GET

    def _serve(self) -> None:
        world = self.server.world
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path, _, query = self.path.partition("?")
        token = parse_token(self.headers.get("Authorization", ""))
        with world.lock:
            extra: dict[str, str] = {}
            fault = world.faults[0] if world.faults else None
            if fault is not None:
                fault.count -= 1
                if fault.count <= 0:
                    world.faults.pop(0)
                status, body = fault.status, {"exception": "planned", "reason": "planned fault"}
                extra = dict(fault.headers)
            elif world.remaining <= 0:
                status, body = 429, {"exception": "Throttled", "reason": "Request was throttled."}
                extra = {"Retry-After": str(max(0, int(world.reset - time.time())))}
            else:
                world.remaining -= 1
                status, body = answer(world, self.command, path, query)
            headers = {**world.rate_headers(), **extra}
            host = self.headers.get("Host", "")
            credential = "" if token is None else digest(token)
            world.log.append(SwhRequest(self.command, self.path, status, credential, host))
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, world: SwhWorld) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.world = world


class SwhEmulator:
    """A started Software Heritage emulator; use as a context manager."""

    def __init__(self) -> None:
        self.world = SwhWorld()
        self._server = _Server(self.world)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> SwhEmulator:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def api_url(self) -> str:
        """`REPRO_AUDIT_SWH_API_URL`."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/1"

    def env(self, token: str | None = None) -> dict[str, str]:
        """The variables pointing the auditor here (and the token, if any)."""
        values = {"REPRO_AUDIT_SWH_API_URL": self.api_url}
        if token is not None:
            values["SWH_TOKEN"] = token
        return values

    def add_origin(self, url: str, *visits: Visit) -> None:
        """An archived origin (no visits: known, never visited with a snapshot)."""
        with self.world.lock:
            self.world.origins[url] = list(visits)

    def fail_next(self, status: int, count: int = 1, headers: dict[str, str] | None = None) -> None:
        """The next `count` requests get `status` (a 5xx, a 429...)."""
        with self.world.lock:
            self.world.faults.append(_Fault(status, count, dict(headers or {})))

    def set_budget(self, remaining: int, reset_in: float = 3600.0) -> None:
        """Requests left before the rate limit, and seconds until it resets."""
        with self.world.lock:
            self.world.remaining = remaining
            self.world.reset = time.time() + reset_in

    @property
    def requests(self) -> list[SwhRequest]:
        """Every request answered so far (a copy)."""
        with self.world.lock:
            return list(self.world.log)

    @property
    def saves(self) -> list[str]:
        """Origins save-code-now was asked for, in order."""
        with self.world.lock:
            return list(self.world.saves)

    def clear(self) -> None:
        """Forget the request log, the saves and planned faults; refill the budget."""
        with self.world.lock:
            self.world.log.clear()
            self.world.saves.clear()
            self.world.faults.clear()
            self.world.remaining = self.world.limit
