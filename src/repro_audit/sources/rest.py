"""REST through PyGithub: one `GET /repos/{owner}/{repo}` per repository (two when renamed).

Used when there is no token, where GraphQL is closed and the budget is 60 requests an hour; the
file listing and last commit then come from git, which does not spend that budget.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.sources.endpoints import API_ACCEPT, API_VERSION, Endpoints
from repro_audit.sources.graphql import AuthenticationFailed
from repro_audit.sources.retry import (
    UNEXPECTED_ANSWER,
    HttpOutcome,
    Inconclusive,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    call_with_retry,
    classify_http,
    is_retryable,
    retry_reason,
    unexpected_answer,
    wait_hint,
)
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.timeparse import parse_github_time

if TYPE_CHECKING:
    import github
    import requests
else:
    requests = lazy("requests")
    github = lazy("github")


def facts_from_rest(ref: RepoRef, data: Mapping[str, Any]) -> RepoFacts:
    """Copy the fields of a REST repository object into plain facts (no file listing yet)."""
    license_info = data.get("license")
    parent = data.get("parent")
    spdx = None
    if isinstance(license_info, Mapping):
        spdx = license_info.get("spdx_id") or "NOASSERTION"
    return RepoFacts(
        ref=ref,
        existence=Existence.EXISTS,
        canonical=data.get("full_name"),
        html_url=data.get("html_url"),
        is_private=data.get("private"),
        is_disabled=data.get("disabled"),
        is_archived=data.get("archived"),
        is_fork=data.get("fork"),
        parent=parent.get("full_name") if isinstance(parent, Mapping) else None,
        stars=data.get("stargazers_count"),
        forks=data.get("forks_count"),
        has_license=license_info is not None,
        license_spdx=spdx,
        license_name=license_info.get("name") if isinstance(license_info, Mapping) else None,
        created_at=parse_github_time(data.get("created_at")),
        pushed_at=parse_github_time(data.get("pushed_at")),
        default_branch=data.get("default_branch"),
        via="rest",
    )


class RestClient:
    """PyGithub with its own retries off (tenacity is the one retry layer), no throttle sleeps."""

    def __init__(
        self,
        endpoints: Endpoints,
        counter: RequestCounter,
        policy: RetryPolicy,
        timeout: float = 30.0,
    ) -> None:
        auth = github.Auth.Token(endpoints.token) if endpoints.token else None
        self._github = github.Github(
            base_url=endpoints.api_url,
            auth=auth,
            timeout=int(max(1, timeout)),
            retry=None,
            user_agent=f"repro-audit/{__version__}",
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=False,
            api_version=API_VERSION,  # PyGithub's own setting: X-GitHub-Api-Version on each call
        )
        self._counter = counter
        self._policy = policy

    def remaining_budget(self, resource: str = "core") -> int | None:
        """Requests left for `resource` ("core", "graphql"); asking is free; None if unreadable."""
        try:
            _headers, data = self._github.requester.requestJsonAndCheck(
                "GET", "/rate_limit", headers={"Accept": API_ACCEPT}
            )
        except (github.GithubException, requests.RequestException, RuntimeError):
            return None  # RuntimeError: PyGithub refused a redirect to another host
        except UNEXPECTED_ANSWER:
            return None
        resources = data.get("resources") if isinstance(data, Mapping) else None
        budget = resources.get(resource) if isinstance(resources, Mapping) else None
        remaining = budget.get("remaining") if isinstance(budget, Mapping) else None
        return remaining if isinstance(remaining, int) else None

    def repository(self, ref: RepoRef, etag: str | None = None) -> RestAnswer:
        """Facts from `GET /repos/{owner}/{repo}`; failures become MISSING/BLOCKED/UNKNOWN facts.

        With the ETag of an earlier answer the request is conditional: a 304 costs no budget
        and comes back as `facts=None`, meaning "what you have is still true".
        """
        try:
            headers, data = call_with_retry(lambda: self._get_repo(ref, etag), self._policy)
        except AuthenticationFailed:
            raise
        except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
            facts = RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=failure.reason)
            return RestAnswer(facts, None, isinstance(failure, RateLimitExhausted))
        except _Absent as absent:
            return RestAnswer(RepoFacts(ref=ref, existence=absent.existence, reason=absent.reason))
        if data is None:
            self._counter.add("not_modified")  # a 304: asked, but no budget spent
            return RestAnswer(None, etag)
        return RestAnswer(facts_from_rest(ref, data), headers.get("etag"))

    def tree(self, slug: str) -> TreeListing | str:
        """The default branch's whole tree in one request however deep it goes
        (`GET /repos/{owner}/{repo}/git/trees/HEAD?recursive=1`), or why it could not be had."""
        owner, _, name = slug.partition("/")
        path = f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}/git/trees/HEAD"

        def get() -> Mapping[str, Any]:
            _headers, data = self._get(f"{path}?recursive=1", {})
            if data is None or not isinstance(data.get("tree"), list):
                raise Inconclusive("GitHub REST answered without a tree")
            return data

        try:
            data = call_with_retry(get, self._policy)
        except AuthenticationFailed:
            raise
        except (TransientFailure, RateLimitExhausted, Inconclusive, _Absent) as failure:
            return failure.reason
        entries = [e for e in data["tree"] if isinstance(e, Mapping)]
        files = sorted(str(e.get("path", "")) for e in entries if e.get("type") == "blob")
        return TreeListing(tuple(files), len(entries), bool(data.get("truncated")))

    @property
    def remaining(self) -> int | None:
        """Requests left in the budget, as the last answer's headers said; never asks (PyGithub's
        own `rate_limiting` would call `/rate_limit` before the first answer, and raise)."""
        remaining, _limit = self._github.requester.rate_limiting
        return remaining if remaining >= 0 else None

    def _get_repo(
        self, ref: RepoRef, etag: str | None
    ) -> tuple[Mapping[str, Any], Mapping[str, Any] | None]:
        path = f"/repos/{quote(ref.owner, safe='')}/{quote(ref.name, safe='')}"
        headers, data = self._get(path, {"If-None-Match": etag} if etag else {})
        if data is None:
            return headers, None  # 304 Not Modified: counted apart by `repository`
        if "full_name" not in data:
            # PyGithub hands back a 302/307 it did not follow (or a proxy's JSON) as if it were
            # the answer: that says nothing about the repository, so it must not read as alive
            note = str(data.get("message", "")).strip()[:80]
            raise Inconclusive(
                f"GitHub REST answered without a repository{': ' + note if note else ''}"
            )
        if str(data.get("full_name", "")).lower() != ref.key:
            self._counter.add("rest")  # the 301 to /repositories/{id} was a request too
        return headers, data

    def _get(
        self, path: str, extra: Mapping[str, str]
    ) -> tuple[Mapping[str, Any], Mapping[str, Any] | None]:
        """One GET with GitHub's recommended headers, counted as a budget request unless it
        was a 304 (no JSON object then); failures become the retry layer's exceptions."""
        try:
            headers, data = self._github.requester.requestJsonAndCheck(
                "GET", path, headers={"Accept": API_ACCEPT, **extra}
            )
        except github.GithubException as error:
            self._counter.add("rest")
            raise _translate(error) from None
        except requests.Timeout:
            self._counter.add("rest")
            raise TransientFailure("GitHub REST timed out") from None
        except requests.RequestException as error:
            self._counter.add("rest")
            raise TransientFailure(f"GitHub REST unreachable: {type(error).__name__}") from None
        except RuntimeError as error:  # PyGithub refuses a redirect to another host: it recurs
            self._counter.add("rest")
            raise Inconclusive(f"GitHub REST redirected unexpectedly: {error}") from None
        except UNEXPECTED_ANSWER as error:
            self._counter.add("rest")
            raise Inconclusive(f"GitHub REST: {unexpected_answer(error)}") from None
        if data is None and any(key.lower() == "location" for key in headers):
            # a 302/307/308 with an empty body, handed back unfollowed: not a 304
            self._counter.add("rest")
            raise Inconclusive("GitHub REST redirected, not followed")
        if not isinstance(data, Mapping):
            return headers, None
        self._counter.add("rest")
        return headers, data


