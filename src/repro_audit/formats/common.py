"""What the human-readable formats share: which rows show and what each cell says.

One convention everywhere: "?" means unknown (never "no"), "—" means the question does not
arise (a dead link has no licence to report). Keeping the cell text here means the table, the
markdown and the CSV cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from repro_audit.formats.options import RenderOptions
from repro_audit.models import (
    ArchiveState,
    AuditReport,
    AuditRow,
    Existence,
    Finding,
    LinkKind,
    LinkStatus,
    RepoFacts,
    RowFlag,
    Summary,
)
from repro_audit.scoring import FAIL_GRADE, GRADE_THRESHOLDS, group_weights
from repro_audit.scoring.aggregate import CUSTOM_SUFFIX
from repro_audit.scoring.filenames import dependency_files, readme_file

UNKNOWN = "?"
NOT_APPLICABLE = "—"
ELLIPSIS = "…"
TITLE_LIMIT = 48
REASON_LIMIT = 40

HEADERS: tuple[str, ...] = (
    "Paper",
    "Repository",
    "Status",
    "Licence",
    "Stars",
    "Last commit",
    "README",
    "Deps",
    "Score",
)

SUMMARY_LABELS: tuple[tuple[str, str], ...] = (
    ("entries", "entries"),
    ("with_code_link", "with code link"),
    ("alive", "alive"),
    ("dead", "dead"),
    ("moved", "moved"),
    ("unknown", "unknown"),
    ("not_a_repo", "not a repository"),
    ("no_link", "no code link"),
    ("missed_code_links", "code named in abstract/comment, missed by the column"),
    ("problems", "digest problems"),
    ("project_pages", "GitHub Pages links (judged by their repository)"),
    ("temporary_links", "temporary review mirrors"),
    ("suggestions_alive", "missed links that lead to live code"),
    ("archived", "code links preserved in Software Heritage"),
    ("dead_archived", "dead links with an archived copy"),
    ("unchanged", "rows unchanged since the base (not audited)"),
)
"""Summary field -> label, in display order; a test keeps it in step with models.Summary."""

FLAG_LABELS: dict[RowFlag, str] = {
    RowFlag.PROJECT_PAGE: "project page",
    RowFlag.TEMPORARY: "temporary",
    RowFlag.MISSED_LINK: "suggested",
}

_NO_FACTS_STATUSES = frozenset(
    {LinkStatus.DEAD, LinkStatus.NO_LINK, LinkStatus.NOT_A_REPO, LinkStatus.UNCHANGED}
)
_LISTED_WITH_ALL = frozenset({LinkStatus.NO_LINK, LinkStatus.UNCHANGED})
_SPACES = re.compile(r"\s+")
_REASON_BREAK = re.compile(r" \(|: |; ")


def one_line(text: str) -> str:
    """Collapse newlines and runs of whitespace, so no cell can break a row."""
    return _SPACES.sub(" ", text).strip()


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis when longer."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rstrip() + ELLIPSIS


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z; naive datetimes are taken to be UTC already."""
    aware = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    return aware.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_day(moment: datetime) -> str:
    """The UTC calendar day of `moment`, YYYY-MM-DD."""
    return iso_utc(moment)[:10]


def shown_rows(report: AuditReport, options: RenderOptions) -> tuple[AuditRow, ...]:
    """Rows with a code link always; rows without one, or not audited, only with `show_all`."""
    return tuple(r for r in report.rows if options.show_all or r.status not in _LISTED_WITH_ALL)


def line_ref(row: AuditRow, report: AuditReport) -> str:
    """`L<line>`, prefixed by the digest's file name when the report covers several digests."""
    if len(report.sources) > 1:
        name = row.entry.source.replace("\\", "/").rsplit("/", 1)[-1]
        return f"{name}:L{row.entry.line}"
    return f"L{row.entry.line}"


def arxiv_label(row: AuditRow) -> str:
    """`2510.14810v2`, or the id alone, or "" when the entry has none."""
    entry = row.entry
    if entry.arxiv_id is None:
        return ""
    version = f"v{entry.arxiv_version}" if entry.arxiv_version is not None else ""
    return entry.arxiv_id + version


def paper_cell(row: AuditRow, report: AuditReport) -> str:
    """Short title, arXiv id and line: enough to find the row in the digest."""
    parts = [shorten(row.entry.title, TITLE_LIMIT)] if row.entry.title.strip() else []
    arxiv = arxiv_label(row)
    if arxiv:
        parts.append(f"({arxiv})")
    parts.append(line_ref(row, report))
    return " ".join(parts)


def moved_to(row: AuditRow) -> str | None:
    """Where a moved repository answers now, from the row or else from its facts; None unless
    the row's status is `moved`: a row has one status, so a rename that ends at a private or
    disabled repository (dead to a reader) names no new home."""
    if row.status is not LinkStatus.MOVED:
        return None
    if row.moved_to:
        return row.moved_to
    if row.facts is not None and row.facts.moved:
        return row.facts.canonical
    return None


