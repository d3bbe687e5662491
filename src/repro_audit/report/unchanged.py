"""Rows a `--changed-since` run left out, listed as `unchanged` when `--all` asks for every row.

Pure: the entries were never audited, so their rows carry the link as written and no facts;
`unchanged` is neither good nor bad and counts towards no exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from repro_audit.models import AuditReport, AuditRow, DigestEntry, LinkStatus, ResolvedLink
from repro_audit.report.assemble import code_links, summarize


def unchanged_rows(
    entries: Sequence[DigestEntry], github_hosts: frozenset[str], ref: str
) -> list[AuditRow]:
    """One row per code link of each entry (one row for an entry without), none audited."""
    reason = f"unchanged since {ref}; not audited"
    rows: list[AuditRow] = []
    for entry in entries:
        links: list[ResolvedLink | None] = [*code_links(entry, github_hosts)] or [None]
        origin = entry.code_links[0].origin if entry.code_links else None
        rows += [AuditRow(entry, LinkStatus.UNCHANGED, link, origin, reason) for link in links]
    return rows


def with_unchanged(report: AuditReport, rows: Sequence[AuditRow]) -> AuditReport:
    """The report with the unchanged rows merged in, in digest order, and counted."""
    if not rows:
        return report
    order = {source: index for index, source in enumerate(report.sources)}
    merged = sorted(
        (*report.rows, *rows),
        key=lambda row: (order.get(row.entry.source, len(order)), row.entry.line),
    )
    entries = len({id(row.entry) for row in merged})
    summary = summarize(merged, entries, report.summary.problems)
    return replace(report, rows=tuple(merged), summary=summary)