@dataclass(frozen=True, slots=True)
class TreeListing:
    """A recursive git tree as REST gives it: file paths, entries listed, and whether GitHub
    stopped short (`truncated`: more than 100,000 entries or 7 MB)."""

    paths: tuple[str, ...]  # files (blobs), sorted; folders and submodules are not files
    entries: int  # every entry listed: files, folders, submodules
    truncated: bool


@dataclass(frozen=True, slots=True)
class RestAnswer:
    """One repository's REST answer: facts (None for 304 Not Modified) and the ETag to keep."""

    facts: RepoFacts | None
    etag: str | None = None
    budget_spent: bool = False  # the primary rate limit ended this answer


class _Absent(Exception):
    """GitHub answered that the repository is not there (or not reachable for anyone)."""

    def __init__(self, existence: Existence, reason: str) -> None:
        super().__init__(reason)
        self.existence = existence
        self.reason = reason


def _translate(error: github.GithubException) -> Exception:
    headers = dict(error.headers or {})
    data = error.data if isinstance(error.data, Mapping) else {}
    message = str(data.get("message", "") or error.message or "")
    outcome = classify_http(error.status, headers, message)
    if outcome is HttpOutcome.MISSING:
        return _Absent(Existence.MISSING, f"not found on GitHub ({error.status})")
    if outcome is HttpOutcome.BLOCKED:
        block = data.get("block") if isinstance(data.get("block"), Mapping) else {}
        why = f", reason: {block['reason']}" if block and block.get("reason") else ""
        return _Absent(Existence.BLOCKED, f"access blocked by GitHub ({error.status}{why})")
    if outcome is HttpOutcome.AUTH_FAILED:
        return AuthenticationFailed("GitHub rejected the token (401 Bad credentials)")
    hint = wait_hint(headers, time.time())
    if outcome is HttpOutcome.RATE_LIMITED:
        return TransientFailure(retry_reason(outcome, error.status), hint or 3600.0)
    if is_retryable(outcome):
        return TransientFailure(retry_reason(outcome, error.status), hint)
    return Inconclusive(f"GitHub answered HTTP {error.status}: {message}".rstrip(": "))
