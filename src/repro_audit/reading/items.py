"""Paper lists written as bullet items: `- **Title** (Venue 2024) [[paper](...)] [[code](...)]`.

One entry per item (its nested or wrapped lines included). The title is the bold text, else the
first link with a telling label, else the text before the first link; the venue is what stands in
parentheses with a year; code links are the links labelled code and the links to repositories.
"""

from __future__ import annotations

import functools
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
from repro_audit.reading.leads import arxiv_month, split_lead
from repro_audit.reading.lines import LINK, plain
from repro_audit.reading.links import find_urls, markup_spans, names_code_host, resolve_link
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
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d|['\u2018\u2019] ?\d\d(?!\d)")  # 2023, '23, ' 23
_NUMBERISH = "0123456789 ._-/"
_DOCUMENT = re.compile(r"\.(?:pdf|pptx?|docx?)(?:[?#]|$)", re.IGNORECASE)  # a paper or slides
# ICCV 2023, NeurIPS'23, CVPR' 14, arXiv 2023; not a month (`Mar 2023` is a date)
_VENUE_WORD = re.compile(
    r"\b(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
    r"((?:[A-Z][A-Za-z-]{1,15}|arXiv)(?: |['\u2018\u2019] ?)(?:19|20)?\d\d)\b"
)
# `*IROS, Mar 2023*`: an italic stretch that ends in a year is the venue and its date
_YEAR_STAR = re.compile(r"\d\*")  # where an italic venue ends: most items have none
# the venue's first word, when it has two: `NeurIPS Workshop 2022`, `EMNLP Findings 2022`
_VENUE_HEAD = re.compile(r"\b(?:[A-Z][a-z]*[A-Z][A-Za-z]*|arXiv) \Z")
_ITALIC_VENUE = re.compile(r"(?<![*\w])\*([A-Za-z][^*\n]{0,40}?(?:19|20)\d\d)\*(?!\*)")
_DAY_LIKE = re.compile(r"[\w ,./-]{6,30}")  # what a date line may hold: no links, no markup
_CODE_KINDS = frozenset({LinkKind.GITHUB_REPO, LinkKind.OTHER_HOST})
# `- ExpEnv:`, `**Dataset**:`, a full-width colon too, at the start of an item's later line
_FIELD = re.compile(
    r"[ \t]{0,16}(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z -]{0,24}?)"
    r"(?:\*\*|__)?[ \t]?[:\uff1a]"
)
# `"Title", venue`: the quotes hold the whole title (not `"Attention" Is All You Need`)
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{3,300})[\"\u201d](?=[ \t]*(?:[,.;:(]|$))")
# CVPR, NeurIPS'23: a venue in `[[CVPR](pdf)]`, not a name
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{0,3}[A-Z][A-Za-z]{0,5}(?:[ '\u2019-]?\d{2,4})?")
_SHORTCODE = re.compile(r":[a-z0-9_+-]{1,30}:")  # an emoji written `:star:`
_CODE_SPAN = re.compile(r"`[^`\n]{0,100}`")  # `LinkedIn` `2019`: tags
_BRACKETS = re.compile(r"\[[^\[\]]{0,60}\]")  # what is left of `[[paper](url)]`, `[cls.]`
_PAPER_LABEL = re.compile(r"[\W_]*(?:paper|pdf|arxiv|preprint|report)[\W_]*", re.IGNORECASE)
_PROFILE = LinkKind.GITHUB_OTHER
_LEAD = " \t,;:.-\u2013\u2014"


def is_item(line: str) -> bool:
    """Whether a line opens a list item (indented at most three spaces)."""
    return ITEM.match(line) is not None


def is_paper_item(parts: list[tuple[int, str]]) -> bool:
    """An item names a paper when it links somewhere but to a heading of a page: tables of
    contents link `#anchors`, or `https://github.com/o/r/blob/master/README.md#2019`."""
    for _, text in parts:
        if "://" in text and ".md#" not in text:
            return True  # the common case, without looking further
    return any(_links_somewhere(text) for _, text in parts)


def _links_somewhere(text: str) -> bool:
    if "." in text and any(map(_not_anchor, find_urls(text, schemeless=True))):
        return True
    return has_malformed_link(text)  # `[[code](https:/github.com/o/r)]`: said, not lost


def _not_anchor(url: str) -> bool:
    """Whether a URL points elsewhere than at a heading of a markdown page."""
    return ".md#" not in url.lower()


def names_paper(line: str) -> bool:
    """Whether a list-item line names a paper of its own: it links somewhere and has a title
    (`[Title](paper)`, `**Title** [code](url)`), not only a field (`- Paper: url`, `[code](u)`)."""
    marker = ITEM.match(line)
    body = line[marker.end() :] if marker else line.strip()
    if not is_paper_item([(0, body)]) or _FIELD.match(body) is not None:
        return False
    shown = _title(body.strip(), "")
    return bool(shown) and GENERIC_LABEL.fullmatch(shown) is None


def read_item(parts: list[tuple[int, str]], where: Where) -> DigestEntry:
    """One list item or paper block (its first line opens it) to one entry."""
    hosts = where.hosts
    marker = ITEM.match(parts[0][1])  # at the start only: a block's `**Title** \\` has none
    first = parts[0][1][marker.end() :] if marker else parts[0][1]
    text = " ".join([first.strip(), *(t.strip() for _, t in parts[1:])])
    lead = split_lead(text)  # `2016-ICLR - `, `(*NAACL'21*) `, `[2024_143] `: not the title
    links = RowLinks(parts, where)
    hits = cell_hits(text) if where.room > 0 else []
    others, coded = _fields(parts) if len(parts) > 1 else ([], [])
    for hit in hits:
        code_host = names_code_host(hit.url, hosts)
        kind = resolve_link(hit.url, hosts).kind if code_host else LinkKind.WEB
        shown = hit.written or hit.url
        # `- Code: https://taohu.me/zigma/`: the field says code, whatever the host
        labelled = says_code(hit.label) or any(shown in line for line in coded)
        # a repository is code unless the item says what else it is: `[paper](github.com/o/r/
        # blob/x.pdf)`, a document, a field of another name (`- ExpEnv: [gym](github.com/o/gym)`)
        codey = labelled or (
            kind in _CODE_KINDS
            and _PAPER_LABEL.fullmatch(plain(hit.label)) is None
            and not _DOCUMENT.search(hit.url)
            and not any(shown in line for line in others)
        )
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
    body = lead.rest
    venue = lead.venue or _bracketed_venue(body)
    if not venue:
        # before the first `[` the text is the same with or without its links: a venue found
        # there (`ICLR 2019. [[Paper](...)]`, the usual place) spares taking the links out
        bracket = body.find("[")
        venue = _venue_word(body, bracket) if bracket > 0 else ""
        venue = venue or _venue_word(LINK.sub(" ", body) if "](" in body else body, len(body))
    if (
        not venue
        and "*" in body
        and _YEAR_STAR.search(body)
        and (italic := _ITALIC_VENUE.search(body))
    ):
        venue = plain(italic.group(1))  # `*arXiv, May 2026*`
    venue = venue.strip("*_ ")
    arxiv_id, version = arxiv(text)
    paper_date = _date_line(parts) or lead.year  # a line that is only a date (`10 Sep 2023`)
    paper_date = paper_date or (parse_date(venue)[0] if venue else None)
    paper_date = paper_date or (venue_year(venue) if venue else None)
    # else the month of its arXiv number: the first version's, the earliest it can mean
    paper_date = paper_date or (arxiv_month(arxiv_id) if arxiv_id else None)
    if notes:
        where.problems.extend(DigestProblem(parts[0][0], note) for note in notes)
    return DigestEntry(
        source=where.source,
        line=parts[0][0],
        section=where.section,
        title=_title(lead.rest, hits[0].written or hits[0].url if hits else "") or where.section,
        arxiv_id=arxiv_id,
        arxiv_version=version,
        paper_date=paper_date,
        venue=venue,
        code_links=code_links,
        text_links=elsewhere,
        problems=tuple(notes),
    )


def _fields(parts: list[tuple[int, str]]) -> tuple[list[str], list[str]]:
    """An item's later lines that give a field, as (of another name than code, of code):
    the links of `- Paper: url`, `- ExpEnv: [gym](url)` are links, not the paper's code; those
    of `- Code: url` are its code whatever the host."""
    others: list[str] = []
    coded: list[str] = []
    for _, line in parts[1:]:
        colon = line.find(":")  # a field's colon comes before its first URL's
        field = _FIELD.match(line) if colon != -1 and colon < line.find("://") else None
        if field is not None:
            (coded if says_code(field.group(1)) else others).append(line)
    return others, coded


def _venue_word(text: str, end: int) -> str:
    """The first `ICCV 2023` (or `NeurIPS Workshop 2022`) of `text[:end]`, markup removed."""
    word = _VENUE_WORD.search(text, 0, end)
    if word is None:
        return ""
    start = word.start(1)
    maybe = start > 2 and text[start - 1] == " " and text[start - 2].isalpha()
    head = _VENUE_HEAD.search(text, max(0, start - 24), start) if maybe else None
    return plain(text[head.start() if head else start : word.end(1)])


def _bracketed_venue(text: str) -> str:
    """The first `(ICCV 2023)` or `[NeurIPS 2024, oral]` of an item, markup removed; or ""."""
    for match in _BRACKETED.finditer(text):
        inside = match.group(1)
        if "://" in inside or text[match.start() - 1 : match.start()] == "]":
            continue  # a link's destination, `[paper](https://arxiv.org/pdf/1906.04817)`
        if not inside.strip(_NUMBERISH):
            continue  # `[2024.05.19]`, `[2024_143]`: a date of a log or an index, no venue
        year = _YEAR_DIGITS.search(inside, max(0, len(inside) - 24))
        if year is not None and year.start() <= 60:
            return plain(inside)
    return ""


def _date_line(parts: list[tuple[int, str]]) -> date | None:
    """The date on a line of its own after the first, as paper blocks give it (last, mostly)."""
    for _, line in reversed(parts[1:]):
        if len(line) <= 40:  # a date line is short: spare reading the long ones
            found = _line_date(line)
            if found is not None:
                return found
    return None


@functools.lru_cache(maxsize=4096)  # a list writes the same day on many papers' lines
def _line_date(line: str) -> date | None:
    shown = plain(line.rstrip(" \t\\"))
    if 6 <= len(shown) <= 30 and _DAY_LIKE.fullmatch(shown):
        return full_date(shown)
    return None


def _title(text: str, first_url: str) -> str:
    """The bold text, else the text before the first link, else a quoted title, else the first
    telling label of a link that is not a `[[field](url)]`, else the text between the links."""
    for bold in _BOLD.finditer(text):
        inner = bold.group(1) or bold.group(2)
        if text[bold.start() - 1 : bold.start()] == "[" or inner.startswith("`"):
            continue  # `[__\`cls.\`__]`: a tag, not the title
        shown = title_of(inner)  # `**[R-CNN]** Rich feature...`: a nickname in brackets
        if shown.startswith("[") and shown.endswith("]"):
            return shown[1:-1].strip()
        return shown[:-1] if shown.endswith(".") and not shown.endswith("..") else shown
    text = IMAGE.sub(" ", text) if "![" in text else text  # a badge before the title is none
    cut = len(text)
    for marker in ("[", "<a", "http", first_url.split("://", 1)[-1]):
        at = text.find(marker) if marker else -1
        cut = min(cut, at) if at != -1 else cut
    shown = plain(text[:cut]).strip(_LEAD)
    quoted = _QUOTED.match(shown)
    if quoted is not None:  # `"Safety in Embodied AI", *arXiv, May 2026*`
        return quoted.group(1).strip()
    if shown and GENERIC_LABEL.fullmatch(shown) is None:  # `- Paper: [Title](...)`: a field name
        return shown
    if "](" not in text:
        return ""
    opening = ""  # `[[awesome-ssm-ml](url)]` opening the item: its name, not a field
    for at, label, _ in markup_spans(text):
        shown = title_of(f"[{label}](x)")
        if text[at - 1 : at] == "[":  # `[[CVPR](pdf)]`, `[[code](url)]`: a field of the item
            if at == 1 and shown and GENERIC_LABEL.fullmatch(shown) is None:
                opening = "" if _ACRONYM.fullmatch(shown) else shown
            continue
        if shown and GENERIC_LABEL.fullmatch(shown) is None:
            return shown
    if opening:
        return opening
    rest = _BRACKETS.sub(" ", _CODE_SPAN.sub(" ", LINK.sub(" ", text)))
    rest = _SHORTCODE.sub(" ", rest) if ":" in rest else rest  # `:fire:`, `:star:`
    rest = plain(rest).strip(_LEAD + "[]")
    return rest if len(rest.split()) >= 2 else ""
