"""Find paper tables line by line with GFM's rules and read their rows.

Tables are found line by line rather than by a full markdown parse, so a 100 MB digest streams
through in one pass without a token tree several times its size.
"""

from __future__ import annotations

import re

from repro_audit.models import DigestEntry, DigestProblem
from repro_audit.reading import limits
from repro_audit.reading.cells import ends_row, fit_cells
from repro_audit.reading.columns import SAMPLE_ROWS, Table, decide, read_header, skipped_note
from repro_audit.reading.lines import FENCE, closes, heading, iter_lines
from repro_audit.reading.links import DEFAULT_GITHUB_HOSTS
from repro_audit.reading.rows import read_row
from repro_audit.reading.typed import Where

_DELIMITER_CHARS = re.compile(r"[ \t|:-]*")  # one class, nothing to backtrack into


def is_delimiter(line: str) -> bool:
    """Whether a line is a table's delimiter row (`| --- | :-: |`), by GFM's rule: an optional
    pipe after at most three spaces, then cells of `:?-+:?` between blanks, split by pipes, an
    optional last pipe. Checked by hand in one split: every regular expression for it tried so
    far backtracked quadratically on some near miss (`|-` then 128,000 spaces took 70 s, and
    `|-|-|-...x` 1 s per 250 KB)."""
    if _DELIMITER_CHARS.fullmatch(line) is None:
        return False  # most lines: stops at the first letter, no copy of a long row
    body = line.lstrip(" ")
    body = body[1:] if len(line) - len(body) <= 3 and body.startswith("|") else line
    parts = body.split("|")
    if len(parts) > 1 and not parts[-1].strip(" \t"):
        parts.pop()  # the closing pipe
    return all(_dashes(part.strip(" \t")) for part in parts)


def _dashes(cell: str) -> bool:
    """`---`, `:--`, `--:` or `:-:`: dashes between optional colons."""
    core = cell[1:] if cell.startswith(":") else cell
    core = core[:-1] if core.endswith(":") else core
    return bool(core) and not core.strip("-")


def read_tables(
    text: str,
    source: str,
    entries: list[DigestEntry],
    problems: list[DigestProblem],
    hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS,
) -> int:
    """Walk the lines once: track headings and code fences, find tables, read their rows.

    Returns how many tables were read; their entries and problems are appended as found. The
    first SAMPLE_ROWS rows of a table are held until its columns are decided by content.
    """
    section, fence = "", ""
    table: Table | None = None
    skipping = False  # inside a table whose columns mean nothing to us
    previous: tuple[int, str] | None = None  # a line that may be a table's header
    pending: list[tuple[int, str]] = []  # one row, over several lines if its abstract wrapped
    held: list[list[tuple[int, str]]] = []  # rows read before the table's columns are decided
    count = kept = 0  # tables found, links kept (against MAX_LINKS)
    max_links, max_entries = limits.MAX_LINKS, limits.MAX_ENTRIES

    def read(parts: list[tuple[int, str]]) -> None:
        nonlocal kept
        assert table is not None
        entry = read_row(table, parts, Where(source, section, problems, max_links - kept, hosts))
        entries.append(entry)
        before, kept = kept, kept + len(entry.code_links) + len(entry.text_links)
        if before < max_links <= kept:
            problems.append(DigestProblem(entry.line, f"{max_links} links read: later rows "
                                          "are read without their links"))  # fmt: skip

    def settle() -> None:
        """Decide the held table's columns from its held rows, then read them; a table whose
        header names no role is read only when a column's cells link code."""
        nonlocal table, skipping, count
        if table is not None and not table.decided:
            joined = [" ".join([t.strip() for _, t in parts]) for parts in held]
            kinds = table.kinds
            cells = [fit_cells(table.names, table.merge_col, row, kinds)[0] for row in joined]
            table = decide(table, cells, problems)
            if table.unnamed and not table.code:
                problems.append(skipped_note(table))
                table, skipping = None, True  # its later rows are passed over too
            else:
                count += table.unnamed  # counted once it is read
                for parts in held:
                    read(parts)
        held.clear()

    def flush() -> None:
        if pending and table is not None:
            if table.decided:
                read(list(pending))
            else:
                held.append(list(pending))
                if len(held) >= SAMPLE_ROWS:
                    settle()
        pending.clear()

    for number, line in iter_lines(text):
        stripped = line.strip()
        if len(entries) + len(held) >= max_entries and stripped:
            problems.append(DigestProblem(number, limits.entry_limit(number)))
            break
        if fence:
            fence = "" if closes(fence, stripped) else fence
            continue
        if pending:
            if stripped and not stripped.startswith("|") and heading(line) is None:
                pending.append((number, line))  # the row's text wrapped onto this line
                if ends_row(stripped) or len(pending) >= limits.MAX_JOINED_LINES:
                    flush()
                continue
            flush()
        if table is not None or skipping:
            if stripped and "|" in stripped and heading(line) is None:
                if table is not None and not is_delimiter(line):
                    pending.append((number, line))
                    if not (table.closed and stripped.startswith("|")) or ends_row(stripped):
                        flush()
                continue
            settle()
            table, skipping = None, False  # a blank line, prose or a heading ends the table
        fence_match = FENCE.match(line)
        title = heading(line)
        if fence_match is not None:
            fence, previous = fence_match.group(1), None
        elif title is not None:
            section, previous = title, None
        elif previous is not None and "|" in stripped and is_delimiter(line):
            table = read_header(previous, line, problems)
            previous = None
            count += not table.unnamed
        else:
            previous = (number, line) if "|" in stripped else None
    flush()
    settle()
    return count
