"""GitHub-flavoured markdown, e.g. for `$GITHUB_STEP_SUMMARY` or a pull-request comment.

Tables are written by hand rather than with tabulate's "github" format because that format does
not escape cells; every piece of text goes through `cell` so a `|` in a title cannot split a row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from repro_audit.formats import charts, common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow
from repro_audit.scoring.base import verdict_shown

# Backslash first in spirit: escaping it keeps an existing "\|" from becoming a cell boundary.
# Brackets escaped: a title's `![x](http://host/p.png)` (a tracking pixel in the posted issue) or
# `[text](url)` stays text; no cell holds a link of ours.
_ESCAPES = {"\\": "\\\\", "|": "\\|", "<": "&lt;", "[": "\\[", "]": "\\]"}
# `@name` would notify that user from the tracking issue, `#12` / `owner/name#12` would put a
# back-reference on someone's issue: a zero-width space after the sign keeps the text, not the ping.
_PINGS = re.compile(r"([@#])(?=[A-Za-z0-9])")
_RIGHT = frozenset({"Stars", "Score", "Points", "Count"})


def cell(text: str) -> str:
    """Text made safe for one table cell (or one list item): one line, pipes and HTML escaped."""
    escaped = "".join(_ESCAPES.get(char, char) for char in common.one_line(text))
    return _PINGS.sub("\\1\u200b", escaped) if ("@" in escaped or "#" in escaped) else escaped


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A GFM pipe table; every header and cell is escaped here, in one place."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---:" if h in _RIGHT else "---" for h in headers) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def legend(report: AuditReport) -> str:
    """One line saying how to read the table, generated from the rubric itself."""
    return cell(common.legend_text(report))


def _overview(report: AuditReport, options: RenderOptions) -> list[str]:
    """What opens the report: the counts as a table, then the charts GitHub draws."""
    lines = ["### Summary", ""]
    counts = common.summary_counts(report.summary)
    lines += table(("Item", "Count"), [(label, str(count)) for label, count in counts])
    for chart in (
        charts.status_pie(report.summary),
        charts.score_histogram(report.rows),
        charts.dead_trend(options.trend),
    ):
        if chart:
            lines += ["", *chart]
    return [*lines, "", "### Code links", ""]


def _summary(report: AuditReport) -> list[str]:
    lines = ["### Details"]
    missed = common.missed_links(report)
    if missed:
        lines += ["", "**Code named in an abstract or comment but missing from the column**", ""]
        lines += [
            f"- {cell(m.where)} {cell(m.url)}" + (f" ({cell(m.audit)})" if m.audit else "")
            for m in missed
        ]
    copies = common.archived_copies(report)
    if copies:
        lines += ["", "**Dead links with an archived copy (Software Heritage)**", ""]
        lines += [
            f"- {cell(c.where)} {cell(c.label)}: [snapshot of {cell(c.day)}](<{c.url}>)"
            + (f" `{c.swhid}`" if c.swhid else "")
            for c in copies
        ]
    problems = common.problem_lines(report)
    if problems:
        lines += ["", "**Digest problems**", ""]
        lines += [f"- {cell(p)}" for p in problems]
    if report.notes:
        lines += ["", "**Notes**", ""]
        lines += [f"- {cell(note)}" for note in report.notes]
    stats = report.requests
    counts = f"graphql {stats.graphql}, rest {stats.rest}, git {stats.git}"
    counts += f", web {stats.web}" if stats.web else ""
    counts += f", archive {stats.archive}" if stats.archive else ""
    counts += f"; {stats.not_modified} not modified (304, no budget)" if stats.not_modified else ""
    lines += ["", cell(f"Requests: {counts}; answered from cache: {stats.cached}.")]
    return lines


def _explain(rows: tuple[AuditRow, ...], report: AuditReport) -> list[str]:
    lines = ["### Findings"]
    headers = ("Criterion", "Verdict", "Points", "Reason", "Remediation")
    for row in common.explained_rows(rows):
        assert row.score is not None  # explained_rows keeps scored rows only
        lines += ["", f"#### {cell(common.row_heading(row, report))}", ""]
        body = [
            (
                f.title,
                verdict_shown(f.verdict, f.reason),
                common.finding_points(f),
                f.reason,
                f.remediation,
            )
            for f in row.score.findings
        ]
        lines += table(headers, body)
    return lines


def render(report: AuditReport, options: RenderOptions) -> str:
    """The audit as GitHub-flavoured markdown; never prints."""
    rows = common.shown_rows(report, options)
    sources = ", ".join(report.sources) or "(none)"
    lines = [
        "## repro-audit report",
        "",
        cell(
            f"Generated {common.iso_utc(report.generated_at)} by repro-audit "
            f"{report.tool_version}, rubric {report.rubric_version}, from {sources}."
        ),
        "",
        *_overview(report, options),
    ]
    if rows:
        lines += table(common.HEADERS, [common.row_cells(row, report) for row in rows])
    else:
        lines.append("_No rows with a code link to show._")
    lines += ["", legend(report), ""]
    if options.explain:
        lines += [*_explain(rows, report), ""]
    lines += _summary(report)
    return "\n".join(lines) + "\n"
