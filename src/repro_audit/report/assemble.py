"""Pure assembly of the audit: which link each entry is judged by, its status, score and summary.

Takes digests, facts already fetched and an injected `now`; does no I/O, so every status rule is
tested from literals. Links beyond GitHub repositories (project pages, other git hosts, web pages,
missed links of rows without one) are judged here too, from the `LinkChecks` the audit gathered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from repro_audit import __version__
from repro_audit.models import (
    ArchiveState,
    AuditReport,
    AuditRow,
    Digest,
    DigestEntry,
    LinkChecks,
    LinkKind,
    LinkOrigin,
    LinkStatus,
    RepoFacts,
    RepoRef,
    RequestStats,
    ResolvedLink,
    RowFlag,
    Summary,
)
from repro_audit.reading.links import resolve_link  # papers-API answers only: read here
from repro_audit.report.linkrows import ScoreMemo, audit_link, link_origin, status_of
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfig

__all__ = [
    "audited_links",
    "build_report",
    "code_links",
    "entry_rows",
    "links_to_check",
    "missed_links",
    "origins_to_look_up",
    "page_code_papers",
    "papers_to_look_up",
    "repo_papers",
    "status_of",
    "suggestion_links",
    "summarize",
]

CODE_HOST_KINDS = (LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES, LinkKind.OTHER_HOST)
CHECKED_KINDS = (LinkKind.GITHUB_PAGES, LinkKind.OTHER_HOST, LinkKind.WEB)
"""Links the second phase checks (git or HTTP); GitHub repositories are asked through GitHub."""
_NO_CHECKS = LinkChecks()
_ALIVE_STATUSES = frozenset({LinkStatus.ALIVE, LinkStatus.MOVED})
_NOT_AUDITED = frozenset({LinkStatus.NO_LINK, LinkStatus.UNCHANGED})


def _target(link: ResolvedLink) -> str:
    """What a link points at, for comparing links written differently."""
    if link.repo is not None:
        return f"{link.kind.value}:{link.repo.key}"
    return link.url.lower().rstrip("/")


def code_links(entry: DigestEntry, github_hosts: frozenset[str]) -> list[ResolvedLink]:
    """The entry's code links (code columns, code labels, list items, prose), once each; the
    reader resolved them."""
    seen: dict[str, ResolvedLink] = {}
    for found in entry.code_links:
        seen.setdefault(_target(found.link), found.link)
    return list(seen.values())


def missed_links(
    entry: DigestEntry, column: Sequence[ResolvedLink], github_hosts: frozenset[str]
) -> tuple[ResolvedLink, ...]:
    """Code links named elsewhere in the row that the code column does not already give."""
    given = {_target(link) for link in column}
    missed: dict[str, ResolvedLink] = {}
    for found in entry.text_links:
        link = found.link
        if link.kind in CODE_HOST_KINDS and _target(link) not in given:
            missed.setdefault(_target(link), link)
    return tuple(missed.values())


def suggestion_links(
    entry: DigestEntry,
    github_hosts: frozenset[str],
    papers: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[ResolvedLink, LinkOrigin]]:
    """Code links to audit for a row whose column gives none: the abstract's and comment's, then
    those the papers API named for its arXiv id; each target once, first origin kept."""
    found: dict[str, tuple[ResolvedLink, LinkOrigin]] = {}
    named = [(found.link, found.origin) for found in entry.text_links]
    if papers and entry.arxiv_id:
        named += [
            (resolve_link(url, github_hosts), LinkOrigin.PAPER_LOOKUP)
            for url in papers.get(entry.arxiv_id, ())
        ]
    for link, origin in named:
        if link.kind in CODE_HOST_KINDS:
            found.setdefault(_target(link), (link, origin))
    return list(found.values())


def audited_links(
    entry: DigestEntry,
    github_hosts: frozenset[str],
    papers: Mapping[str, Sequence[str]] | None = None,
) -> list[ResolvedLink]:
    """The links an entry is judged by: its code column, else its suggestions."""
    column = code_links(entry, github_hosts)
    if column:
        return column
    return [link for link, _ in suggestion_links(entry, github_hosts, papers)]


def repo_papers(
    digests: Sequence[Digest],
    github_hosts: frozenset[str],
    papers: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[RepoRef, date | None]]:
    """Every GitHub repository the audit judges, in digest order (duplicates kept), with the
    paper date of the row it comes from: code-column links, the repositories behind GitHub Pages
    links, and suggestions of rows without a link. A repository is scored once per paper date
    that links it, so these are the scores a report will show."""
    return [
        (link.repo, entry.paper_date)
        for digest in digests
        for entry in digest.entries
        for link in audited_links(entry, github_hosts, papers)
        if link.kind in (LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES) and link.repo is not None
    ]


def origins_to_look_up(
    digests: Sequence[Digest],
    github_hosts: frozenset[str],
    papers: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    """Software Heritage origins of every audited repository link, once each, in digest order."""
    found = (
        link_origin(link)
        for digest in digests
        for entry in digest.entries
        for link in audited_links(entry, github_hosts, papers)
    )
    return list(dict.fromkeys(origin for origin in found if origin is not None))


def links_to_check(
    digests: Sequence[Digest],
    github_hosts: frozenset[str],
    papers: Mapping[str, Sequence[str]] | None = None,
) -> list[ResolvedLink]:
    """Every audited link that git or an HTTP check must answer for, each URL once."""
    found: dict[str, ResolvedLink] = {}
    for digest in digests:
        for entry in digest.entries:
            for link in audited_links(entry, github_hosts, papers):
                if link.kind in CHECKED_KINDS:
                    found.setdefault(link.url, link)
    return list(found.values())


def papers_to_look_up(digests: Sequence[Digest], github_hosts: frozenset[str]) -> list[str]:
    """arXiv ids of entries whose code column gives no link, once each, in digest order."""
    ids = (
        entry.arxiv_id
        for digest in digests
        for entry in digest.entries
        if entry.arxiv_id and not code_links(entry, github_hosts)
    )
    return list(dict.fromkeys(ids))


def entry_rows(
    entry: DigestEntry,
    facts_by_key: Mapping[str, RepoFacts],
    scores: ScoreMemo,
    github_hosts: frozenset[str],
    checks: LinkChecks | None = None,
) -> list[AuditRow]:
    """One row per code link of the entry; one NO_LINK row when the column gives none.

    A NO_LINK row carries its suggestions (missed links, papers-API links), each audited.
    """
    known = checks or _NO_CHECKS
    column = code_links(entry, github_hosts)
    missed = missed_links(entry, column, github_hosts)
    if column:
        origins: dict[str, LinkOrigin] = {}
        for found in entry.code_links:
            origins.setdefault(_target(found.link), found.origin)
        rows = [
            audit_link(entry, link, origins[_target(link)], facts_by_key, known, scores)
            for link in column
        ]
        return [replace(row, missed_links=missed) for row in rows] if missed else rows
    suggestions = tuple(
        _suggestion(audit_link(entry, link, found_in, facts_by_key, known, scores))
        for link, found_in in _with_page_code(
            suggestion_links(entry, github_hosts, known.papers), known, github_hosts
        )
    )
    reason = "no code link in the code column"
    if missed:
        told = {found.origin for found in entry.text_links}
        free_text = told <= {LinkOrigin.ABSTRACT, LinkOrigin.COMMENT}
        reason += "; the abstract or comment names one" if free_text else "; the row names one"
    elif suggestions:
        reason += "; the papers API names one"
    row = AuditRow(entry=entry, status=LinkStatus.NO_LINK, reason=reason, missed_links=missed)
    return [replace(row, suggestions=suggestions)]


def _with_page_code(
    found: list[tuple[ResolvedLink, LinkOrigin]], checks: LinkChecks, github_hosts: frozenset[str]
) -> list[tuple[ResolvedLink, LinkOrigin]]:
    """Each project-page suggestion followed by the code links its page shows (issue 12: a
    project page is not code, the repository it links as its code may be)."""
    out: list[tuple[ResolvedLink, LinkOrigin]] = []
    for link, origin in found:
        out.append((link, origin))
        check = checks.web.get(link.url) if link.kind is LinkKind.GITHUB_PAGES else None
        for url in check.code_links if check is not None else ():
            out.append((resolve_link(url, github_hosts), LinkOrigin.PROJECT_PAGE))
    return out


def page_code_papers(
    digests: Sequence[Digest], github_hosts: frozenset[str], checks: LinkChecks
) -> list[tuple[RepoRef, date | None]]:
    """GitHub repositories that project pages of rows without code show as their code, with
    each row's paper date: known only once the pages were read, so asked of GitHub after."""
    return [
        (link.repo, entry.paper_date)
        for digest in digests
        for entry in digest.entries
        if not entry.code_links
        for link, origin in _with_page_code(
            suggestion_links(entry, github_hosts, checks.papers), checks, github_hosts
        )
        if origin is LinkOrigin.PROJECT_PAGE and link.repo is not None
        and link.kind is LinkKind.GITHUB_REPO
    ]  # fmt: skip


