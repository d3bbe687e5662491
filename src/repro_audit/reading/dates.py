"""Paper dates from date cells: the reader needs one to judge freshness against."""

from __future__ import annotations

import re
from datetime import date

from repro_audit.reading.lines import plain

_DATE = re.compile(r"(?<!\d)(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?!\d)")


def parse_date(cell: str) -> tuple[date | None, str]:
    """A YYYY-MM-DD, YYYY/MM/DD or ISO datetime cell to a date; a note when it is unreadable."""
    text = plain(cell)
    if not text:
        return None, ""
    match = _DATE.search(text)
    if match is None:
        return None, f"date '{text[:40]}' is not YYYY-MM-DD"
    try:
        return date(int(match.group(1)), int(match.group(3)), int(match.group(4))), ""
    except ValueError:
        return None, f"date '{match.group(0)}' does not exist"
