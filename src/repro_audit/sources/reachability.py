"""The run's first question to GitHub: can it be reached at all, and is each token accepted?

`GET /rate_limit` is free, so it is asked once per token before any repository (and once,
anonymously, when there is no token). It tells three things at once: whether the API answers at
all (no network, a proxy refusing, a wrong GITHUB_API_URL), whether each token is accepted, and
how much budget each has left. Requests goes through HTTPS_PROXY / HTTP_PROXY / NO_PROXY as
the environment sets them; redirects are never followed, so a token goes to the API host only.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.sources.endpoints import API_HEADERS
from repro_audit.sources.graphql import AuthenticationFailed

if TYPE_CHECKING:
    import requests
else:
    requests = lazy("requests")

PREFLIGHT_TIMEOUT = 10.0  # seconds to connect and to read: a dead network says so within 15 s
ADVICE = "check the network, a proxy (HTTPS_PROXY) or GITHUB_API_URL"


class Unreachable(Exception):
    """The API could not be reached at all: no report would say anything true, so the run stops."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"cannot reach {url} ({reason}); {ADVICE}")
        self.url = url
        self.reason = reason


def behind_proxy(url: str) -> bool:
    """True when the environment routes `url` through a proxy (HTTPS_PROXY / HTTP_PROXY, less
    NO_PROXY), so code that opens its own connections must leave it to requests or git."""
    import urllib.request  # here: it loads http.client, which a cached run otherwise never needs

    parts = urlsplit(url)
    if not urllib.request.getproxies().get(parts.scheme):
        return False
    return not urllib.request.proxy_bypass(parts.netloc)


@dataclass(frozen=True, slots=True)
class TokenCheck:
    """What `/rate_limit` said of one token (or of anonymous access when `token` is None)."""

    accepted: bool
    remaining: dict[str, int]  # resource ("core", "graphql") -> requests left this hour


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (`reason` of urllib3's errors, `args`), and its chain."""
    seen: set[int] = set()
    todo: list[BaseException] = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for linked in (current.__cause__, current.__context__, getattr(current, "reason", None)):
            if isinstance(linked, BaseException):
                todo.append(linked)
        todo += [arg for arg in current.args if isinstance(arg, BaseException)]


def unreachable_reason(error: requests.RequestException) -> str | None:
    """Why a request never reached the server, in a few words; None when the server was reached
    (a read timeout or a reset mid-answer is a server's fault, not the network's)."""
    causes = list(_causes(error))
    text = " ".join(str(cause) for cause in causes).lower()
    if isinstance(error, requests.exceptions.ProxyError):
        return "the proxy refused or failed"
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS handshake failed"
    if not isinstance(error, requests.ConnectionError):
        return None
    if any(isinstance(cause, socket.gaierror) for cause in causes) or "resolve" in text:
        return "name resolution failed"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes) or "refused" in text:
        return "connection refused"
    if any(isinstance(cause, OSError) and "unreachable" in str(cause).lower() for cause in causes):
        return "network unreachable"
    if "newconnectionerror" in text or "failed to establish" in text:
        return "no connection could be made"
    return None


def check_access(api_url: str, token: str | None, timeout: float) -> TokenCheck:
    """Ask `/rate_limit` with `token`; raises Unreachable when the API cannot be reached."""
    headers = {"User-Agent": f"repro-audit/{__version__}", **API_HEADERS}
    if token is not None:
        headers["Authorization"] = f"token {token}"
    wait = min(timeout, PREFLIGHT_TIMEOUT)
    try:
        response = requests.get(
            f"{api_url}/rate_limit", headers=headers, timeout=wait, allow_redirects=False
        )
    except requests.RequestException as error:
        reason = unreachable_reason(error)
        if reason is not None:
            raise Unreachable(api_url, reason) from None
        return TokenCheck(accepted=True, remaining={})  # reached, but no answer: ask later
    if response.status_code == 401:
        return TokenCheck(accepted=False, remaining={})
    return TokenCheck(accepted=True, remaining=_remaining(response))


def _remaining(response: requests.Response) -> dict[str, int]:
    if response.status_code != 200:
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    resources = body.get("resources") if isinstance(body, dict) else None
    if not isinstance(resources, dict):
        return {}
    found: dict[str, int] = {}
    for name, budget in resources.items():
        left = budget.get("remaining") if isinstance(budget, dict) else None
        if isinstance(left, int):
            found[str(name)] = left
    return found


@dataclass(frozen=True, slots=True)
class Preflight:
    """The tokens GitHub accepted, what to warn about, and the budget note (if any)."""

    tokens: tuple[str, ...]
    warnings: tuple[str, ...]
    notes: tuple[str, ...]


def preflight(
    api_url: str, tokens: tuple[str, ...], todo: int, batch_size: int, timeout: float
) -> Preflight:
    """Check each token once (dropping rejected ones), then say whether the budget left covers
    `todo` repositories. Raises Unreachable, or AuthenticationFailed when no token is left."""
    warnings: list[str] = []
    kept: list[str] = []
    left: dict[str, int] = {}
    for position, token in enumerate(tokens, start=1):
        check = check_access(api_url, token, timeout)
        if not check.accepted:
            warnings.append(
                f"token {position} of {len(tokens)} was rejected by GitHub (401 Bad "
                "credentials) and is left out of this run"
            )
            continue
        kept.append(token)
        for resource, count in check.remaining.items():
            left[resource] = left.get(resource, 0) + count
    if tokens and not kept:
        which = "the token" if len(tokens) == 1 else f"all {len(tokens)} tokens"
        raise AuthenticationFailed(f"GitHub rejected {which} (401 Bad credentials)")
    if not tokens and todo:
        left = check_access(api_url, None, timeout).remaining
    note = _budget_note(bool(tokens), todo, batch_size, left)
    return Preflight(tuple(kept), tuple(warnings), note)


def _budget_note(
    with_token: bool, todo: int, batch_size: int, left: dict[str, int]
) -> tuple[str, ...]:
    """Said before the first repository is asked, when the budget left will not cover the run."""
    if not todo:
        return ()
    if with_token:
        needed, resource = 2 * -(-todo // max(1, batch_size)), "graphql"
    else:
        needed, resource = todo, "core"
    remaining = left.get(resource)
    if remaining is None or remaining >= needed:
        return ()
    advice = (
        "add tokens (comma-separated) or wait for the reset"
        if with_token
        else "set GITHUB_TOKEN for 5,000 requests/hour and batched GraphQL"
    )
    return (
        f"{todo} repositories need about {needed} {resource} requests but only {remaining} "
        f"are left this hour; the rest will be 'unknown (rate limited)'; {advice}.",
    )