def _suggestion(row: AuditRow) -> AuditRow:
    return replace(row, flags=(RowFlag.MISSED_LINK, *row.flags))


def _archived(row: AuditRow) -> bool:
    return row.archive is not None and row.archive.state is ArchiveState.ARCHIVED


def summarize(rows: Sequence[AuditRow], entries: int, problems: int) -> Summary:
    """Counts for the footer; an entry with several code links counts once in `with_code_link`."""
    by_status = {status: 0 for status in LinkStatus}
    for row in rows:
        by_status[row.status] += 1
    with_link = {id(row.entry) for row in rows if row.status not in _NOT_AUDITED}
    missed = {id(row.entry) for row in rows if row.missed_links or row.suggestions}
    suggestions = [suggestion for row in rows for suggestion in row.suggestions]
    flagged = [*rows, *suggestions]
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
        project_pages=sum(RowFlag.PROJECT_PAGE in row.flags for row in rows),
        temporary_links=sum(RowFlag.TEMPORARY in row.flags for row in flagged),
        suggestions_alive=sum(row.status in _ALIVE_STATUSES for row in suggestions),
        archived=sum(_archived(row) for row in rows),
        dead_archived=sum(_archived(row) and row.status is LinkStatus.DEAD for row in rows),
        unchanged=by_status[LinkStatus.UNCHANGED],
    )


