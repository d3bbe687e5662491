"""One self-contained HTML page a curator can open from disk or publish on GitHub Pages.

The page is rendered by Jinja2 with autoescaping from templates shipped in the package, so every
value from a digest or from GitHub is text, never markup. Its only script and stylesheet are
inline and allowed by their SHA-256 hashes in a Content-Security-Policy that refuses everything
else (no network, no other script, no inline handler), and only http(s) addresses become links.
The table is in the HTML itself, so the page reads without its script; the script adds sorting,
filtering and the rows that open to their findings. This module builds plain view data; the
template decides nothing but layout.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from repro_audit.formats import common, svg
from repro_audit.formats.options import LinkSince, RenderOptions
from repro_audit.models import AuditReport, AuditRow, Finding
from repro_audit.scoring.base import verdict_shown

if TYPE_CHECKING:  # imported when rendering only: the CLI starts faster without it
    from jinja2 import Environment

TEMPLATE = "report.html.j2"
ASSETS = ("report.css", "report.js")
SCHEMES = frozenset({"http", "https"})
_UNSAFE_URL_CHARS = frozenset('"<>\\^`{|}')
STATUS_ORDER = ("dead", "unknown", "moved", "not_a_repo", "alive", "unchanged", "no_link")
"""Sorting by status puts what needs attention first; a test keeps it in step with LinkStatus."""


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain http(s) address with a host; None for anything else.

    `javascript:`, `data:`, relative and protocol-relative addresses, and any with spaces,
    control characters or quotes are never linked: the page shows them as text.
    """
    if not url:
        return None
    if any(ord(char) <= 0x20 or ord(char) == 0x7F or char in _UNSAFE_URL_CHARS for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    return url


def digest_line_url(row: AuditRow, digest_urls: Mapping[str, str]) -> str | None:
    """The digest's line on GitHub (`…/blob/<sha>/<path>#L12`), when the file lives there."""
    base = digest_urls.get(row.entry.source)
    return safe_url(f"{base}#L{row.entry.line}") if base else None


def paper_url(row: AuditRow) -> str | None:
    """The paper's arXiv page, the one paper link a digest entry carries."""
    label = common.arxiv_label(row)
    return f"https://arxiv.org/abs/{quote(label)}" if label else None


def moved_url(row: AuditRow) -> str | None:
    """Where a moved repository answers now, on the host it was linked on."""
    target = common.moved_to(row)
    if target is None:
        return None
    if row.facts is not None and row.facts.html_url:
        return safe_url(row.facts.html_url)
    if row.link is None or row.link.repo is None:
        return None
    return safe_url(f"https://{row.link.repo.host}/{quote(target)}")


@dataclass(frozen=True, slots=True)
class Note:
    """A remark shown under a row's status chip: a flag, the history, a gap in the facts.

    This is where further per-row status belongs (for instance an archived copy): the page
    lists a row's notes in order, each as text, linked when `url` is a safe address.
    """

    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class FindingView:
    """One criterion's verdict with its reason, evidence and fix, as text."""

    title: str
    verdict: str  # the class of its chip
    shown: str  # the chip's text: `unknown (listing cut at N entries)` names the bound met
    points: str
    reason: str
    evidence: tuple[str, ...]
    fix: str


@dataclass(frozen=True, slots=True)
class RowView:
    """Everything one table row and its details show, and the keys it sorts and filters by."""

    index: int
    line_ref: str
    digest_url: str | None
    section: str
    title: str
    arxiv: str
    paper_url: str | None
    repo: str
    repo_url: str | None
    moved_to: str | None
    moved_url: str | None
    status: str
    status_rank: int
    reason: str
    short_reason: str
    notes: tuple[Note, ...]
    licence: str
    stars: str
    stars_key: str
    last_commit: str
    score: str
    score_key: str
    grade: str
    coverage: str
    readme: str
    deps: str
    findings: tuple[FindingView, ...]


def since_notes(since: LinkSince | None) -> tuple[Note, ...]:
    """`failing since 2025-11-18 (2 runs)` from the history, when the link has been failing."""
    if since is None or since.since is None:
        return ()
    runs = f"{since.runs} run{'s' if since.runs != 1 else ''}"
    word = "dead" if since.health == "dead" else "failing"
    return (Note(f"{word} since {common.utc_day(since.since)} ({runs})"),)


def row_notes(row: AuditRow, since: LinkSince | None = None) -> tuple[Note, ...]:
    """The remarks under a row's status, most telling first."""
    notes = [Note(common.FLAG_LABELS[flag]) for flag in row.flags]
    archived = common.archive_note(row)
    if archived:  # Software Heritage's copy, linked to its snapshot
        notes.insert(0, Note(archived, safe_url(row.archive.url) if row.archive else None))
    notes += since_notes(since)
    facts = common.live_facts(row)
    if facts is not None:
        if facts.is_archived:
            notes.append(Note("archived on its host (read-only)"))
        if facts.is_fork and facts.parent:
            notes.append(Note(f"fork of {facts.parent}"))
        notes += [Note(f"unknown: {gap}") for gap in facts.gaps]
    if row.web is not None and row.web.final_url and row.web.final_url != row.web.url:
        notes.append(Note(f"redirects to {row.web.final_url}", safe_url(row.web.final_url)))
    return tuple(notes)


def _finding(finding: Finding) -> FindingView:
    return FindingView(
        title=finding.title,
        verdict=finding.verdict.value.replace("_", " "),
        shown=verdict_shown(finding.verdict, finding.reason).replace("_", " "),
        points=common.finding_points(finding),
        reason=finding.reason,
        evidence=finding.evidence,
        fix=finding.remediation,
    )


def _key(row: AuditRow) -> str:
    return (common.repo_label(row) or "").lower()


def row_view(
    index: int,
    row: AuditRow,
    report: AuditReport,
    since: Mapping[tuple[str, str], LinkSince],
    digest_urls: Mapping[str, str],
) -> RowView:
    """The view of one row; `index` keeps the digest order the page can return to."""
    facts = common.live_facts(row)
    score = row.score
    value = None if score is None else score.value
    stars = None if facts is None else facts.stars
    return RowView(
        index=index,
        line_ref=common.line_ref(row, report),
        digest_url=digest_line_url(row, digest_urls),
        section=common.one_line(row.entry.section),
        title=common.one_line(row.entry.title) or "(untitled)",
        arxiv=common.arxiv_label(row),
        paper_url=paper_url(row),
        repo=common.repo_label(row) or common.NOT_APPLICABLE,
        repo_url=safe_url(row.link.url) if row.link is not None else None,
        moved_to=row.resolved_repo or common.moved_to(row),
        moved_url=moved_url(row),
        status=row.status.value,
        status_rank=STATUS_ORDER.index(row.status.value),
        reason=common.one_line(row.reason),
        short_reason=common.short_reason(row.reason),
        notes=row_notes(row, since.get((row.entry.source, _key(row)))),
        licence=common.licence_cell(row),
        stars=common.stars_cell(row),
        stars_key="" if stars is None else str(stars),
        last_commit=common.last_commit_cell(row),
        score=common.score_cell(row).split(" ")[0],
        score_key="" if value is None else str(value),
        grade=(score.grade or common.UNKNOWN) if score is not None else common.NOT_APPLICABLE,
        coverage="" if score is None else f"{round(score.coverage * 100)}%",
        readme=common.readme_cell(row),
        deps=common.deps_cell(row),
        findings=() if score is None else tuple(_finding(f) for f in score.findings),
    )


@dataclass(frozen=True, slots=True)
class Asset:
    """An inline stylesheet or script and its CSP source expression."""

    text: str
    csp: str


def _asset(name: str) -> Asset:
    text = (
        resources.files("repro_audit.formats")
        .joinpath("templates")
        .joinpath(name)
        .read_text("utf-8")
    )
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Asset(text, f"'sha256-{digest}'")


@cache
def _environment() -> tuple[Environment, Asset, Asset]:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("repro_audit.formats", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    style, script = (_asset(name) for name in ASSETS)
    return environment, style, script


def content_security_policy(style: Asset, script: Asset) -> str:
    """Nothing but the page's own stylesheet and script; no fetch, frame, form or base."""
    return (
        f"default-src 'none'; script-src {script.csp}; style-src {style.csp}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _choices(values: list[str]) -> list[str]:
    return sorted({v for v in values if v}, key=lambda v: (v in "?—", v.lower()))


def render(report: AuditReport, options: RenderOptions) -> str:
    """The audit as one HTML page; never prints."""
    from markupsafe import Markup

    environment, style, script = _environment()
    since = {(s.source, s.key): s for s in options.since}
    urls = dict(options.digest_urls)
    shown = common.shown_rows(report, options)
    rows = [row_view(i, row, report, since, urls) for i, row in enumerate(shown, 1)]
    charts = [
        svg.status_chart(report.summary),
        svg.score_chart(report.rows),
        svg.missed_chart(report.summary),
        svg.trend_chart(options.trend),
    ]
    stats = report.requests
    context = {
        "report": report,
        "generated": common.iso_utc(report.generated_at),
        "sources": ", ".join(report.sources) or "(none)",
        "csp": content_security_policy(style, script),
        "style": Markup(style.text),  # our packaged file, allowed by hash
        "script": Markup(script.text),
        "counts": common.summary_counts(report.summary),
        "charts": [chart for chart in charts if chart is not None],
        "rows": rows,
        "statuses": [s for s in STATUS_ORDER if any(r.status == s for r in rows)],
        "grades": _choices([r.grade for r in rows]),
        "sections": _choices([r.section for r in rows]),
        "missed": common.missed_links(report),
        "copies": common.archived_copies(report),
        "safe_url": safe_url,
        "problems": common.problem_lines(report),
        "notes": report.notes,
        "legend": common.legend_text(report),
        "requests": f"graphql {stats.graphql}, rest {stats.rest}, git {stats.git}, "
        f"web {stats.web}, archive {stats.archive}; answered from cache: {stats.cached}",
    }
    text = environment.get_template(TEMPLATE).render(context)
    return text if text.endswith("\n") else text + "\n"
