"""Plain terminal table (tabulate "simple") followed by the summary block."""

from __future__ import annotations

from tabulate import tabulate

from repro_audit.formats import common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow

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


def _summary(report: AuditReport) -> list[str]:
    counts = common.summary_counts(report.summary)
    width = max(len(label) for label, _ in counts)
    lines = ["Summary"]
    lines += [f"  {label.ljust(width)}  {count}" for label, count in counts]
    missed = common.missed_links(report)
    if missed:
        lines.append("Code named in an abstract or comment but missing from the code column:")
        lines += [f"  {m.where}  {m.url}" + (f"  ({m.audit})" if m.audit else "") for m in missed]
    copies = common.archived_copies(report)
    if copies:
        lines.append("Dead links with an archived copy (Software Heritage):")
        lines += [f"  {c.where}  {c.label}  {c.day}  {c.url}" for c in copies]
    problems = common.problem_lines(report)
    if problems:
        lines.append("Digest problems:")
        lines += [f"  {p}" for p in problems]
    if report.notes:
        lines.append("Notes:")
        lines += [f"  {common.one_line(note)}" for note in report.notes]
    stats = report.requests
    lines.append(
        f"Requests: graphql {stats.graphql}, rest {stats.rest}, git {stats.git}"
        f"{f', web {stats.web}' if stats.web else ''}"
        f"{f', archive {stats.archive}' if stats.archive else ''}"
        f"{f'; {stats.not_modified} not modified (304, no budget)' if stats.not_modified else ''}; "
        f"answered from cache: {stats.cached}"
    )
    return lines


def _explain(rows: tuple[AuditRow, ...], report: AuditReport) -> list[str]:
    lines = ["Findings"]
    for row in common.explained_rows(rows):
        assert row.score is not None  # explained_rows keeps scored rows only
        lines.append(f"  {common.row_heading(row, report)}")
        for finding in row.score.findings:
            lines.append(
                f"    {finding.verdict.value:<14} {common.finding_points(finding):>7}  "
                f"{finding.title}: {common.one_line(finding.reason)}"
            )
            if finding.remediation:
                lines.append(f"{'':28}fix: {common.one_line(finding.remediation)}")
    return lines


def render(report: AuditReport, options: RenderOptions) -> str:
    """The audit as a terminal table; never prints."""
    rows = common.shown_rows(report, options)
    parts = [_header(report), "", _grid(rows, report), ""]
    if options.explain:
        parts += [*_explain(rows, report), ""]
    parts += _summary(report)
    return "\n".join(parts) + "\n"
