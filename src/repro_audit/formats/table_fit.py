"""The terminal table fitted to a width: problems first, healthy rows after, no line too long.

What may be cut is only ever a label (a licence name, a reason, a title), cut with `…`; a
repository name and the name it moved to are never cut: when they do not fit beside the other
columns they continue on the next line, under the repository column (or, longer still, on a
line of their own). Columns that do not fit are left out; `--wide` shows them all.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from repro_audit.formats import common
from repro_audit.models import AuditReport, AuditRow, LinkStatus

GAP = "  "
LICENCE_LIMIT = 12
DEPS_LIMIT = 24
TITLE_MIN = 20
FAR_INDENT = 4  # where a repository name too long for its column goes


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    cell: Callable[[AuditRow], str]
    limit: int | None = None  # labels longer than this are cut with an ellipsis
    right: bool = False


_FIXED = (
    _Column("Line", lambda row: ""),  # filled per report (a multi-digest report names the file)
    _Column("Score", common.score_cell),
    _Column("Status", lambda row: row.status.value),
    _Column("Licence", common.licence_cell, LICENCE_LIMIT),
)
_OPTIONAL = (  # added, in this order, while the longest repository name still fits beside them
    _Column("Stars", common.stars_cell, right=True),
    _Column("Last commit", common.last_commit_cell),
    _Column("Deps", common.deps_cell, DEPS_LIMIT),
)


def wrap(text: str, width: int, indent: str = "  ") -> list[str]:
    """Free text on lines of at most `width`, continued with `indent`; a single word longer
    than a line (a URL) is kept whole rather than broken."""
    return textwrap.wrap(
        text,
        width=width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]


def is_problem(row: AuditRow) -> bool:
    """Rows a reader must look at: anything but alive, and alive rows that are placeholders
    or otherwise flagged with a reason."""
    return row.status is not LinkStatus.ALIVE or bool(row.reason.strip())


def _cells(row: AuditRow, report: AuditReport, columns: Sequence[_Column]) -> list[str]:
    cells = [common.line_ref(row, report)]
    for column in columns[1:]:
        text = column.cell(row)
        cells.append(common.shorten(text, column.limit) if column.limit else text)
    return cells


def _widths(table: list[list[str]], columns: Sequence[_Column]) -> list[int]:
    return [
        max([len(column.title), *(len(cells[i]) for cells in table)])
        for i, column in enumerate(columns)
    ]


def _prefix(cells: list[str], widths: list[int], columns: Sequence[_Column]) -> str:
    parts = [
        cell.rjust(width) if column.right else cell.ljust(width)
        for cell, width, column in zip(cells, widths, columns, strict=True)
    ]
    return GAP.join(parts) + GAP


def _repository_lines(first: str, pieces: list[str], width: int) -> list[str]:
    """The row's first line (its columns so far) and the repository pieces after it, placed
    whole: beside the columns when they fit, else under the column, else further left."""
    indent = " " * len(first)
    lines = [first]
    for piece in pieces:
        current = lines[-1]
        spacer = "" if current in (first, indent) else " "
        if len(current) + len(spacer) + len(piece) <= width:
            lines[-1] = current + spacer + piece
        elif len(indent) + len(piece) <= width:
            lines.append(indent + piece)
        else:
            lines.append(" " * FAR_INDENT + piece)
    return [line.rstrip() for line in lines]


def _pieces(row: AuditRow) -> list[str]:
    label = common.repo_label(row)
    if label is None:
        return [common.NOT_APPLICABLE]
    target = row.resolved_repo or common.moved_to(row)
    return [label, f"→ {target}"] if target else [label]


def _aside(row: AuditRow) -> str:
    """Flags and the reason, the label under a row that needs one (moved rows show → instead)."""
    flags = [f"[{common.FLAG_LABELS[flag]}]" for flag in row.flags]
    reason = "" if row.status is LinkStatus.MOVED else common.one_line(row.reason)
    return " ".join([*flags, reason]).strip()


def grid(rows: tuple[AuditRow, ...], report: AuditReport, width: int) -> list[str]:
    """Header, the rows needing attention, then the healthy ones, each line within `width`."""
    if not rows:
        return ["(no rows with a code link to show)"]
    columns = list(_FIXED)
    longest = max(len(piece) for row in rows for piece in _pieces(row))
    for extra in _OPTIONAL:
        trial = [*columns, extra]
        table = [_cells(row, report, trial) for row in rows]
        if sum(_widths(table, trial)) + len(GAP) * len(trial) + longest <= width:
            columns = trial
    table = [_cells(row, report, columns) for row in rows]
    widths = _widths(table, columns)
    header = _prefix([column.title for column in columns], widths, columns) + "Repository"
    problems = [i for i, row in enumerate(rows) if is_problem(row)]
    healthy = [i for i, row in enumerate(rows) if not is_problem(row)]
    lines = [header.rstrip()]
    for title, group in (("needs attention", problems), ("alive", healthy)):
        if not group:
            continue
        lines.append(f"-- {title} ({len(group)}) --")
        for index in group:
            row = rows[index]
            first = _prefix(table[index], widths, columns)
            lines += _repository_lines(first, _pieces(row), width)
            aside = _aside(row)
            if aside:
                room = max(8, width - len(first))
                lines.append(" " * len(first) + common.shorten(aside, room))
    return lines


def verdict(report: AuditReport) -> str:
    """`42 links: 38 alive, 3 dead, 1 moved · 3 missed`: the run in one line."""
    summary = report.summary
    counts = [
        (summary.alive, "alive"),
        (summary.dead, "dead"),
        (summary.moved, "moved"),
        (summary.unknown, "unknown"),
        (summary.not_a_repo, "not a repository"),
    ]
    said = ", ".join(f"{count} {label}" for count, label in counts if count) or "none checked"
    noun = "link" if summary.with_code_link == 1 else "links"
    line = f"{summary.with_code_link} {noun}: {said}"
    if summary.missed_code_links:
        line += f" · {summary.missed_code_links} missed"
    if report.ignored:
        line += f" · {len(report.ignored)} ignored"
    return line
