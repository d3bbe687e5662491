"""Terminal table followed by the summary block and a one-line verdict.

With `RenderOptions.width` (the terminal's columns) the table is fitted to it (table_fit);
without one, every column is shown, one row per line (tabulate "simple"), as `--wide` asks.
"""

from __future__ import annotations

from tabulate import tabulate

from repro_audit.formats import common, table_fit
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow
from repro_audit.scoring.base import verdict_shown

_ALIGN = ("left", "left", "left", "left", "right", "left", "left", "left", "right")


def _header(report: AuditReport) -> str:
    sources = ", ".join(report.sources) or "(none)"
    return (
        f"repro-audit {report.tool_version} · rubric {report.rubric_version} · "
        f"generated {common.iso_utc(report.generated_at)} · {sources}"
    )


def _grid(rows: tuple[AuditRow, ...], report: AuditReport) -> str:
    if not rows:
        return "(no rows with a code link to show)"
    body = [common.row_cells(row, report) for row in rows]
    return tabulate(
        body,
        headers=list(common.HEADERS),
        tablefmt="simple",
        disable_numparse=True,
        colalign=_ALIGN,
    )


def _summary(report: AuditReport, width: int | None) -> list[str]:
    counts = common.summary_counts(report.summary)
    label_width = max(len(label) for label, _ in counts)
    lines = ["Summary"]
    lines += [f"  {label.ljust(label_width)}  {count}" for label, count in counts]
    missed = common.missed_links(report)
    if missed:
        lines += _fit(
            "Code named in an abstract or comment but missing from the code column:", width
        )
        for m in missed:
            lines += _fit(f"  {m.where}  {m.url}" + (f"  ({m.audit})" if m.audit else ""), width)
    copies = common.archived_copies(report)
    if copies:
        lines.append("Dead links with an archived copy (Software Heritage):")
        for c in copies:
            lines += _fit(f"  {c.where}  {c.label}  {c.day}  {c.url}", width)
    if report.ignored:
        lines.append("Ignored (.repro-audit-ignore, [tool.repro-audit] exclude):")
        for item in report.ignored:
            until = f", until {item.until}" if item.until else ""
            why = f"  ({item.reason}{until})" if item.reason or until else ""
            lines += _fit(f"  L{item.line}  {item.url}{why}", width)
    problems = common.problem_lines(report)
    if problems:
        lines.append("Digest problems:")
        for problem in problems:
            lines += _fit(f"  {problem}", width)
    if report.notes:
        lines.append("Notes:")
        for note in report.notes:
            lines += _fit(f"  {common.one_line(note)}", width)
    stats = report.requests
    lines.append(
        f"Requests: graphql {stats.graphql}, rest {stats.rest}, git {stats.git}"
        f"{f', web {stats.web}' if stats.web else ''}"
        f"{f', archive {stats.archive}' if stats.archive else ''}"
        f"{f'; {stats.not_modified} not modified (304, no budget)' if stats.not_modified else ''}; "
        f"answered from cache: {stats.cached}"
    )
    return lines


def _fit(line: str, width: int | None, indent: str = "    ") -> list[str]:
    """`line` as is without a width; wrapped to it (words kept whole) with one."""
    if width is None or len(line) <= width:
        return [line]
    lead = len(line) - len(line.lstrip(" "))
    wrapped = table_fit.wrap(line.lstrip(" "), width - lead, indent)
    return [" " * lead + part for part in wrapped]


def _explain(rows: tuple[AuditRow, ...], report: AuditReport, width: int | None) -> list[str]:
    lines = ["Findings"]
    for row in common.explained_rows(rows):
        assert row.score is not None  # explained_rows keeps scored rows only
        lines += _fit(f"  {common.row_heading(row, report)}", width)
        for finding in row.score.findings:
            lines += _fit(
                f"    {verdict_shown(finding.verdict, finding.reason):<14} "
                f"{common.finding_points(finding):>7}  "
                f"{finding.title}: {common.one_line(finding.reason)}",
                width,
                " " * 28,
            )
            if finding.remediation:
                lines += _fit(f"{'':28}fix: {common.one_line(finding.remediation)}", width, "")
    return lines


def render(report: AuditReport, options: RenderOptions) -> str:
    """The audit as a terminal table; never prints."""
    rows = common.shown_rows(report, options)
    width = options.width
    if width is None:
        parts = [_header(report), "", _grid(rows, report), ""]
    else:
        parts = [*_fit(_header(report), width), "", *table_fit.grid(rows, report, width), ""]
    if options.explain:
        parts += [*_explain(rows, report, width), ""]
    parts += [*_summary(report, width), *_fit(table_fit.verdict(report), width, "  ")]
    return "\n".join(parts) + "\n"
