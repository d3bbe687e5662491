"""Paper lists written as bullet items: `- **Title** (Venue 2024) [[paper](...)] [[code](...)]`.

One entry per item (its nested or wrapped lines included). The title is the bold text, else the
first link with a telling label, else the text before the first link; the venue is what stands in
parentheses with a year; code links are the links labelled code and the links to repositories.
"""

from __future__ import annotations

import re
from datetime import date

from repro_audit.models import DigestEntry, DigestProblem, LinkKind, LinkOrigin
from repro_audit.reading.dates import full_date, parse_date, venue_year
from repro_audit.reading.finding import (
    IMAGE,
    arxiv,
    cell_hits,
    has_malformed_link,
    is_paper_link,
    only_says_code,
    says_code,
)
from repro_audit.reading.lines import plain
from repro_audit.reading.links import find_urls, names_code_host, resolve_link
from repro_audit.reading.rows import GENERIC_LABEL, title_of
from repro_audit.reading.typed import RowLinks, Where

ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
# A line that is only bold text (a hard break `\\` may end it): the title of a paper block.
BOLD_LINE = re.compile(r" {0,3}(?:\*\*[^*]{1,500}\*\*|__[^_]{1,500}__)[ \t]*\\?[ \t]*")
_BOLD = re.compile(r"\*\*([^*]{1,500})\*\*|__([^_]{1,500})__")
# What stands in brackets (not a link's `](`): a venue when a year sits in it, at most 60
# characters in and 20 from its end. The bracket is matched first, possessively, and the year
# looked for in it after: one try per bracket instead of one per character of a lazy run.
_BRACKETED = re.compile(r"[(\[]([^()\[\]]{0,84}+)[)\]](?!\()")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d|['\u2019] ?\d\d(?!\d)")  # 2023, '23, ' 23
# ICCV 2023, NeurIPS'23, arXiv 2023
_VENUE_WORD = re.compile(r"\b((?:[A-Z][A-Za-z-]{1,15}|arXiv)(?: |['\u2019] ?)(?:19|20)?\d\d)\b")
_DAY_LIKE = re.compile(r"[\w ,./-]{6,30}")  # what a date line may hold: no links, no markup
_LINK = re.compile(r"\[[^\[\]]{0,500}\]\([^()\s]{0,2048}\)")
_CODE_KINDS = frozenset({LinkKind.GITHUB_REPO, LinkKind.OTHER_HOST})
_PROFILE = LinkKind.GITHUB_OTHER
_LEAD = " \t,;:.-\u2013\u2014"


def is_item(line: str) -> bool:
    """Whether a line opens a list item (indented at most three spaces)."""
    return ITEM.match(line) is not None


def is_paper_item(parts: list[tuple[int, str]]) -> bool:
    """An item names a paper when it links somewhere (tables of contents link `#anchors`)."""
    return any(
        "://" in text
        or ("." in text and bool(find_urls(text, schemeless=True)))
        or has_malformed_link(text)  # `[[code](https:/github.com/o/r)]`: said, not lost
        for _, text in parts
    )


def read_item(parts: list[tuple[int, str]], where: Where) -> DigestEntry:
    """One list item or paper block (its first line opens it) to one entry."""
    hosts = where.hosts
    marker = ITEM.match(parts[0][1])  # at the start only: a block's `**Title** \\` has none
    first = parts[0][1][marker.end() :] if marker else parts[0][1]
    text = " ".join([first.strip(), *(t.strip() for _, t in parts[1:])])
    links = RowLinks(parts, where)
    hits = cell_hits(text) if where.room > 0 else []
    for hit in hits:
        code_host = names_code_host(hit.url, hosts)
        kind = resolve_link(hit.url, hosts).kind if code_host else LinkKind.WEB
        labelled = says_code(hit.label)
        codey = labelled or kind in _CODE_KINDS
        # a profile is no code, whatever its label; a paper labelled only code is said there
        if (
            codey
            and not hit.badge
            and kind is not _PROFILE
            and (not is_paper_link(hit.url) or only_says_code(hit.label))
        ):
            links.add_code(hit, LinkOrigin.LIST_ITEM)
            continue
        links.add_elsewhere(hit, LinkOrigin.LIST_ITEM)
    code_links, elsewhere, notes = links.finish()
    venue = _bracketed_venue(text)
    if not venue:
        word = _VENUE_WORD.search(_LINK.sub(" ", text) if "](" in text else text)
        venue = plain(word.group(1)) if word else ""
    paper_date = _date_line(parts)  # a block's line that is only a date (`10 Sep 2023`)
    paper_date = paper_date or (parse_date(venue)[0] if venue else None)
    paper_date = paper_date or (venue_year(venue) if venue else None)
    arxiv_id, version = arxiv(text)
    if notes:
        where.problems.extend(DigestProblem(parts[0][0], note) for note in notes)
    return DigestEntry(
        source=where.source,
        line=parts[0][0],
        section=where.section,
        title=_title(text, hits[0].written or hits[0].url if hits else "") or where.section,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        paper_date=paper_date,
        venue=venue,
        code_links=code_links,
        text_links=elsewhere,
        problems=tuple(notes),
    )


def _bracketed_venue(text: str) -> str:
    """The first `(ICCV 2023)` or `[NeurIPS 2024, oral]` of an item, markup removed; or ""."""
    for match in _BRACKETED.finditer(text):
        inside = match.group(1)
        year = _YEAR_DIGITS.search(inside, max(0, len(inside) - 24))
        if year is not None and year.start() <= 60:
            return plain(inside)
    return ""


def _date_line(parts: list[tuple[int, str]]) -> date | None:
    """The date on a line of its own after the first, as paper blocks give it (last, mostly)."""
    for _, line in reversed(parts[1:]):
        if len(line) > 40:
            continue  # a date line is short: spare reading the long ones
        shown = plain(line.rstrip(" \t\\"))
        if 6 <= len(shown) <= 30 and _DAY_LIKE.fullmatch(shown):
            found = full_date(shown)
            if found is not None:
                return found
    return None


def _title(text: str, first_url: str) -> str:
    """The bold text, else the text before the first link, else the first telling label."""
    bold = _BOLD.search(text)
    if bold is not None:  # `**[R-CNN]** Rich feature...`: a nickname in brackets is still bold
        shown = title_of(bold.group(1) or bold.group(2))
        return shown[1:-1].strip() if shown.startswith("[") and shown.endswith("]") else shown
    text = IMAGE.sub(" ", text) if "![" in text else text  # a badge before the title is none
    cut = len(text)
    for marker in ("[", "<a", "http", first_url.split("://", 1)[-1]):
        at = text.find(marker) if marker else -1
        cut = min(cut, at) if at != -1 else cut
    shown = plain(text[:cut]).strip(_LEAD)
    if shown and GENERIC_LABEL.fullmatch(shown) is None:  # `- Paper: [Title](...)`: a field name
        return shown
    return title_of(text.split(" (", 1)[0]) if "](" in text else ""
