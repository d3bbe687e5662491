"""What a list item writes before its title: a venue and year, an index, an arXiv tag.

Real lists open their items with `2016-ICLR - Title`, `(*NAACL'21*) Title`, `[2024_143] **Title**`
or `[arXiv:2409.02097] **Title**`. The lead is the item's venue (and date), or nothing at all (a
running index); the title is what follows it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from repro_audit.reading.lines import plain

# `2016-ICLR - Title`, `2019 NeurIPS: Title`
_YEAR_VENUE = re.compile(r"((?:19|20)\d\d)[- ]([A-Za-z][\w&'-]{1,20})[ \t]+[-\u2013\u2014:][ \t]+")
# `(*NAACL'21*) Title`, `[CVPR 2024] Title`: a bracket holding a year, then text
_BRACKET_VENUE = re.compile(r"[(\[]\*{0,2}([A-Za-z][^()\[\]*\n]{0,40}?)\*{0,2}[)\]][ \t]+(?=\S)")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d|['\u2018\u2019] ?\d\d(?!\d)|[A-Za-z]\d\d(?!\d)")
# `[12]`, `[2024_143]`: a running index, no venue
_INDEX = re.compile(r"\[(?:\d{1,6}|(?:19|20)\d\d[_.-]\d{1,6})\][ \t]*")
# `[arXiv:2409.02097]`: a preprint, its month in its number
_ARXIV_TAG = re.compile(r"\[arXiv:? ?(\d{4})\.\d{4,5}(?:v\d{1,3})?\][ \t]*", re.IGNORECASE)


class Lead(NamedTuple):
    """An item's text past its lead, and the venue and date the lead gave."""

    rest: str
    venue: str = ""
    year: date | None = None


def split_lead(text: str) -> Lead:
    """The item text (its list marker gone) split into its lead and the rest."""
    if not text[:1].isdigit() and text[:1] not in "([":
        return Lead(text)  # most items: no lead to look for
    found = _YEAR_VENUE.match(text)
    if found is not None:
        return Lead(text[found.end() :], found.group(2), date(int(found.group(1)), 1, 1))
    found = _ARXIV_TAG.match(text)
    if found is not None:
        month = arxiv_month(found.group(1))
        return Lead(text[found.end() :], "arXiv", month)
    found = _INDEX.match(text)
    if found is not None:
        return Lead(text[found.end() :])
    found = _BRACKET_VENUE.match(text)
    if found is not None and _HAS_YEAR.search(found.group(1)):
        return Lead(text[found.end() :], plain(found.group(1)).strip("*_ "))
    return Lead(text)


def arxiv_month(number: str) -> date | None:
    """The first day of the month a new-style arXiv number (`2409.02097`, or its `2409`) was
    given in; None for an old-style one (`hep-th/9901001`)."""
    if not (number[:4].isdigit() and number[4:5] in ("", ".")):
        return None
    year, month = 2000 + int(number[:2]), int(number[2:4])
    return date(year, month, 1) if 1 <= month <= 12 and year >= 2007 else None
