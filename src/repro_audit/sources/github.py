"""Facts about GitHub repositories: GraphQL batches with a token, REST plus git without one.

The cache is consulted first; what it does not hold fresh is asked for, and every answer is
stored the moment it arrives; a cached dead link is observed again over git (free) each run.
With several tokens, GraphQL moves to the next one when a budget runs out; when all are spent,
the rest of the run is `unknown (rate limited)` without asking.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from repro_audit.models import Existence, RepoFacts, RepoRef, RequestStats
from repro_audit.scoring.recall import made_whole
from repro_audit.sources.batching import BatchSize, ask_in_halves, failed_in_batch, worth_splitting
from repro_audit.sources.cache import CachedFacts, FactCache, StoredFacts
from repro_audit.sources.endpoints import Endpoints
from repro_audit.sources.gitclone import GitUnavailable, snapshot
from repro_audit.sources.gitfacts import copy_git_fields, with_snapshot
from repro_audit.sources.github_options import FetchOptions, Progress, unique_refs
from repro_audit.sources.gitprobe import Probe, ProbeConnections, probe
from repro_audit.sources.graphql import GraphQLClient, QueryFailed
from repro_audit.sources.pool import run_bounded
from repro_audit.sources.reachability import behind_proxy, preflight
from repro_audit.sources.rest import RestClient
from repro_audit.sources.retry import is_budget_reason
from repro_audit.sources.selection import texts_to_read
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.texts import (
    TextRequest,
    build_texts_query,
    nothing_to_read,
    text_request,
    with_text_gap,
    with_texts,
)
from repro_audit.sources.wholetree import complete_trees

CACHE_SLICE = 50  # cached answers decoded at a time: with 60 KB READMEs, 50 hold ~6 MB
TEXT_BATCH = 100  # repositories per second-round request (each asks for at most 9 files)
BUDGET_SPENT = "rate limited (primary limit reached earlier in this run)"
OFFLINE = "offline (not in the cache)"


class GitHubSource:
    """The one place that talks to GitHub; returns plain facts keyed by `RepoRef.key`."""

    def __init__(
        self,
        endpoints: Endpoints,
        options: FetchOptions | None = None,
        cache: FactCache | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_message: Callable[[str, str], None] | None = None,
    ) -> None:
        self.endpoints = endpoints
        self.options = options or FetchOptions()
        self.cache = cache
        self.counter = RequestCounter()
        self._on_progress = on_progress
        self._on_message = on_message  # (kind, text): said at once, before any repository
        self.notes: list[str] = []  # what the report should repeat of those messages
        self._checked = False
        self._lock = threading.Lock()
        self._budget_spent = threading.Event()
        self._token_index = 0
        self._clients: dict[int, GraphQLClient] = {}
        self._rest: RestClient | None = None
        self._done = 0
        self._total = 0

    @property
    def stats(self) -> RequestStats:
        """Requests made so far, and answers the cache gave instead."""
        return self.counter.snapshot()

    def _preflight(self, todo: int) -> None:
        """Before the first repository is asked: is GitHub reachable, which tokens does it
        accept (each checked once per run, even when the cache answers everything), and will
        the budget left cover `todo` repositories? Raises Unreachable or AuthenticationFailed."""
        if self.options.offline or self._checked or not (todo or self.endpoints.tokens):
            return
        self._checked = True
        checked = preflight(
            self.endpoints.api_url,
            self.endpoints.tokens,
            todo,
            self.options.batch_size,
            self.options.timeout,
        )
        self.endpoints = replace(self.endpoints, tokens=checked.tokens)
        for kind, messages in (("warning", checked.warnings), ("note", checked.notes)):
            for message in messages:
                self.notes.append(message)
                if self._on_message is not None:
                    self._on_message(kind, message)

    def fetch(self, refs: Sequence[RepoRef]) -> dict[str, RepoFacts]:
        """Facts for every distinct repository in `refs`; one repository's failure never raises."""
        results: dict[str, RepoFacts] = {}

        def whole(facts: RepoFacts, stored: StoredFacts | None) -> None:
            results[facts.ref.key] = made_whole(facts, stored)[0]

        self.deliver(refs, whole)
        return results

    def deliver(
        self,
        refs: Sequence[RepoRef],
        on_facts: Callable[[RepoFacts, StoredFacts | None], None],
    ) -> None:
        """Hand each distinct repository's facts to `on_facts` as they arrive (one call at a
        time), holding none of them after: cached answers are read in slices, so a run over
        10,000 cached repositories never decodes them all at once. A cached answer comes
        light, with its `StoredFacts` (whole facts on demand); any other with None."""
        todo = unique_refs(refs)
        self._done, self._total = 0, len(todo)

        def keep(
            facts: RepoFacts,
            etag: str | None = None,
            cached: bool = False,
            store: bool = True,
            stored: StoredFacts | None = None,
        ) -> None:
            with self._lock:
                if self.cache is not None and not cached and store:
                    self.cache.put(self.endpoints.api_url, facts, etag)
                if cached:
                    self.counter.add("cached")
                self._done += 1
                on_facts(facts, stored)
                self._report_progress()

        ask: list[RepoRef] = []
        stale: set[str] = set()  # what REST can revalidate with a free 304 (read again then)
        probes = ThreadPoolExecutor(max_workers=max(1, self.options.probes))
        connections = ProbeConnections(min(self.options.timeout, 15.0))
        dead: list[Future[tuple[RepoFacts, str | None]]] = []
        try:
            for start in range(0, len(todo), CACHE_SLICE):
                part = todo[start : start + CACHE_SLICE]
                answers = self._cached(part, light=True)
                for ref in part:
                    entry = answers.get(ref.key)
                    if self.options.offline:
                        self._offline_answer(ref, entry, keep)
                    elif entry is None or not entry.fresh:
                        ask.append(ref)
                        if entry is not None and self.endpoints.token is None:
                            stale.add(ref.key)
                    elif entry.facts.existence is Existence.MISSING:
                        # observed again over git while the other answers are delivered
                        dead.append(probes.submit(self._still_dead, connections, entry.facts))
                    else:
                        keep(entry.facts, cached=True, stored=entry.stored)
            for future in dead:
                facts, still_gone = future.result()
                if still_gone is None:
                    ask.append(facts.ref)
                else:
                    keep(replace(facts, via=still_gone), store=False)  # its age stays the API's
        finally:
            probes.shutdown(wait=False, cancel_futures=True)
            connections.close()
        self._preflight(len(ask))
        if not ask:  # all answered from the cache: no client (nor PyGithub) is even loaded
            return
        if self.endpoints.token is not None:
            self._fetch_graphql(ask, keep)
        else:
            self._fetch_rest(ask, stale, keep)

    @staticmethod
    def _offline_answer(ref: RepoRef, entry: CachedFacts | None, keep: Callable[..., None]) -> None:
        """With --offline: the cached answer however old, else unknown; nothing is asked."""
        if entry is None:
            keep(RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=OFFLINE), store=False)
        else:
            keep(entry.facts, cached=True, stored=entry.stored)

    def _still_dead(
        self, connections: ProbeConnections, facts: RepoFacts
    ) -> tuple[RepoFacts, str | None]:
        """A cached dead link observed again over git, which spends no API budget: with the
        `via` that says so when it is still gone, None when the API must be asked."""
        url = self.endpoints.clone_url(facts.ref.slug)
        if behind_proxy(url):  # the probe's plain connection would bypass it: ask the API
            return facts, None
        self.counter.add("git")
        answer, reason = probe(connections, url)
        return facts, (f"git: {reason}" if answer is Probe.GONE else None)

    def _cached(self, refs: list[RepoRef], light: bool = False) -> dict[str, CachedFacts]:
        if self.cache is None or not refs:
            return {}
        return self.cache.get_many(self.endpoints.api_url, [ref.key for ref in refs], light)

    def _report_progress(self) -> None:
        if self._on_progress is None:
            return
        stats = self.counter.snapshot()
        remaining = None
        if self.endpoints.token is not None and self._clients:
            remaining = self._graphql_client().remaining
        elif self._rest is not None:
            remaining = self._rest.remaining
        self._on_progress(
            Progress(
                done=self._done,
                total=self._total,
                requests=stats.graphql + stats.rest + stats.git,
                cache_hits=stats.cached,
                rate_remaining=remaining,
            )
        )

    # --- with a token: GraphQL ---------------------------------------------------------------
    def _graphql_client(self) -> GraphQLClient:
        index = self._token_index
        if index not in self._clients:
            endpoints = replace(self.endpoints, tokens=(self.endpoints.tokens[index],))
            self._clients[index] = GraphQLClient(
                endpoints, self.counter, self.options.policy, self.options.timeout
            )
        return self._clients[index]

    def _next_token(self, spent: GraphQLClient) -> bool:
        """Move to the next token once the current one is spent; False when none is left."""
        with self._lock:
            if self._clients.get(self._token_index) is not spent:
                return True  # another batch already moved on
            if self._token_index + 1 >= len(self.endpoints.tokens):
                self._budget_spent.set()
                return False
            self._token_index += 1
            return True

    def _fetch_graphql(
        self, refs: list[RepoRef], keep: Callable[[RepoFacts, str | None, bool], None]
    ) -> None:
        size = max(1, self.options.batch_size)
        batches = [refs[start : start + size] for start in range(0, len(refs), size)]
        pending: list[TextRequest] = []

        sizes = BatchSize(size)  # what a heavy-query failure taught, for every batch after it
        texts = BatchSize(TEXT_BATCH)
        split = self.options.split_batches

        def one(batch: list[RepoRef]) -> None:
            waiting = []
            if split:
                answered = ask_in_halves(self._graphql_ask, batch, sizes)
                answered = complete_trees(answered, self._rest_client().tree, self.options.workers)
            else:
                answered = self._graphql_batch(batch)
            for facts in answered:
                request = text_request(facts) if self.options.read_texts else None
                if request is None:
                    keep(nothing_to_read(facts), None, False)
                else:
                    waiting.append(request)
            with self._lock:
                pending.extend(waiting)
                full = len(pending) >= TEXT_BATCH
                chunk = pending[:TEXT_BATCH] if full else []
                del pending[: len(chunk)]
            if chunk:
                self._read_texts(chunk, keep, texts)

        run_bounded(one, batches, self.options.graphql_parallel)
        for start in range(0, len(pending), TEXT_BATCH):
            self._read_texts(pending[start : start + TEXT_BATCH], keep, texts)

    def _graphql_ask(self, refs: Sequence[RepoRef]) -> list[tuple[RepoFacts, bool]]:
        """One facts batch, each answer with whether a smaller batch may do better."""
        return [(facts, failed_in_batch(facts)) for facts in self._graphql_batch(list(refs))]

    def _graphql_batch(self, refs: list[RepoRef]) -> list[RepoFacts]:
        """The facts round for one batch, moving to the next token when a budget is spent."""
        while not self._budget_spent.is_set():
            with self._lock:
                client = self._graphql_client()
            batch = client.fetch_batch(refs, self.options.split_batches)
            limited = all(
                facts.existence is Existence.UNKNOWN and is_budget_reason(facts.reason)
                for facts in batch
            )
            if limited and self._next_token(client):
                continue
            return batch
        return [
            RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=BUDGET_SPENT) for ref in refs
        ]

    def _read_texts(
        self,
        requests: list[TextRequest],
        keep: Callable[[RepoFacts, str | None, bool], None],
        sizes: BatchSize,
    ) -> None:
        """Second round, pooled across batches: the files the first round's guesses missed;
        a round GitHub cannot answer is asked again in halves, as the first round is."""

        def ask(part: Sequence[TextRequest]) -> list[tuple[RepoFacts, bool]]:
            with self._lock:
                client = self._graphql_client()
            query, variables = build_texts_query(part)
            try:
                heavy_again = len(part) == 1 or not self.options.split_batches
                data = client.run(query, variables, heavy_again).get("data") or {}
            except QueryFailed as failure:
                again = worth_splitting(failure.reason)
                return [(with_text_gap(r.facts, failure.reason), again) for r in part]
            return [(with_texts(r, data.get(f"r{n}")), False) for n, r in enumerate(part)]

        if self.options.split_batches:
            answered = ask_in_halves(ask, requests, sizes)
        else:
            answered = [facts for facts, _ in ask(requests)]
        for facts in answered:
            keep(facts, None, False)

    # --- without a token: REST + git ---------------------------------------------------------
    def _rest_client(self) -> RestClient:
        if self._rest is None:
            self._rest = RestClient(
                self.endpoints, self.counter, self.options.policy, self.options.timeout
            )
        return self._rest

    def _fetch_rest(
        self,
        refs: list[RepoRef],
        stale: set[str],
        keep: Callable[[RepoFacts, str | None, bool], None],
    ) -> None:
        client = self._rest_client()

        def one(ref: RepoRef) -> None:
            # the stale answer is read again here, one at a time, rather than held for the run
            old = self._cached([ref]).get(ref.key) if ref.key in stale else None
            facts, etag, cached = self._rest_and_git(client, ref, old)
            keep(facts, etag, cached)

        run_bounded(one, refs, self.options.workers)

    def _rest_and_git(
        self, client: RestClient, ref: RepoRef, stale: CachedFacts | None
    ) -> tuple[RepoFacts, str | None, bool]:
        """Facts, the ETag to store, and whether they came from the cache (a free 304)."""
        if self._budget_spent.is_set():
            return RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=BUDGET_SPENT), None, False
        answer = client.repository(ref, stale.etag if stale else None)
        if answer.budget_spent:
            self._budget_spent.set()
        if answer.facts is None and stale is not None:
            if self.cache is not None:
                self.cache.touch(self.endpoints.api_url, ref.key)
            return stale.facts, None, True
        facts = answer.facts or RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason="no answer")
        if facts.existence is not Existence.EXISTS or not self.options.use_git:
            return facts, answer.etag, False
        if stale is not None and stale.facts.pushed_at == facts.pushed_at and not stale.facts.gaps:
            return copy_git_fields(facts, stale.facts), answer.etag, False  # nothing was pushed
        return self._with_git(facts), answer.etag, False

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
        return with_snapshot(facts, snap, "rest+git")
