"""Read a markdown paper digest into entries that remember their line numbers.

Digests are generated markdown whose table cells are not escaped (a `|` in an abstract breaks a
naive split) and whose shape drifts between generators, so this reader never raises on text: what
it can only half read becomes a problem pointing at the line, and the audit goes on. The layouts
are read by the modules beside this one: tables (tables, columns, cells, rows), bullet lists
(items), other prose (prose); the links inside them by finding, typed and links.
"""

from __future__ import annotations

import heapq
import re

from repro_audit.models import Digest, DigestEntry, DigestProblem
from repro_audit.reading.decoding import DigestInputError, decode_digest
from repro_audit.reading.limits import MAX_ENTRIES, MAX_LINKS, MAX_ROW_LINKS
from repro_audit.reading.lines import uncommented
from repro_audit.reading.links import DEFAULT_GITHUB_HOSTS
from repro_audit.reading.prose import read_prose
from repro_audit.reading.tables import read_tables

_ITEM = r" {0,3}(?:(?:[-*+]|\d{1,9}[.)])[ \t]+\S|\*\*|__)"  # an item (items.ITEM), a bold line
# A literal first character lets the regex engine jump between line breaks; `^` with MULTILINE
# (or a `[\r\n]` class) tries every position, 16 times slower on a 16 MB digest.
_FIRST_ITEM, _ITEM_AFTER_LF, _ITEM_AFTER_CR = (re.compile(p + _ITEM) for p in ("", "\n", "\r"))

__all__ = [
    "MAX_ENTRIES",
    "MAX_LINKS",
    "MAX_ROW_LINKS",
    "DigestInputError",
    "decode_digest",
    "read_digest",
]


def read_digest(
    text: str, source: str, github_hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS
) -> Digest:
    """Read every paper table and bullet-list paper in `text`; with neither, its prose links.

    Line numbers are 1-based and count CRLF, LF and lone CR as one line break each. Every link
    is resolved here, once, against `github_hosts` (the GitHub servers whose links are repos).
    """
    entries: list[DigestEntry] = []
    problems: list[DigestProblem] = []
    text = uncommented(text)  # what a reader of the page sees: no commented-out papers
    # every table row, its delimiter row first, holds a `|`: without one, spare the walk
    tables = read_tables(text, source, entries, problems, github_hosts) if "|" in text else 0
    if tables == 0:
        entries, items = read_prose(text, source, problems, github_hosts)
    elif not _has_item(text):  # one regex pass spares a second walk over the lines
        items = 0
    else:  # bullet-list papers and paper blocks beside the tables, in file order with the rows
        listed, items = read_prose(text, source, problems, github_hosts, items_only=True)
        if listed:
            entries = list(heapq.merge(entries, listed, key=lambda entry: entry.line))
            problems.sort(key=lambda problem: problem.line)
    return Digest(
        source=source,
        entries=tuple(entries),
        problems=tuple(problems),
        tables=tables,
        items=items,
    )


def _has_item(text: str) -> bool:
    """Whether any line of `text` may open a list item or a bold-titled paper block."""
    return bool(
        _FIRST_ITEM.match(text, 1 if text.startswith("\ufeff") else 0)
        or _ITEM_AFTER_LF.search(text)
        or ("\r" in text and _ITEM_AFTER_CR.search(text))
    )
