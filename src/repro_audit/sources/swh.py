"""Software Heritage: is a repository archived, when was it last visited, and asking it to be.

Two reads per origin on the SWH Web API (`/origin/<url>/get/`, then
`/origin/<url>/visit/latest/?require_snapshot=true`) and one write (`POST
/origin/save/git/url/<url>/`, save-code-now). An optional token ($SWH_TOKEN) goes to the API
host and nowhere else; redirects are never followed, so it cannot be carried away. The API's
`X-RateLimit-*` headers are read on every answer: once the budget is spent, the origins not yet
asked become `unknown (rate limited)` instead of a burst of 429s. A failure is never "not
archived": it is `unknown` with its reason.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from repro_audit.models import ArchiveFacts, ArchiveState
from repro_audit.sources.endpoints import DEFAULT_SWH_API_URL
from repro_audit.sources.json_api import ask_json_api, json_of
from repro_audit.sources.pool import map_unique
from repro_audit.sources.retry import (
    Inconclusive,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    call_with_retry,
    wait_hint,
)
from repro_audit.sources.timeparse import parse_github_time
from repro_audit.sources.web import host_refusal

if TYPE_CHECKING:
    import requests

_SWH = "Software Heritage"

SNAPSHOT_PREFIX = "swh:1:snp:"
_HEX = frozenset("0123456789abcdef")


def browse_url(api_url: str, origin: str, snapshot: str) -> str:
    """The archive's page for one snapshot of an origin (the web UI beside the API)."""
    base = api_url.rstrip("/")
    base = base[: -len("/api/1")] if base.endswith("/api/1") else base
    return (
        f"{base}/browse/origin/directory/?origin_url={quote(origin, safe='')}&snapshot={snapshot}"
    )


def visit_facts(api_url: str, origin: str, answer: object) -> ArchiveFacts:
    """ArchiveFacts from a `visit/latest` answer; a malformed one is unknown, never raised."""
    if not isinstance(answer, Mapping):
        return ArchiveFacts(origin, ArchiveState.UNKNOWN, reason="visit answer is not an object")
    snapshot = answer.get("snapshot")
    if not isinstance(snapshot, str) or len(snapshot) != 40 or not set(snapshot) <= _HEX:
        return ArchiveFacts(
            origin, ArchiveState.NOT_ARCHIVED, reason="origin known, no visit with a snapshot"
        )
    visited = parse_github_time(answer.get("date"))
    return ArchiveFacts(
        origin,
        ArchiveState.ARCHIVED,
        url=browse_url(api_url, origin, snapshot),
        swhid=SNAPSHOT_PREFIX + snapshot,
        visited_at=visited,
    )


@dataclass(frozen=True, slots=True)
class SaveOutcome:
    """What save-code-now said for one origin: `accepted`, `pending`, `rejected` or `unknown`."""

    origin: str
    status: str
    task: str = ""  # save_task_status: "not yet scheduled", "succeeded", ...
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SwhOptions:
    """Where the API is, the token for it, and the bounds on asking it."""

    api_url: str = DEFAULT_SWH_API_URL
    token: str | None = None
    timeout: float = 15.0
    workers: int = 2  # SWH asks for gentle clients; two in flight is plenty
    allow: frozenset[str] | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)


