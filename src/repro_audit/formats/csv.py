"""One flat CSV line per shown row, for spreadsheets; findings stay in the JSON format.

Values are raw where a spreadsheet wants them (ISO dates, integers) and follow the same
convention as the other formats otherwise: "?" for unknown, "" where the question does not arise.
"""

from __future__ import annotations

import csv
import io

from repro_audit.formats import common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import ArchiveState, AuditReport, AuditRow

COLUMNS: tuple[str, ...] = (
    "source",
    "line",
    "section",
    "title",
    "arxiv_id",
    "paper_date",
    "code_link",
    "repo",
    "status",
    "reason",
    "moved_to",
    "licence",
    "stars",
    "last_commit",
    "readme",
    "dependency_files",
    "score",
    "grade",
    "coverage",
    "missed_links",
    "archive",
    "archive_url",
)
"""New columns go last, so a spreadsheet or script reading the columns by position keeps working."""


def _plain(text: str) -> str:
    """The shared cell text, with the human-only "—" turned into an empty field."""
    return "" if text == common.NOT_APPLICABLE else text


def _archive_url(row: AuditRow) -> str:
    """Software Heritage's browse address of the latest snapshot, when it holds the code."""
    facts = row.archive
    if facts is None or facts.state is not ArchiveState.ARCHIVED:
        return ""
    return facts.url or ""


def _record(row: AuditRow) -> list[str]:
    entry = row.entry
    score = row.score
    value = "" if score is None else (common.UNKNOWN if score.value is None else str(score.value))
    return [
        entry.source,
        str(entry.line),
        entry.section,
        common.one_line(entry.title),
        common.arxiv_label(row),
        "" if entry.paper_date is None else entry.paper_date.isoformat(),
        "" if row.link is None else row.link.url,
        common.repo_label(row) or "",
        row.status.value,
        common.one_line(row.reason),
        common.moved_to(row) or "",
        _plain(common.licence_cell(row)),
        _plain(common.stars_cell(row)),
        _plain(common.last_commit_cell(row)),
        _plain(common.readme_cell(row)),
        _plain(common.deps_cell(row)),
        value,
        "" if score is None or score.grade is None else score.grade,
        "" if score is None else f"{score.coverage:.2f}",
        " ".join(link.url for link in row.missed_links),
        common.archive_note(row),
        _archive_url(row),
    ]


def render(report: AuditReport, options: RenderOptions) -> str:
    """The shown rows as CSV text with a header line and "\\n" line ends; never prints."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_record(row) for row in common.shown_rows(report, options))
    return buffer.getvalue()
