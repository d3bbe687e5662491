"""Read a markdown paper digest into entries that remember their line numbers.

Digests are generated markdown whose table cells are not escaped (a `|` in an abstract breaks a
naive split) and whose shape drifts between generators, so this reader never raises on text: what
it can only half read becomes a problem pointing at the line, and the audit goes on. The layouts
are read by the modules beside this one: tables (tables, columns, cells, rows), prose (prose),
and the links inside them (finding, links).
"""

from __future__ import annotations

from repro_audit.models import Digest, DigestEntry, DigestProblem
from repro_audit.reading.decoding import DigestInputError, decode_digest
from repro_audit.reading.limits import MAX_ENTRIES, MAX_LINKS, MAX_ROW_LINKS
from repro_audit.reading.prose import read_prose
from repro_audit.reading.tables import read_tables

__all__ = [
    "MAX_ENTRIES",
    "MAX_LINKS",
    "MAX_ROW_LINKS",
    "DigestInputError",
    "decode_digest",
    "read_digest",
]


def read_digest(text: str, source: str) -> Digest:
    """Read every paper table in `text`; without one, every code-host link in the prose.

    Line numbers are 1-based and count CRLF, LF and lone CR as one line break each.
    """
    entries: list[DigestEntry] = []
    problems: list[DigestProblem] = []
    tables = read_tables(text, source, entries, problems)
    if tables == 0:
        entries = read_prose(text, source, problems)
    return Digest(source=source, entries=tuple(entries), problems=tuple(problems), tables=tables)
