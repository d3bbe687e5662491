"""Pure assembly of the audit: which link each entry is judged by, its status, score and summary.

Takes digests, facts already fetched and an injected `now`; does no I/O, so every status rule is
tested from literals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from repro_audit import __version__
from repro_audit.links import resolve_link
from repro_audit.models import (
    AuditReport,
    AuditRow,
    Digest,
    DigestEntry,
    Existence,
    LinkKind,
    LinkStatus,
    RepoFacts,
    RepoRef,
    RequestStats,
    ResolvedLink,
    Summary,
)
from repro_audit.scoring import RUBRIC_VERSION, ScoringContext, score_repository

CODE_HOST_KINDS = (LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES, LinkKind.OTHER_HOST)

_NOT_AUDITED_YET = {
    LinkKind.GITHUB_PAGES: "GitHub Pages site, not a repository",
    LinkKind.GITHUB_OTHER: "a GitHub page that is not a repository",
    LinkKind.OTHER_HOST: "code host other than GitHub: not audited",
    LinkKind.WEB: "web page, not a code repository",
    LinkKind.INVALID: "not a usable link",
}


def _target(link: ResolvedLink) -> str:
    """What a link points at, for comparing links written differently."""
    if link.repo is not None:
        return f"{link.kind.value}:{link.repo.key}"
    return link.url.lower().rstrip("/")


def code_links(entry: DigestEntry, github_hosts: frozenset[str]) -> list[ResolvedLink]:
    """The entry's code-column links (prose links for table-less digests), resolved, once each."""
    seen: dict[str, ResolvedLink] = {}
    for found in entry.code_links:
        link = resolve_link(found.url, github_hosts)
        seen.setdefault(_target(link), link)
    return list(seen.values())


def missed_links(
    entry: DigestEntry, column: Sequence[ResolvedLink], github_hosts: frozenset[str]
) -> tuple[ResolvedLink, ...]:
    """Code links named in the abstract or comment that the code column does not already give."""
    given = {_target(link) for link in column}
    missed: dict[str, ResolvedLink] = {}
    for found in entry.text_links:
        link = resolve_link(found.url, github_hosts)
        if link.kind in CODE_HOST_KINDS and _target(link) not in given:
            missed.setdefault(_target(link), link)
    return tuple(missed.values())


def repos_to_ask(digests: Sequence[Digest], github_hosts: frozenset[str]) -> list[RepoRef]:
    """Every GitHub repository named in a code column, in digest order (duplicates kept)."""
    return [
        link.repo
        for digest in digests
        for entry in digest.entries
        for link in code_links(entry, github_hosts)
        if link.kind is LinkKind.GITHUB_REPO and link.repo is not None
    ]


def status_of(facts: RepoFacts) -> tuple[LinkStatus, str, str | None]:
    """Link status, the reason shown beside it, and the new name when moved."""
    if facts.existence is Existence.UNKNOWN:
        return LinkStatus.UNKNOWN, facts.reason or "GitHub did not answer", None
    if facts.existence is not Existence.EXISTS:
        return LinkStatus.DEAD, facts.reason or "repository not found", None
    if facts.is_disabled:
        return LinkStatus.DEAD, "repository disabled by GitHub", None
    if facts.is_private:
        return LinkStatus.DEAD, "repository is private: readers get 404", None
    notes = []
    if facts.is_archived:
        notes.append("archived (read-only)")
    if facts.is_empty:
        notes.append("empty: no commits")
    if facts.moved:
        notes.insert(0, f"renamed or transferred to {facts.canonical}")
        return LinkStatus.MOVED, "; ".join(notes), facts.canonical
    return LinkStatus.ALIVE, "; ".join(notes), None


def entry_rows(
    entry: DigestEntry,
    facts_by_key: Mapping[str, RepoFacts],
    now: datetime,
    github_hosts: frozenset[str],
) -> list[AuditRow]:
    """One row per code link of the entry; one NO_LINK row when the column gives none."""
    column = code_links(entry, github_hosts)
    missed = missed_links(entry, column, github_hosts)
    origin = entry.code_links[0].origin if entry.code_links else None
    if not column:
        reason = "no code link in the code column"
        if missed:
            reason += "; the abstract or comment names one"
        return [
            AuditRow(entry=entry, status=LinkStatus.NO_LINK, reason=reason, missed_links=missed)
        ]
    rows = []
    for link in column:
        if link.kind is not LinkKind.GITHUB_REPO or link.repo is None:
            reason = link.reason or _NOT_AUDITED_YET[link.kind]
            rows.append(
                AuditRow(
                    entry=entry,
                    status=LinkStatus.NOT_A_REPO,
                    link=link,
                    origin=origin,
                    reason=reason,
                    missed_links=missed,
                )
            )
            continue
        facts = facts_by_key.get(link.repo.key) or RepoFacts(
            ref=link.repo, existence=Existence.UNKNOWN, reason="not asked (run interrupted)"
        )
        status, reason, moved_to = status_of(facts)
        score = score_repository(facts, ScoringContext(now=now, paper_date=entry.paper_date))
        rows.append(
            AuditRow(
                entry=entry,
                status=status,
                link=link,
                origin=origin,
                reason=reason,
                moved_to=moved_to,
                facts=facts,
                score=score,
                missed_links=missed,
            )
        )
    return rows


def summarize(rows: Sequence[AuditRow], entries: int, problems: int) -> Summary:
    """Counts for the footer; an entry with several code links counts once in `with_code_link`."""
    by_status = {status: 0 for status in LinkStatus}
    for row in rows:
        by_status[row.status] += 1
    with_link = {id(row.entry) for row in rows if row.status is not LinkStatus.NO_LINK}
    missed = {id(row.entry) for row in rows if row.missed_links}
    return Summary(
        entries=entries,
        with_code_link=len(with_link),
        alive=by_status[LinkStatus.ALIVE],
        dead=by_status[LinkStatus.DEAD],
        moved=by_status[LinkStatus.MOVED],
        unknown=by_status[LinkStatus.UNKNOWN],
        not_a_repo=by_status[LinkStatus.NOT_A_REPO],
        no_link=by_status[LinkStatus.NO_LINK],
        missed_code_links=len(missed),
        problems=problems,
    )


def build_report(
    digests: Sequence[Digest],
    facts_by_key: Mapping[str, RepoFacts],
    now: datetime,
    github_hosts: frozenset[str],
    requests: RequestStats | None = None,
    notes: Sequence[str] = (),
) -> AuditReport:
    """The whole report, rows in digest order."""
    rows = [
        row
        for digest in digests
        for entry in digest.entries
        for row in entry_rows(entry, facts_by_key, now, github_hosts)
    ]
    problems = tuple((digest.source, problem) for digest in digests for problem in digest.problems)
    entries = sum(len(digest.entries) for digest in digests)
    return AuditReport(
        generated_at=now,
        tool_version=__version__,
        rubric_version=RUBRIC_VERSION,
        sources=tuple(digest.source for digest in digests),
        rows=tuple(rows),
        summary=summarize(rows, entries, len(problems)),
        problems=problems,
        requests=requests or RequestStats(),
        notes=tuple(notes),
    )
