"""The links GitHub's API cannot answer for: other git hosts, web pages, papers-API look-ups.

One source with one allow-list and one request count, so the audit's second phase is a single
call: each link is routed to git (`git_remote` names a repository) or to an HTTP check.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from repro_audit.models import LinkKind, RepoFacts, ResolvedLink, WebCheck
from repro_audit.sources.endpoints import DEFAULT_PAPERS_API_URL
from repro_audit.sources.githost import GitHostOptions, GitHostSource, GitRemote, git_remote
from repro_audit.sources.papers import (
    PaperLookup,
    PapersClient,
    PapersOptions,
)
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.web import WebChecker, WebOptions

_GIT_KINDS = frozenset({LinkKind.OTHER_HOST, LinkKind.WEB})


@dataclass(frozen=True, slots=True)
class LinkOptions:
    """Knobs for the second phase; `allow` None lets every public host be asked."""

    allow: frozenset[str] | None = None
    timeout: float = 15.0
    git_timeout: float = 60.0
    workers: int = 4
    use_git: bool = True
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    lookup_papers: bool = False
    papers_api_url: str = DEFAULT_PAPERS_API_URL


def route(links: Iterable[ResolvedLink]) -> tuple[dict[str, GitRemote], list[str]]:
    """(link URL -> git remote) for links naming a repository elsewhere; the rest get web checks.

    GitHub Pages sites are always web-checked (their repository is asked through GitHub);
    other-host and web links are git repositories when `git_remote` recognises them.
    """
    remotes: dict[str, GitRemote] = {}
    pages: list[str] = []
    for link in links:
        remote = git_remote(link.url) if link.kind in _GIT_KINDS else None
        if remote is not None:
            remotes.setdefault(link.url, remote)
        elif link.url not in pages:
            pages.append(link.url)
    return remotes, pages


class LinkSource:
    """Asks other git hosts, web servers and the papers API; never raises for one link."""

    def __init__(self, options: LinkOptions, counter: RequestCounter | None = None) -> None:
        self.options = options
        self._counter = counter
        self._lock = threading.Lock()
        self._papers_requests = 0
        self.web = WebChecker(
            WebOptions(
                timeout=options.timeout,
                workers=options.workers,
                allow=options.allow,
                policy=options.policy,
            )
        )
        self.git = GitHostSource(
            GitHostOptions(
                timeout=options.timeout,
                clone_timeout=options.git_timeout,
                use_clone=options.use_git,
                workers=options.workers,
                allow=options.allow,
                policy=options.policy,
            ),
            on_request=self._count_git,
        )

    @property
    def web_requests(self) -> int:
        """HTTP requests of this phase: page checks plus papers-API look-ups."""
        with self._lock:
            return self.web.request_count + self._papers_requests

    def lookup_papers(self, arxiv_ids: Sequence[str]) -> tuple[dict[str, PaperLookup], list[str]]:
        """Code URLs the papers API knows per arXiv id, and a note when look-ups failed."""
        if not self.options.lookup_papers or not arxiv_ids:
            return {}, []
        client = PapersClient(
            PapersOptions(
                api_url=self.options.papers_api_url,
                timeout=self.options.timeout,
                workers=self.options.workers,
                allow=self.options.allow,
                policy=self.options.policy,
            ),
            on_request=self._count_papers,
        )
        found = client.lookup_many(arxiv_ids)
        failed = [lookup for lookup in found.values() if lookup.known is None]
        notes = []
        if failed:
            notes.append(
                f"papers API: {len(failed)} of {len(found)} look-ups got no answer "
                f"(first: {failed[0].reason}); those papers keep only the digest's links"
            )
        return found, notes

    def check(
        self,
        links: Iterable[ResolvedLink],
        on_git: Callable[[str, RepoFacts], None],
        on_web: Callable[[WebCheck], None],
    ) -> None:
        """Check every link once; results arrive through the callbacks as they are learned."""
        links = list(links)
        remotes, pages = route(links)
        by_clone: dict[str, list[str]] = {}
        for url, remote in remotes.items():
            by_clone.setdefault(remote.url, []).append(url)

        def keep(clone_url: str, facts: RepoFacts) -> None:
            for url in by_clone[clone_url]:
                on_git(url, facts)

        self.git.fetch_many(remotes.values(), keep)
        project_pages = frozenset(link.url for link in links if link.kind is LinkKind.GITHUB_PAGES)
        self.web.check_many(pages, on_web, read_code=project_pages)  # read for their code link

    def _count_git(self) -> None:
        if self._counter is not None:
            self._counter.add("git")

    def _count_papers(self) -> None:
        with self._lock:
            self._papers_requests += 1