def repo_label(row: AuditRow) -> str | None:
    """owner/name for a repository link, the URL for anything else, None without a link."""
    if row.link is None:
        return None
    if row.link.kind is LinkKind.GITHUB_PAGES:
        return row.link.url  # the page as linked, not the repository guessed from it
    return row.link.repo.slug if row.link.repo is not None else row.link.url


def repo_cell(row: AuditRow) -> str:
    """The repository as linked, with "→ new/name" when GitHub answers elsewhere now (or, for a
    project page, the repository behind it)."""
    label = repo_label(row)
    if label is None:
        return NOT_APPLICABLE
    target = row.resolved_repo or moved_to(row)
    return f"{label} → {target}" if target else label


def short_reason(reason: str) -> str:
    """The head of a reason: up to its first aside, colon or semicolon, then length-capped."""
    head = _REASON_BREAK.split(one_line(reason), maxsplit=1)[0]
    return shorten(head or reason, REASON_LIMIT)


def archive_note(row: AuditRow) -> str:
    """ "archived 2025-06-12" when Software Heritage holds the code; for a dead link also
    "not archived"; "" when unknown or not asked (unknown is never shown as lost)."""
    facts = row.archive
    if facts is None:
        return ""
    if facts.state is ArchiveState.ARCHIVED:
        return "archived" + (f" {utc_day(facts.visited_at)}" if facts.visited_at else "")
    if facts.state is ArchiveState.NOT_ARCHIVED and row.status is LinkStatus.DEAD:
        return "not archived"
    return ""


def status_cell(row: AuditRow) -> str:
    """The status, its archive note, its flags, and a short reason whenever there is one."""
    label = row.status.value
    note = archive_note(row)
    if note:
        label += f" · {note}"
    if row.flags:
        label += f" [{', '.join(FLAG_LABELS[flag] for flag in row.flags)}]"
    if not row.reason.strip():
        return label
    return f"{label} ({short_reason(row.reason)})"


def live_facts(row: AuditRow) -> RepoFacts | None:
    """Facts about a repository that answered; None when its details are not known."""
    facts = row.facts
    if facts is None or facts.existence is not Existence.EXISTS:
        return None
    return facts


def not_asked(row: AuditRow) -> bool:
    """True when per-repository questions do not arise: no link, not a repo, or dead."""
    return row.status in _NO_FACTS_STATUSES


def listing(facts: RepoFacts) -> tuple[str, ...] | None:
    """The root listing; an empty repository has an empty one even when none was fetched."""
    if facts.root_files is not None:
        return facts.root_files
    return () if facts.is_empty is True else None


def licence_text(facts: RepoFacts) -> str:
    """SPDX id, "none", a name GitHub gave without an id, or "?"."""
    if facts.license_spdx:
        return facts.license_spdx
    if facts.has_license is True:
        return facts.license_name or "present"
    if facts.has_license is False:
        return "none"
    return UNKNOWN


def _fact_cell(row: AuditRow, text: str | None) -> str:
    if not_asked(row):
        return NOT_APPLICABLE
    return UNKNOWN if text is None else text


def licence_cell(row: AuditRow) -> str:
    """Licence column."""
    facts = live_facts(row)
    return _fact_cell(row, None if facts is None else licence_text(facts))


def stars_cell(row: AuditRow) -> str:
    """Stars column."""
    facts = live_facts(row)
    stars = None if facts is None else facts.stars
    return _fact_cell(row, None if stars is None else str(stars))


def last_commit_cell(row: AuditRow) -> str:
    """Last commit column: the newest commit on the default branch, as a UTC day."""
    facts = live_facts(row)
    moment = None if facts is None else facts.last_commit_at
    return _fact_cell(row, None if moment is None else utc_day(moment))


def readme_cell(row: AuditRow) -> str:
    """README column: yes / no / ?."""
    facts = live_facts(row)
    names = None if facts is None else listing(facts)
    text = None if names is None else ("yes" if readme_file(names) else "no")
    return _fact_cell(row, text)


def deps_cell(row: AuditRow) -> str:
    """Deps column: the dependency files found, "none", or "?"."""
    facts = live_facts(row)
    names = None if facts is None else listing(facts)
    if names is None:
        return _fact_cell(row, None)
    return _fact_cell(row, ", ".join(dependency_files(names)) or "none")


RANGE_DASH = "\u2013"
"""Between the lowest and highest score a row could take (an en dash)."""


