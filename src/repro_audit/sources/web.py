"""Plain web links: is the page still there? One HTTP check per URL, reported alive/dead/unknown.

HEAD first (no body to download), GET when a server refuses HEAD (405/501). Redirects are followed
by hand, at most MAX_REDIRECTS, so every hop passes the same host rule. 429 and 5xx answers go
through the shared retry layer; whatever is still failing, and every network error, is UNKNOWN
with its reason: a link checker cannot tell "their site is gone" from "our network is down".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.models import PageState, WebCheck
from repro_audit.sources.addresses import (
    Resolver,
    local_host_refusal,
    odd_host,
    resolved_host_refusal,
    system_addresses,
)
from repro_audit.sources.deadline import Deadline, watched_session, within
from repro_audit.sources.pagecode import MAX_PAGE_BYTES, code_links_in_page
from repro_audit.sources.pool import map_unique
from repro_audit.sources.retry import (
    Inconclusive,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    call_with_retry,
    wait_hint,
)

if TYPE_CHECKING:
    import requests
else:
    requests = lazy("requests")

MAX_REDIRECTS = 10
HEAD_REFUSED = frozenset({405, 501})
DEAD_STATUSES: Mapping[int, str] = {
    404: "not found",
    410: "gone",
    451: "unavailable for legal reasons",
}
USER_AGENT = f"repro-audit/{__version__} (link check)"


def parse_allow_list(text: str | None) -> frozenset[str] | None:
    """`host1,host2:8080 .example.org` -> the allow-list; None (any host) for an empty text."""
    if text is None or not text.strip():
        return None
    return frozenset(part.lower() for part in text.replace(",", " ").split())


def host_refusal(url: str, allow: frozenset[str] | None, *, configured: bool = False) -> str | None:
    """Why `url` must not be contacted, or None when it may be: the one host rule of the tool.

    `allow` None means any public host: loopback, private and link-local addresses (and the
    `localhost` names) are refused. Otherwise only listed hosts, which may be such addresses (an
    enterprise server): an entry matches the host (`example.org`), the host and port
    (`127.0.0.1:8080`), or, with a leading dot, any subdomain (`.example.org`). Every web,
    git-host and papers-API request asks this first, and so does every redirect hop.
    `configured` marks a URL the operator set (the papers API), not one a digest names: like
    GITHUB_API_URL it may point at a private address.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return "not a valid URL"
    if parts.scheme not in ("http", "https"):
        return f"only http(s) links are checked, not '{parts.scheme}:'"
    if not host:
        return "URL has no host"
    if "@" in parts.netloc or "\\" in parts.netloc:  # `http://evil\\@allowed/` goes to evil
        return "URL carries user info or a backslash before its host; not followed"
    odd = odd_host(host)
    if odd is not None:
        return odd
    if allow is None:
        local = None if configured else local_host_refusal(host)
        return None if local is None else f"{local}; name it in --web-allow to check it"
    netloc = f"{host}:{port}" if port is not None else host
    if host in allow or netloc in allow:
        return None
    if any(entry.startswith(".") and host.endswith(entry) for entry in allow):
        return None
    return f"host {netloc} is not in the allow-list (--web-allow)"


def resolved_refusal(
    url: str, allow: frozenset[str] | None, resolve: Resolver = system_addresses
) -> str | None:
    """`host_refusal`, then, with no allow-list, whether the host's name resolves to a loopback,
    private or link-local address (a public name pointed inwards). Asks DNS, so it belongs to the
    request path; a name that does not resolve is left for the request itself to report."""
    refusal = host_refusal(url, allow)
    if refusal is not None or allow is not None:
        return refusal
    inward = resolved_host_refusal((urlsplit(url).hostname or "").lower(), resolve)
    return None if inward is None else f"{inward}; name it in --web-allow to check it"


class Answer(str, Enum):
    """What one final (non-redirect) HTTP status says about a page."""

    ALIVE = "alive"
    DEAD = "dead"
    RETRY = "retry"  # 429 or 5xx: may pass by itself
    UNKNOWN = "unknown"  # 401/403 and other 4xx: says nothing reliable about the page


def classify_status(status: int) -> Answer:
    """Map a final status code to its meaning; pure, so the table of cases is tested directly."""
    if 200 <= status < 300:
        return Answer.ALIVE
    if status in DEAD_STATUSES:
        return Answer.DEAD
    if status == 429 or 500 <= status < 600:
        return Answer.RETRY
    return Answer.UNKNOWN


@dataclass(frozen=True, slots=True)
class WebOptions:
    """Bounds on checking pages: time per request, redirects, retries and the host allow-list."""

    timeout: float = 15.0
    max_redirects: int = MAX_REDIRECTS
    workers: int = 4
    allow: frozenset[str] | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    resolve: Resolver = system_addresses  # DNS, asked before each request when `allow` is None


