"""Optional paper -> code look-up (`--lookup-papers`) on the Hugging Face papers API.

Papers with Code shut down in July 2025; Hugging Face paper pages now carry the GitHub link
authors or the community attach to an arXiv id (`GET {api}/{arxiv_id}`, field `githubRepo`).
The answer is only a suggestion: the repository it names is audited like any other link.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from repro_audit.sources.endpoints import DEFAULT_PAPERS_API_URL
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
from repro_audit.sources.web import host_refusal

CODE_FIELDS = ("githubRepo",)
"""Fields of a paper answer that name code; `projectPage` is a page, not code, and is ignored."""


@dataclass(frozen=True, slots=True)
class PaperLookup:
    """What the API said about one paper: code URLs, or why nothing is known."""

    arxiv_id: str
    urls: tuple[str, ...] = ()
    known: bool | None = None  # True: the API has the paper; False: it does not; None: no answer
    reason: str = ""


def code_urls(answer: object) -> tuple[str, ...]:
    """The http(s) code URLs in one paper answer; anything malformed is ignored, never raised."""
    if not isinstance(answer, Mapping):
        return ()
    found = []
    for name in CODE_FIELDS:
        value = answer.get(name)
        if isinstance(value, str) and value.strip().lower().startswith(("https://", "http://")):
            found.append(value.strip())
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class PapersOptions:
    """Where the API is, and the bounds on asking it."""

    api_url: str = DEFAULT_PAPERS_API_URL
    timeout: float = 15.0
    workers: int = 4
    allow: frozenset[str] | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)


class PapersClient:
    """Asks the papers API once per arXiv id; failures become `known=None` with a reason."""

    def __init__(
        self, options: PapersOptions | None = None, on_request: Callable[[], None] | None = None
    ) -> None:
        self.options = options or PapersOptions()
        self._on_request = on_request or (lambda: None)

    def lookup(self, arxiv_id: str) -> PaperLookup:
        """One paper's code links."""
        url = f"{self.options.api_url.rstrip('/')}/{quote(arxiv_id, safe='')}"
        refusal = host_refusal(url, self.options.allow, configured=True)
        if refusal is not None:
            return PaperLookup(arxiv_id, reason=f"not asked: {refusal}")
        try:
            return call_with_retry(lambda: self._ask(arxiv_id, url), self.options.policy)
        except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
            return PaperLookup(arxiv_id, reason=failure.reason)

    def lookup_many(self, arxiv_ids: Iterable[str]) -> dict[str, PaperLookup]:
        """Each distinct id once, in parallel."""
        return map_unique(self.lookup, arxiv_ids, self.options.workers)

    def _ask(self, arxiv_id: str, url: str) -> PaperLookup:
        self._on_request()
        response = ask_json_api("GET", url, self.options.timeout, "papers API")
        status = response.status_code
        if status == 404:
            return PaperLookup(arxiv_id, known=False, reason="paper not on the papers API")
        if status == 429 or status >= 500:
            hint = wait_hint(dict(response.headers), time.time())
            raise TransientFailure(f"papers API answered HTTP {status}", hint)
        if status != 200:
            raise Inconclusive(f"papers API answered HTTP {status}")
        return PaperLookup(arxiv_id, urls=code_urls(json_of(response, "papers API")), known=True)