def build_report(
    digests: Sequence[Digest],
    facts_by_key: Mapping[str, RepoFacts],
    now: datetime,
    github_hosts: frozenset[str],
    requests: RequestStats | None = None,
    notes: Sequence[str] = (),
    checks: LinkChecks | None = None,
    rubric: RubricConfig = DEFAULT_CONFIG,
    scores: ScoreMemo | None = None,
) -> AuditReport:
    """The whole report, rows in digest order; `checks` holds what was learned beyond GitHub,
    `rubric` the configured weights and thresholds, `scores` what was scored as facts arrived
    (with the same `now` and rubric)."""
    if scores is None:
        scores = ScoreMemo(now, rubric, archives=None if checks is None else checks.archive)
    elif scores.now != now or scores.rubric != rubric:
        raise ValueError("scores were made with another time or rubric than the report's")
    rows = [
        row
        for digest in digests
        for entry in digest.entries
        for row in entry_rows(entry, facts_by_key, scores, github_hosts, checks)
    ]
    problems = tuple((digest.source, problem) for digest in digests for problem in digest.problems)
    entries = sum(len(digest.entries) for digest in digests)
    return AuditReport(
        generated_at=now,
        tool_version=__version__,
        rubric_version=rubric.version,
        sources=tuple(digest.source for digest in digests),
        rows=tuple(rows),
        summary=summarize(rows, entries, len(problems)),
        problems=problems,
        requests=requests or RequestStats(),
        notes=tuple(notes),
    )