class WebChecker:
    """Checks pages with requests; never raises for one page, counts every request it makes."""

    def __init__(self, options: WebOptions | None = None) -> None:
        self.options = options or WebOptions()
        self._lock = threading.Lock()
        self._requests = 0

    @property
    def request_count(self) -> int:
        """HTTP requests made so far (each redirect hop and each retry counts)."""
        with self._lock:
            return self._requests

    def check(self, url: str, read_code: bool = False) -> WebCheck:
        """One page's state; refused hosts, timeouts and 5xx come back UNKNOWN with the reason.

        With `read_code` (a project page) the page is fetched with GET and its HTML read for
        the repository it labels as its code.
        """
        refusal = resolved_refusal(url, self.options.allow, self.options.resolve)
        if refusal is not None:
            return WebCheck(url, PageState.UNKNOWN, reason=f"not checked: {refusal}")
        with watched_session() as session:
            session.trust_env = False  # never send ~/.netrc credentials to a digest's links
            session.headers["User-Agent"] = USER_AGENT
            try:
                return call_with_retry(
                    lambda: self._follow(session, url, read_code), self.options.policy
                )
            except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
                return WebCheck(url, PageState.UNKNOWN, reason=failure.reason)

    def check_many(
        self,
        urls: Iterable[str],
        on_check: Callable[[WebCheck], None] | None = None,
        read_code: frozenset[str] = frozenset(),
    ) -> dict[str, WebCheck]:
        """Each distinct URL checked once, in parallel; results keyed by URL; the pages in
        `read_code` are read for their code link."""
        report = None if on_check is None else (lambda _url, check: on_check(check))
        return map_unique(
            lambda url: self.check(url, url in read_code), urls, self.options.workers, report
        )

    def _follow(self, session: requests.Session, url: str, read_code: bool = False) -> WebCheck:
        current = url
        for _ in range(self.options.max_redirects + 1):
            refusal = resolved_refusal(current, self.options.allow, self.options.resolve)
            if refusal is not None:
                return WebCheck(url, PageState.UNKNOWN, reason=f"redirect not followed: {refusal}")
            status, headers, body = self._ask(session, "GET" if read_code else "HEAD", current)
            if status in HEAD_REFUSED and not read_code:
                status, headers, body = self._ask(session, "GET", current)
            location = headers.get("location")
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            check = _verdict(url, current, status, headers)
            if body and check.state is PageState.ALIVE:
                check = replace(check, code_links=code_links_in_page(body, current))
            return check
        return WebCheck(
            url, PageState.UNKNOWN, reason=f"more than {self.options.max_redirects} redirects"
        )

    def _ask(
        self, session: requests.Session, method: str, url: str
    ) -> tuple[int, Mapping[str, str], str]:
        """(status, headers, HTML text): the body is read only from a GET answered 2xx with
        HTML, and only its first MAX_PAGE_BYTES."""
        with self._lock:
            self._requests += 1
        deadline = Deadline(self.options.timeout)
        try:
            with within(self.options.timeout) as deadline:  # the whole request, not each read
                response = session.request(
                    method,
                    url,
                    allow_redirects=False,
                    timeout=self.options.timeout,
                    stream=True,  # the status is the answer; a body is read only for a project page
                    proxies=requests.utils.get_environ_proxies(url),
                )
        except requests.RequestException as error:
            raise _failure(error, deadline) from None
        with response:
            headers = {key.lower(): value for key, value in response.headers.items()}
            body = ""
            html = "html" in headers.get("content-type", "").lower()
            if method == "GET" and 200 <= response.status_code < 300 and html:
                body = _read_text(response)
            return response.status_code, headers, body


def _read_text(response: requests.Response) -> str:
    """At most MAX_PAGE_BYTES of the body, decoded; what cannot be read is simply not there."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_PAGE_BYTES:
                break
    except requests.RequestException:
        pass
    data = b"".join(chunks)[:MAX_PAGE_BYTES]
    try:
        return data.decode(response.encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", errors="replace")


def _verdict(url: str, final: str, status: int, headers: Mapping[str, str]) -> WebCheck:
    moved = None if final == url else final
    answer = classify_status(status)
    if answer is Answer.ALIVE:
        return WebCheck(url, PageState.ALIVE, status, moved, f"page answers (HTTP {status})")
    if answer is Answer.DEAD:
        reason = f"page {DEAD_STATUSES[status]} (HTTP {status})"
        return WebCheck(url, PageState.DEAD, status, moved, reason)
    if answer is Answer.RETRY:
        kind = "rate limited" if status == 429 else "server error"
        raise TransientFailure(f"page {kind} (HTTP {status})", wait_hint(headers, time.time()))
    return WebCheck(url, PageState.UNKNOWN, status, moved, f"page answered HTTP {status}")


def _failure(error: requests.RequestException, deadline: Deadline) -> Exception:
    """What a failed request says; a request the deadline cut is a timeout, whatever broke."""
    if deadline.cut or isinstance(error, requests.Timeout):
        return TransientFailure("page did not answer in time")  # the whole request, or a read
    if isinstance(error, requests.ConnectionError):
        return Inconclusive(f"cannot connect: {_cause(error)}")
    return Inconclusive(f"request failed: {type(error).__name__}")


def _cause(error: requests.ConnectionError) -> str:
    """A short reason: name resolution, refusal or reset, without a wall of urllib3 text."""
    text = str(error).lower()
    if "name or service not known" in text or "nodename nor servname" in text:
        return "host name does not resolve"
    if "failed to resolve" in text or "temporary failure in name resolution" in text:
        return "host name does not resolve"
    if "refused" in text:
        return "connection refused"
    if "reset" in text or "aborted" in text:
        return "connection reset"
    return type(error).__name__
