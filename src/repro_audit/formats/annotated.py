"""The digest itself, re-emitted with one more column: the audit of each row as a short badge.

A reader keeps the digest they know and sees `alive · MIT · 5/6 checks · 81 A · last commit 3 d
after paper` beside each paper. Every line that is not a paper row, header or delimiter of an
audited table is copied byte for byte (line endings included). The digest's text comes in through
`RenderOptions.digests`, so this module stays pure like every other format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from repro_audit.formats import common
from repro_audit.formats.markdown import cell
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow, LinkStatus, RowFlag, Verdict
from repro_audit.report.fix import split_lines

COLUMN = "Audit"
SEPARATOR = " · "
_LINE_BREAK = re.compile(r"\r\n?|\n")
# as reading/tables.py has it: a closing `(?:\|[ \t]*)?`, not `\|?[ \t]*`, which with the blanks
# before it made `|-` and a run of blanks quadratic
_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?")
_ASSESSED = frozenset({Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL})


def checks_label(row: AuditRow) -> str | None:
    """`4/6 checks`: criteria passed out of those that could be assessed; None without a score."""
    if row.score is None:
        return None
    assessed = [f for f in row.score.findings if f.verdict in _ASSESSED]
    if not assessed:
        return None
    passed = sum(f.verdict is Verdict.PASS for f in assessed)
    return f"{passed}/{len(assessed)} checks"


def paper_distance(row: AuditRow) -> str | None:
    """`last commit 12 d after paper` (or before, or on the paper's day); None when unknown."""
    facts = common.live_facts(row)
    paper = row.entry.paper_date
    if facts is None or facts.last_commit_at is None or paper is None:
        return None
    days = (date.fromisoformat(common.utc_day(facts.last_commit_at)) - paper).days
    if days == 0:
        return "last commit on the paper's day"
    side = "after" if days > 0 else "before"
    return f"last commit {abs(days)} d {side} paper"


def _status(row: AuditRow) -> str:
    label = row.status.value.replace("_", " ")
    if RowFlag.PROJECT_PAGE in row.flags and row.resolved_repo:
        return f"{label} · project page → {row.resolved_repo}"
    if row.status is LinkStatus.MOVED and common.moved_to(row):
        return f"{label} → {common.moved_to(row)}"
    if row.status in (LinkStatus.DEAD, LinkStatus.UNKNOWN, LinkStatus.NOT_A_REPO) and row.reason:
        return f"{label} ({common.short_reason(row.reason)})"
    return label


def badge(row: AuditRow) -> str:
    """One row's audit in a few words, most important first."""
    if row.status is LinkStatus.NO_LINK:
        parts = ["no link"]
        parts += [f"suggested: {common.repo_cell(s)} ({_status(s)})" for s in row.suggestions]
        return SEPARATOR.join(parts)
    parts = [_status(row)]
    if common.archive_note(row):  # Software Heritage's copy (or, for a dead link, none)
        parts.append(common.archive_note(row))
    if RowFlag.TEMPORARY in row.flags:
        parts.append("temporary mirror")
    facts = common.live_facts(row)
    if facts is not None:
        parts.append(common.licence_text(facts))
    extras = (checks_label(row), common.score_cell(row) if row.score else None, paper_distance(row))
    parts += [part for part in extras if part and part not in (common.UNKNOWN,)]
    return SEPARATOR.join(parts)


def _append_cell(line: str, text: str) -> str:
    body = line.rstrip()
    if body.endswith("|") and not body.endswith("\\|"):
        return f"{body} {text} |"
    return f"{body} | {text}"


def annotate(text: str, rows: Sequence[AuditRow]) -> str:
    """`text` with a badge cell on each audited row and an `Audit` column in its table's header."""
    badges: dict[int, list[str]] = {}
    for row in rows:
        badges.setdefault(row.entry.line, []).append(cell(badge(row)))
    lines = split_lines(text)
    table_lines = _table_lines(lines, badges)
    out = []
    for index, (line, brk) in enumerate(lines):
        number = index + 1
        if number in badges and number in table_lines:
            line = _append_cell(line, " / ".join(badges[number]))
        elif number in badges:
            line = f"{line.rstrip()} *(audit: {' / '.join(badges[number])})*"
        elif table_lines.get(number) == "header":
            line = _append_cell(line, COLUMN)
        elif table_lines.get(number) == "delimiter":
            line = _append_cell(line, "---")
        elif table_lines.get(number) == "row":
            line = _append_cell(line, "")
        out.append(line + brk)
    return "".join(out)


def _table_lines(lines: Sequence[tuple[str, str]], badges: Mapping[int, object]) -> dict[int, str]:
    """Line number -> "header" / "delimiter" / "row" for every table that holds an audited row."""
    found: dict[int, str] = {}
    for index in range(1, len(lines)):
        line, previous = lines[index][0], lines[index - 1][0]
        if "|" not in previous or "|" not in line or _DELIMITER.fullmatch(line) is None:
            continue
        body = []
        after = index + 1
        while after < len(lines) and "|" in lines[after][0] and lines[after][0].strip():
            body.append(after + 1)
            after += 1
        if any(number in badges for number in body):
            found[index] = "header"
            found[index + 1] = "delimiter"
            found.update({number: "row" for number in body})
    return found


def render(report: AuditReport, options: RenderOptions) -> str:
    """Each digest of the report, annotated; a digest whose text was not given is only named."""
    texts = dict(options.digests)
    parts = []
    for source in report.sources:
        rows = [row for row in report.rows if row.entry.source == source]
        text = texts.get(source)
        if text is None:
            parts.append(f"<!-- repro-audit: the text of {source} was not available -->\n")
        elif len(report.sources) > 1:
            parts.append(f"<!-- repro-audit: {source} -->\n" + annotate(text, rows))
        else:
            parts.append(annotate(text, rows))
    return "\n".join(parts)