def score_cell(row: AuditRow) -> str:
    """ "72 B"; "72 (64-80)" (an en dash) when unknown criteria could still move it, the grade
    only when the whole range earns one; "?" when the score could not be assessed; "—" when
    nothing was scored."""
    score = row.score
    if score is None:
        return NOT_APPLICABLE
    if score.value is None:
        return UNKNOWN
    spread = score.low is not None and score.high is not None and score.low != score.high
    shown = f"{score.value} ({score.low}{RANGE_DASH}{score.high})" if spread else str(score.value)
    return f"{shown} {score.grade or ''}".strip()


def row_cells(row: AuditRow, report: AuditReport) -> list[str]:
    """Every column of HEADERS for one row, in order."""
    return [
        paper_cell(row, report),
        repo_cell(row),
        status_cell(row),
        licence_cell(row),
        stars_cell(row),
        last_commit_cell(row),
        readme_cell(row),
        deps_cell(row),
        score_cell(row),
    ]


def summary_counts(summary: Summary) -> tuple[tuple[str, int], ...]:
    """(label, count) pairs in display order."""
    return tuple((label, int(getattr(summary, name))) for name, label in SUMMARY_LABELS)


@dataclass(frozen=True, slots=True)
class MissedLink:
    """A code link in an abstract or comment that the code column did not carry."""

    where: str
    url: str
    audit: str = ""  # status and score when the link was audited (rows without a code link)


def missed_links(report: AuditReport) -> tuple[MissedLink, ...]:
    """Every missed link in the report, shown or not: the summary counts all rows.

    A row without a code link lists its audited suggestions (papers-API ones included); a row
    with one lists the other links its abstract or comment names, unaudited.
    """
    found: list[MissedLink] = []
    for row in report.rows:
        where = line_ref(row, report)
        if row.suggestions:
            found += [
                MissedLink(where, s.link.url, _suggestion_audit(s))
                for s in row.suggestions
                if s.link is not None
            ]
        else:
            found += [MissedLink(where, link.url) for link in row.missed_links]
    return tuple(found)


def _suggestion_audit(row: AuditRow) -> str:
    flags = tuple(flag for flag in row.flags if flag is not RowFlag.MISSED_LINK)
    parts = [status_cell(replace(row, flags=flags))]
    if row.resolved_repo:
        parts.append(f"→ {row.resolved_repo}")
    if row.score is not None and row.score.value is not None:
        parts.append(score_cell(row))
    return ", ".join(parts)


def problem_lines(report: AuditReport) -> tuple[str, ...]:
    """Digest problems as `file:Lline message`."""
    return tuple(
        f"{source}:L{problem.line} {one_line(problem.message)}"
        for source, problem in report.problems
    )


def points(value: float) -> str:
    """Points with at most one decimal: 30, 7.5, 3."""
    return f"{round(value, 1):g}"


def finding_points(finding: Finding) -> str:
    """ "12/20" for an assessed finding, "—" for one left out of the score."""
    if finding.max_points <= 0:
        return NOT_APPLICABLE
    return f"{points(finding.points)}/{points(finding.max_points)}"


def explained_rows(rows: tuple[AuditRow, ...]) -> tuple[AuditRow, ...]:
    """The shown rows that carry findings, in report order."""
    return tuple(row for row in rows if row.score is not None and row.score.findings)


def row_heading(row: AuditRow, report: AuditReport) -> str:
    """`L12 owner/name: 72 B (coverage 85%)`, the caption above a row's findings."""
    score = row.score
    coverage = f" (coverage {round(score.coverage * 100)}%)" if score is not None else ""
    return f"{line_ref(row, report)} {repo_cell(row)}: {score_cell(row)}{coverage}"


@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    """A dead code link and where Software Heritage keeps its code."""

    where: str
    label: str
    day: str
    url: str
    swhid: str


def archived_copies(report: AuditReport) -> tuple[ArchivedCopy, ...]:
    """Every dead code link with an archived copy, in report order (shown or not)."""
    found = []
    for row in report.rows:
        facts = row.archive
        if row.status is not LinkStatus.DEAD or facts is None or facts.url is None:
            continue
        day = utc_day(facts.visited_at) if facts.visited_at else "?"
        label = repo_label(row) or facts.origin
        found.append(ArchivedCopy(line_ref(row, report), label, day, facts.url, facts.swhid or ""))
    return tuple(found)


def legend_text(report: AuditReport) -> str:
    """How to read a report's table, generated from the rubric itself (plain text)."""
    weights = ", ".join(f"{group.lower()} {weight:g}" for group, weight in group_weights())
    if report.rubric_version.endswith(CUSTOM_SUFFIX):
        weights = "weights and thresholds from the configuration"
    grades = ", ".join(f"{letter} ≥ {lowest}" for lowest, letter in GRADE_THRESHOLDS)
    return (
        f"Legend: ? = unknown (never counted against a repository), "
        f"{NOT_APPLICABLE} = does not apply. Score 0-100 from rubric "
        f"{report.rubric_version} ({weights}); grades {grades}, else {FAIL_GRADE}."
    )
