"""Find paper tables line by line with GFM's rules and read their rows.

Tables are found line by line rather than by a full markdown parse, so a 100 MB digest streams
through in one pass without a token tree several times its size.
"""

from __future__ import annotations

import re

from repro_audit.models import DigestEntry, DigestProblem
from repro_audit.reading import limits
from repro_audit.reading.cells import ends_row
from repro_audit.reading.columns import Table, read_header
from repro_audit.reading.lines import FENCE, closes, heading, iter_lines
from repro_audit.reading.rows import read_row

_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def read_tables(
    text: str, source: str, entries: list[DigestEntry], problems: list[DigestProblem]
) -> int:
    """Walk the lines once: track headings and code fences, find tables, read their rows.

    Returns how many tables were read; their entries and problems are appended as found.
    """
    section, fence = "", ""
    table: Table | None = None
    skipping = False  # inside a table whose columns mean nothing to us
    previous: tuple[int, str] | None = None  # a line that may be a table's header
    pending: list[tuple[int, str]] = []  # one row, over several lines if its abstract wrapped
    count = kept = 0  # tables found, links kept (against MAX_LINKS)
    max_links, max_entries = limits.MAX_LINKS, limits.MAX_ENTRIES

    def flush() -> None:
        nonlocal kept
        if pending and table is not None:
            entry = read_row(table, pending, section, source, problems, max_links - kept)
            entries.append(entry)
            before, kept = kept, kept + len(entry.code_links) + len(entry.text_links)
            if before < max_links <= kept:
                problems.append(DigestProblem(entry.line, f"{max_links} links read: later rows "
                                              "are read without their links"))  # fmt: skip
        pending.clear()

    for number, line in iter_lines(text):
        stripped = line.strip()
        if len(entries) >= max_entries and stripped:
            problems.append(DigestProblem(number, limits.entry_limit(number)))
            break
        if fence:
            fence = "" if closes(fence, stripped) else fence
            continue
        if pending:
            if stripped and not stripped.startswith("|") and heading(line) is None:
                pending.append((number, stripped))  # the row's text wrapped onto this line
                if ends_row(stripped) or len(pending) >= limits.MAX_JOINED_LINES:
                    flush()
                continue
            flush()
        if table is not None or skipping:
            if stripped and "|" in stripped and heading(line) is None:
                if table is not None and _DELIMITER.fullmatch(line) is None:
                    pending.append((number, stripped))
                    if not (table.closed and stripped.startswith("|")) or ends_row(stripped):
                        flush()
                continue
            table, skipping = None, False  # a blank line, prose or a heading ends the table
        fence_match = FENCE.match(line)
        title = heading(line)
        if fence_match is not None:
            fence, previous = fence_match.group(1), None
        elif title is not None:
            section, previous = title, None
        elif previous is not None and "|" in stripped and _DELIMITER.fullmatch(line):
            table = read_header(previous, line, problems)
            skipping, previous = table is None, None
            count += table is not None
        else:
            previous = (number, line) if "|" in stripped else None
    flush()
    return count
