"""Facts about GitHub repositories: GraphQL batches with a token, REST plus git without one."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from repro_audit.models import Existence, RepoFacts, RepoRef, RequestStats
from repro_audit.sources.endpoints import Endpoints
from repro_audit.sources.gitclone import GitSnapshot, GitUnavailable, snapshot
from repro_audit.sources.graphql import GraphQLClient, QueryFailed
from repro_audit.sources.rest import RestClient
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.selection import readme_path, texts_to_read
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.texts import (
    build_texts_query,
    nothing_to_read,
    text_request,
    with_text_gap,
    with_texts,
)

PRIMARY_LIMIT_PREFIX = "rate limited (primary"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Knobs for asking GitHub: batch size, parallelism, time limits and the retry policy."""

    batch_size: int = 50
    workers: int = 4
    timeout: float = 30.0
    git_timeout: float = 60.0
    use_git: bool = True
    read_texts: bool = True
    policy: RetryPolicy = field(default_factory=RetryPolicy)


def unique_refs(refs: Iterable[RepoRef]) -> list[RepoRef]:
    """Each repository once (names ignore case), in first-seen order."""
    seen: dict[str, RepoRef] = {}
    for ref in refs:
        seen.setdefault(ref.key, ref)
    return list(seen.values())


class GitHubSource:
    """The one place that talks to GitHub; returns plain facts keyed by `RepoRef.key`."""

    def __init__(self, endpoints: Endpoints, options: FetchOptions | None = None) -> None:
        self.endpoints = endpoints
        self.options = options or FetchOptions()
        self.counter = RequestCounter()
        self._budget_spent = threading.Event()

    @property
    def stats(self) -> RequestStats:
        """Requests made so far."""
        return self.counter.snapshot()

    def budget_notes(self, refs: Sequence[RepoRef]) -> list[str]:
        """Say up front when an anonymous run cannot fit GitHub's hourly budget."""
        if self.endpoints.token is not None:
            return []
        needed = len(unique_refs(refs))
        client = RestClient(self.endpoints, self.counter, self.options.policy, self.options.timeout)
        remaining = client.remaining_budget()
        if remaining is None or remaining >= needed:
            return []
        return [
            f"no token: {needed} repositories need about {needed} REST requests but only "
            f"{remaining} are left this hour; the rest will be 'unknown (rate limited)'. "
            "Set GITHUB_TOKEN for 5,000 requests/hour and batched GraphQL."
        ]

    def fetch(
        self,
        refs: Sequence[RepoRef],
        on_facts: Callable[[RepoFacts], None] | None = None,
    ) -> dict[str, RepoFacts]:
        """Facts for every distinct repository in `refs`; one repository's failure never raises."""
        todo = unique_refs(refs)
        results: dict[str, RepoFacts] = {}

        def keep(facts: RepoFacts) -> None:
            results[facts.ref.key] = facts
            if on_facts is not None:
                on_facts(facts)

        if self.endpoints.token is not None:
            self._fetch_graphql(todo, keep)
        else:
            self._fetch_rest(todo, keep)
        return results

    def _fetch_graphql(self, refs: list[RepoRef], keep: Callable[[RepoFacts], None]) -> None:
        client = GraphQLClient(
            self.endpoints, self.counter, self.options.policy, self.options.timeout
        )
        size = max(1, self.options.batch_size)
        for start in range(0, len(refs), size):
            batch = client.fetch_batch(refs[start : start + size])
            for facts in self._read_texts(client, batch):
                keep(facts)

    def _read_texts(self, client: GraphQLClient, batch: list[RepoFacts]) -> list[RepoFacts]:
        """Second round: README and dependency texts for the whole batch, in one request."""
        requests = [text_request(facts) for facts in batch]
        wanted = [request for request in requests if request is not None]
        if not self.options.read_texts or not wanted:
            return [nothing_to_read(facts) for facts in batch]
        query, variables = build_texts_query(wanted)
        try:
            data = client.run(query, variables).get("data") or {}
        except QueryFailed as failure:
            return [
                with_text_gap(facts, failure.reason) if request else nothing_to_read(facts)
                for facts, request in zip(batch, requests, strict=True)
            ]
        answers = {id(request): data.get(f"r{number}") for number, request in enumerate(wanted)}
        return [
            with_texts(request, answers[id(request)]) if request else nothing_to_read(facts)
            for facts, request in zip(batch, requests, strict=True)
        ]

    def _fetch_rest(self, refs: list[RepoRef], keep: Callable[[RepoFacts], None]) -> None:
        client = RestClient(self.endpoints, self.counter, self.options.policy, self.options.timeout)
        lock = threading.Lock()

        def one(ref: RepoRef) -> None:
            facts = self._rest_and_git(client, ref)
            with lock:
                keep(facts)

        with ThreadPoolExecutor(max_workers=max(1, self.options.workers)) as pool:
            for future in [pool.submit(one, ref) for ref in refs]:
                future.result()

    def _rest_and_git(self, client: RestClient, ref: RepoRef) -> RepoFacts:
        if self._budget_spent.is_set():
            return RepoFacts(
                ref=ref,
                existence=Existence.UNKNOWN,
                reason="rate limited (primary limit reached earlier in this run)",
            )
        facts = client.repository(ref)
        if facts.reason.startswith(PRIMARY_LIMIT_PREFIX):
            self._budget_spent.set()
        if facts.existence is not Existence.EXISTS or not self.options.use_git:
            return facts
        return self._with_git(facts)

    def _with_git(self, facts: RepoFacts) -> RepoFacts:
        slug = facts.canonical or facts.ref.slug
        self.counter.add("git")
        try:
            snap = snapshot(
                self.endpoints.clone_url(slug),
                self.options.git_timeout,
                choose_texts=texts_to_read if self.options.read_texts else None,
            )
        except GitUnavailable as failure:
            gap = f"file listing and last commit unknown: {failure.reason}"
            return replace(facts, via="rest", gaps=(*facts.gaps, gap))
        return replace(
            facts,
            is_empty=snap.is_empty,
            default_branch=snap.default_branch or facts.default_branch,
            last_commit_at=snap.last_commit_at,
            root_files=snap.root_files,
            paths=snap.paths,
            commit_dates=snap.commit_dates,
            commit_count=snap.commit_count,
            readme_text=_readme_text(snap),
            file_texts=tuple(
                item for item in snap.texts if item[0] != readme_path(snap.root_files)
            ),
            via="rest+git",
        )


def _readme_text(snap: GitSnapshot) -> str | None:
    readme = readme_path(snap.root_files)
    return next((text for path, text in snap.texts if path == readme), None)
