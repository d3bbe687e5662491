"""Orchestration: read digests, ask the fact source once per repository, build the report.

Facts are collected as they arrive, so an interrupted run still reports everything it learned;
the report itself is built by the pure `report` module.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from repro_audit.models import (
    ArchiveFacts,
    AuditReport,
    Digest,
    LinkChecks,
    RepoFacts,
    RepoRef,
    RequestStats,
    WebCheck,
)
from repro_audit.report.assemble import (
    build_report,
    links_to_check,
    origins_to_look_up,
    page_code_papers,
    papers_to_look_up,
    repo_papers,
)
from repro_audit.report.linkrows import ScoreMemo
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfig
from repro_audit.scoring.recall import made_whole
from repro_audit.sources import GitHubSource
from repro_audit.sources.archive_cache import ArchiveSource
from repro_audit.sources.beyond import LinkSource
from repro_audit.sources.cache import StoredFacts

FEWER_COLLECTIONS = (200_000, 30, 30)  # mypy's setting; Python's default is (700, 10, 10)


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Let Python's cycle collector run less often while a run builds its report.

    A 10,000-row run keeps about a million small objects (facts, findings, rows), none of them in
    reference cycles, and the default thresholds rescan them again and again as it allocates:
    measured 10-15% of a warm run. What existed before (imported modules) is frozen out of the
    scans. Memory freed by reference counting is freed as before; the thresholds and the frozen
    objects are given back afterwards, so a program that calls `main` keeps its own settings.
    At 50,000 a warm 10,000-row run still spent 0.06 s in seven collections; at 200,000, one.
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*FEWER_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


@dataclass
class AuditRun:
    """One run's state: the digests, and the facts learned so far (kept if the run is cut short)."""

    digests: list[Digest]
    source: GitHubSource
    facts: dict[str, RepoFacts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    links: LinkSource | None = None  # beyond GitHub: other git hosts, web pages, papers API
    papers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    git_facts: dict[str, RepoFacts] = field(default_factory=dict)  # by link URL
    web_checks: dict[str, WebCheck] = field(default_factory=dict)  # by link URL
    scores: ScoreMemo | None = None  # given: repositories are scored as their facts arrive
    archives: ArchiveSource | None = None  # Software Heritage; None with --no-archive
    archive: dict[str, ArchiveFacts] = field(default_factory=dict)  # by origin URL

    def fetch(self) -> None:
        """Ask about every repository once; facts land in `self.facts` as they arrive.

        With `scores`, each repository is scored the moment its facts arrive, while other
        requests are in flight, and only what the report shows of its facts is kept.
        """
        self.lookup_papers()
        self.lookup_archive()
        hosts = self.source.endpoints.github_hosts
        pairs = repo_papers(self.digests, hosts, self.papers)
        dates: dict[str, dict[date | None, None]] = {}  # paper dates per repository, once each
        for ref, paper_date in pairs:
            if ref.key not in self.facts:
                dates.setdefault(ref.key, {})[paper_date] = None
        refs = [ref for ref, _ in pairs if ref.key in dates]
        del pairs

        def arrived(facts: RepoFacts, stored: StoredFacts | None) -> None:
            key = facts.ref.key
            scores = self.scores
            if scores is not None:
                self.facts[key] = scores.settle(facts, dates[key], stored)
            else:
                self.facts[key] = made_whole(facts, stored)[0]

        if refs:
            try:
                self.source.deliver(refs, arrived)
            finally:  # a rejected token or a budget note is reported even if the run stops
                self.notes.extend(note for note in self.source.notes if note not in self.notes)
        self.check_links()
        later: dict[str, RepoRef] = {}  # the code project pages show, learned from their HTML
        checks = LinkChecks(web=self.web_checks, papers=self.papers)
        for ref, paper_date in page_code_papers(self.digests, hosts, checks):
            if ref.key not in self.facts:
                later.setdefault(ref.key, ref)
                dates.setdefault(ref.key, {})[paper_date] = None
        if later:
            self.source.deliver(list(later.values()), arrived)

    # --- beyond GitHub (issue 6): before GitHub, the papers API; after it, hosts and pages ---
    def lookup_papers(self) -> None:
        """With --lookup-papers: code links for rows without one, so GitHub is asked about them
        in the same batches as the rest."""
        if self.links is None:
            return
        hosts = self.source.endpoints.github_hosts
        todo = [i for i in papers_to_look_up(self.digests, hosts) if i not in self.papers]
        found, notes = self.links.lookup_papers(todo)
        self.papers.update({arxiv_id: answer.urls for arxiv_id, answer in found.items()})
        self.notes.extend(notes)

    def lookup_archive(self) -> None:
        """Software Heritage's copy of every audited repository, before GitHub is asked, so
        the Preservation criterion scores each repository as its facts arrive."""
        if self.archives is None:
            return
        hosts = self.source.endpoints.github_hosts
        todo = [o for o in origins_to_look_up(self.digests, hosts, self.papers)
                if o not in self.archive]  # fmt: skip
        found, notes = self.archives.look_up(todo)
        self.archive.update(found)
        self.notes.extend(notes)
        if self.scores is not None:
            self.scores.archives = self.archive

    def check_links(self) -> None:
        """Other git hosts, GitHub Pages sites and web pages, each URL once."""
        if self.links is None:
            return
        hosts = self.source.endpoints.github_hosts
        todo = [
            link
            for link in links_to_check(self.digests, hosts, self.papers)
            if link.url not in self.git_facts and link.url not in self.web_checks
        ]
        self.links.check(
            todo,
            on_git=self.git_facts.__setitem__,
            on_web=lambda check: self.web_checks.__setitem__(check.url, check),
        )

    def report(self, now: datetime, rubric: RubricConfig = DEFAULT_CONFIG) -> AuditReport:
        """The report over what is known now; repositories not asked yet show as unknown."""
        return build_report(
            self.digests,
            self.facts,
            now,
            self.source.endpoints.github_hosts,
            requests=self._requests(),
            notes=self.notes,
            checks=LinkChecks(
                git=dict(self.git_facts),
                web=dict(self.web_checks),
                papers=dict(self.papers),
                archive=dict(self.archive),
            ),
            rubric=rubric,
            scores=self.scores,
        )

    def _requests(self) -> RequestStats:
        stats = self.source.stats
        if self.links is not None:
            stats = replace(stats, web=self.links.web_requests)
        if self.archives is not None:
            stats = replace(stats, archive=self.archives.requests)
        return stats
