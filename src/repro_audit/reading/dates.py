"""Paper dates from date-like cells: full dates, months, years, and the year a venue names.

Freshness is judged against the paper's date, so a list that gives only `Year` or
`CVPR 2024` still gives one: a month reads as its first day and a year as 1 January, the
earliest day it can mean, so commits made later that year count as made after the paper.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from repro_audit.reading.lines import plain

_DATE = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})(?![\d/.-])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_YEAR = re.compile(
    r"\b(\d{1,2}\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?,?\s+"
    r"(?:(\d{1,2}),?\s+)?((?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")
_BROKEN = re.compile(r"\d[-/.]\d")  # digits joined like a date that did not read as one
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])-?(\d\d)(?![\d.])")  # AAAI24, ICLR-24
_SHORT_YEAR = re.compile(r"['\u2018\u2019] ?(\d\d)(?!\d)")  # NeurIPS'23, CVPR' 14, a left quote too


def parse_date(cell: str) -> tuple[date | None, str]:
    """A date cell to a date, remembered when short: a list repeats its dates (one day, many
    papers), and a long cell is not kept alive by the memory."""
    return _parse_short(cell) if len(cell) <= 64 else _parse_date(cell)


@functools.lru_cache(maxsize=8192)
def _parse_short(cell: str) -> tuple[date | None, str]:
    return _parse_date(cell)


def _parse_date(cell: str) -> tuple[date | None, str]:
    """A date cell (YYYY-MM-DD, YYYY/MM/DD, ISO datetime, `Oct 2024`, `2024-10`, `2024`) to a
    date; a note when it says something that is not a date."""
    text = plain(cell)
    if not text:
        return None, ""
    found = _full_date(text)
    if found is not None:
        return found
    found_year = None if _BROKEN.search(text) else venue_year(text)
    if found_year is not None:
        return found_year, ""
    return None, f"date '{text[:40]}' is not YYYY-MM-DD"


def full_date(text: str) -> date | None:
    """The day or month `text` names (`10 Sep 2023`, `2024-03`), never a bare year."""
    found = _full_date(text)
    return found[0] if found is not None else None


def _full_date(text: str) -> tuple[date | None, str] | None:
    match = _DATE.search(text)
    if match is not None:
        return _day(match.group(0), int(match.group(1)), int(match.group(3)), int(match.group(4)))
    month = _MONTH_YEAR.search(text)
    if month is not None:
        day = month.group(1) or month.group(3) or "1"
        number = _MONTHS.index(month.group(2).lower()) + 1
        return _day(month.group(0), int(month.group(4)), number, int(day))
    year_month = _YEAR_MONTH.search(text)
    if year_month is not None and 1 <= int(year_month.group(2)) <= 12:
        return date(int(year_month.group(1)), int(year_month.group(2)), 1), ""
    return None


def _day(shown: str, year: int, month: int, day: int) -> tuple[date | None, str]:
    try:
        return date(year, month, day), ""
    except ValueError:
        return None, f"date '{shown}' does not exist"


def venue_year(text: str) -> date | None:
    """1 January of the year a venue or year cell names (`CVPR 2024`, `NeurIPS'23`, `2024`)."""
    match = _YEAR.search(text)
    if match is not None:
        return date(int(match.group(1)), 1, 1)
    short = _SHORT_YEAR.search(text) or _GLUED_YEAR.search(text)
    if short is not None:
        return date(2000 + int(short.group(1)), 1, 1)
    return None