class _Budget:
    """The API's rate-limit budget as its last answer stated it (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.remaining: int | None = None
        self.reset: float | None = None

    def note(self, headers: Mapping[str, str]) -> None:
        lowered = {key.lower(): value for key, value in headers.items()}
        with self._lock:
            try:
                if "x-ratelimit-remaining" in lowered:
                    self.remaining = int(lowered["x-ratelimit-remaining"])
                if "x-ratelimit-reset" in lowered:
                    self.reset = float(lowered["x-ratelimit-reset"])
            except ValueError:
                pass

    def spent(self, now_epoch: float) -> bool:
        with self._lock:
            if self.remaining is None or self.remaining > 0:
                return False
            return self.reset is None or self.reset > now_epoch


class SwhClient:
    """Asks the Software Heritage Web API; failures become `unknown` facts with a reason."""

    def __init__(
        self,
        options: SwhOptions | None = None,
        on_request: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.options = options or SwhOptions()
        self._on_request = on_request or (lambda: None)
        self._clock = clock
        self._budget = _Budget()
        self._host = (urlsplit(self.options.api_url).netloc or "").lower()

    # --- reading ---------------------------------------------------------------------------
    def lookup(self, origin: str) -> ArchiveFacts:
        """One origin's archive status and latest snapshot."""
        refusal = host_refusal(self.options.api_url, self.options.allow, configured=True)
        if refusal is not None:
            return ArchiveFacts(origin, ArchiveState.UNKNOWN, reason=f"not asked: {refusal}")
        try:
            known = self._get(f"origin/{_path(origin)}/get/")
            if known is None:
                return ArchiveFacts(
                    origin, ArchiveState.NOT_ARCHIVED, reason="origin not in Software Heritage"
                )
            visit = self._get(f"origin/{_path(origin)}/visit/latest/?require_snapshot=true")
        except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
            return ArchiveFacts(origin, ArchiveState.UNKNOWN, reason=failure.reason)
        if visit is None:
            return ArchiveFacts(
                origin, ArchiveState.NOT_ARCHIVED, reason="origin known, no visit with a snapshot"
            )
        return visit_facts(self.options.api_url, origin, visit)

    def lookup_many(self, origins: Iterable[str]) -> dict[str, ArchiveFacts]:
        """Each distinct origin once, a few at a time (the API has no batch read)."""
        return map_unique(self.lookup, origins, self.options.workers)

    # --- writing ---------------------------------------------------------------------------
    def request_save(self, origin: str) -> SaveOutcome:
        """Ask save-code-now to visit a git origin; never retried (a POST is not idempotent
        for the API's quota), and a failure is `unknown` with its reason."""
        refusal = host_refusal(self.options.api_url, self.options.allow, configured=True)
        if refusal is not None:
            return SaveOutcome(origin, "unknown", reason=f"not asked: {refusal}")
        try:
            answer = self._send("POST", f"origin/save/git/url/{_path(origin)}/")
        except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
            return SaveOutcome(origin, "unknown", reason=failure.reason)
        if not isinstance(answer, Mapping):
            return SaveOutcome(origin, "unknown", reason="save answer is not an object")
        status = str(answer.get("save_request_status") or "unknown")
        return SaveOutcome(origin, status, task=str(answer.get("save_task_status") or ""))

    @property
    def budget_spent(self) -> bool:
        """True when the last answer said no request is left before the reset."""
        return self._budget.spent(self._clock())

    # --- the wire --------------------------------------------------------------------------
    def _get(self, path: str) -> Any:
        """The JSON of a GET, None for 404; retried within the policy."""
        return call_with_retry(lambda: self._send("GET", path), self.options.policy)

    def _send(self, method: str, path: str) -> Any:
        if self._budget.spent(self._clock()):
            raise RateLimitExhausted("Software Heritage rate limit reached (no request left)")
        url = f"{self.options.api_url.rstrip('/')}/{path}"
        headers = {}
        if self.options.token and (urlsplit(url).netloc or "").lower() == self._host:
            headers["Authorization"] = f"Bearer {self.options.token}"
        self._on_request()
        response = ask_json_api(method, url, self.options.timeout, _SWH, headers)
        self._budget.note(response.headers)
        return _answer(response, self._clock())


def _answer(response: requests.Response, now_epoch: float) -> Any:
    """The decoded JSON of a 200/201; None for 404; raises for the rest (pure of I/O)."""
    status = response.status_code
    if status == 404:
        return None
    if status == 429 or status >= 500:
        hint = wait_hint(dict(response.headers), now_epoch)
        what = "rate limited" if status == 429 else "server error"
        raise TransientFailure(f"Software Heritage {what} (HTTP {status})", hint)
    if status == 401 or status == 403:
        raise Inconclusive(f"Software Heritage refused the request (HTTP {status}): SWH_TOKEN?")
    if status not in (200, 201):
        raise Inconclusive(f"Software Heritage answered HTTP {status}")
    return json_of(response, _SWH)


def _path(origin: str) -> str:
    """The origin URL as the API takes it in a path: as is, only unsafe characters quoted."""
    return quote(origin, safe=":/@-._~")
