"""Links in one cell or line, each with its label and how it was written.

Handles the shapes real lists use beside plain URLs: LaTeX `\\href{url}{text}` and `\\url{url}`
(arXiv abstracts keep them), badge images that name a repository
(`img.shields.io/github/stars/o/r`), and one-slash or colon-less typos (`https:/github.com/o/r`),
which are repaired and said. Every regular expression here is linear: no nested quantifiers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import NamedTuple

from repro_audit.models import LinkKind
from repro_audit.reading.lines import plain
from repro_audit.reading.links import find_urls, markup_spans, normalise_url, unescape_url

CODE_HOST_KINDS = frozenset({LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES, LinkKind.OTHER_HOST})
"""Links that name code: counted, and reported as missed when outside the code column."""
NO_LINK = frozenset({"", "none", "null", "nil", "n/a", "na", "-", "--", "\u2014", "\u2013"})
_ONLY_CODE = re.compile(
    r"[\W_]*(?:official[ _-]?)?(?:code|codes|github|repo|repository|implementation|source)"
    r"(?:[ _-]?code)?[\W_]*",
    re.IGNORECASE,
)
CODEY_LABEL = re.compile(r"\b(?:code|codes|github|repo|repository|implementation)\b", re.I)
# The summary may not hold another <summary>: an unclosed one then fails at the next opening
# instead of scanning to the end of the cell, so hostile cells cost linear time, not quadratic.
_SUMMARY = re.compile(
    r"<summary\b[^<>]*>(?:(?!</?summary\b).)*?</summary\s*>", re.IGNORECASE | re.DOTALL
)
_SUMMARY_OPEN = re.compile(r"<summary\b", re.IGNORECASE)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?/\d{7})(?!\d)(?:v(\d{1,4}))?"
_ARXIV = re.compile(rf"(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s*){_ARXIV_ID}", re.IGNORECASE)
_LATEX = re.compile(r"\\(?:href|url)\{([^{}\s\\]{1,2048})\}")
_MALFORMED = re.compile(r"\b(https?)(:/|//|:\\\\)(?=[A-Za-z0-9])", re.IGNORECASE)
_URL_REST = re.compile(r"[^\s<>\"'`\[\]|(){}]{1,2048}")
# A URL's host (after the scheme and any user info, before a port) and its path.
_URL_PARTS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:@]*)(?::[^/?#]*)?([^?#]*)")
# The commonest code cell, `[code](https://github.com/o/r)` (bold or not), read in one match.
# Only shapes the long way reads alike: a plain label, an ASCII URL without port, query, empty
# path segment or closing punctuation; so neither a malformed link, a scheme-less mention nor a
# trimmed character can hide in it. Each repeated group starts with its own literal: linear.
_ONE_LINK = re.compile(
    r"\*{0,2}\[([A-Za-z0-9 _-]{0,100})\]"
    r"\((https?://[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,10}(?:/[A-Za-z0-9_.%+-]{1,200}){0,20}/?)"
    r"(?<!\.)\)\*{0,2}"
)
_BADGE_HOSTS = frozenset({"img.shields.io", "badgen.net"})
_IMAGE_SUFFIXES = (".svg", ".png", ".json")
_DOUBLE_SCHEME = re.compile(r"(https?://)https?://", re.IGNORECASE)
IMAGE = re.compile(r"!\[[^\[\]]{0,500}\]\([^()\s]{0,2048}\)")  # `![alt](src)`: a badge, a figure
_BADGE_REPO = re.compile(r"/github/[A-Za-z-]{1,40}/([A-Za-z0-9][A-Za-z0-9-]{0,38})/([\w.-]{1,100})")


class Hit(NamedTuple):
    """One link in a cell: the URL to audit, its label, and how it was written if otherwise.

    A named tuple: built for every link of every row, at a third of a frozen dataclass's cost."""

    url: str
    label: str = ""  # the markup link's label as written; "" for a bare URL
    written: str = ""  # the text read, when it is not `url` (a repaired typo, a badge image)
    badge: bool = False  # the repository a badge image names: evidence, never a code link


_CODE_HINTS = (
    "git",
    "code",
    "repo",
    "implementation",
    "bucket",
    "4open",
    "sourceforge",
    "shields",
    "badgen",
    "hugging",
)  # fmt: skip ("git" stands for github.io too)


def may_name_code(text: str) -> bool:
    """Whether text can hold a code link at all: a code host's name or a code-like label. A
    plain `in` test over the text is far cheaper than finding and resolving every URL in it."""
    lowered = text.lower()
    return any(hint in lowered for hint in _CODE_HINTS)


def without_summary(text: str) -> str:
    """A cell without its `<summary>`: only a cut-down copy of the `<details>` text."""
    if "<" not in text:
        return text
    pieces: list[str] = []
    at = searched = 0
    while (opening := _SUMMARY_OPEN.search(text, searched)) is not None:  # jump to each one
        found = _SUMMARY.match(text, opening.start())
        if found is None:  # unclosed here (its scan stopped at the next summary tag): look on
            searched = opening.end()
            continue
        pieces += [text[at : found.start()], " "]
        at = searched = found.end()
    if not pieces:
        return text
    pieces.append(text[at:])
    return "".join(pieces)


def comment_text(cell: str) -> str:
    """The full comment: a `<details>` block's `<summary>` is only a cut-down copy of it."""
    return plain(without_summary(cell)) or plain(cell)


def only_says_code(label: str) -> bool:
    """Whether a label is nothing but a code label (`[code]`, `GitHub`, `Official Code`): a
    paper link so labelled claims to be code; a title that holds the word (`Output Codes`) not."""
    return _ONLY_CODE.fullmatch(plain(label)) is not None


@functools.lru_cache(maxsize=4096)
def says_code(label: str) -> bool:
    """Whether a link's label, markup removed, says code (`[code]`, `**GitHub**`, `Repo`).

    Remembered: a list repeats a handful of labels (`Paper`, `Code`, `Github`) on every row."""
    return bool(label) and CODEY_LABEL.search(plain(label)) is not None


def unwrap_latex(text: str) -> str:
    """`\\href{url}{text}` and `\\url{url}` with the wrapper blanked, so the URL ends where it
    should; the length is kept, so offsets still point into the written text."""
    if "\\" not in text or ("\\href{" not in text and "\\url{" not in text):  # `\\` breaks lines
        return text
    return _LATEX.sub(lambda m: " " * (m.start(1) - m.start()) + m.group(1) + " ", text)


def badge_repo(url: str) -> str | None:
    """The GitHub repository a badge image shows (`https://github.com/o/r`), "" for a badge of
    nothing in particular, None when `url` is no badge."""
    if "shields" not in url and "badgen" not in url:
        return None
    parts = _URL_PARTS.match(url)  # urlsplit's hostname and path, at a fraction of its cost
    if parts is None or parts.group(1).lower() not in _BADGE_HOSTS:
        return None
    match = _BADGE_REPO.match(parts.group(2))
    if match is None:
        return ""
    name = match.group(2)
    for image in _IMAGE_SUFFIXES:  # `.../stars/o/r.svg`: the older badge address, not the name
        name = name.removesuffix(image)
    return f"https://github.com/{match.group(1)}/{name}" if name else ""


def has_malformed_link(text: str) -> bool:
    """Whether `text` writes a link `https:/host/...`-like, which `repaired` reads."""
    return _may_be_malformed(text) and bool(repaired(text))


def repaired(text: str) -> list[Hit]:
    """Links written `https:/host/...`, `https//host/...` or `https:\\\\host`, as the URL meant."""
    hits: list[Hit] = []
    for match in _MALFORMED.finditer(text):
        rest = _URL_REST.match(text, match.end())
        if rest is None:
            continue
        written = normalise_url(text[match.start() : rest.end()])
        url = f"{match.group(1).lower()}://{written[match.end() - match.start() :]}"
        hits.append(Hit(url, written=written))
    return hits


def cell_hits(cell: str, *, schemeless: bool = True, labels: bool = True) -> list[Hit]:
    """Every link in a cell, in order: URLs (with `schemeless`, `github.com/o/r` too), each with
    its markup label (with `labels`); badge images become the repository they name; an image's
    alt text is never a label; malformed links come repaired."""
    one = _ONE_LINK.fullmatch(cell) if cell.startswith(("[", "*[", "**[")) else None
    if one is not None and "shields" not in cell and "badgen" not in cell:
        return [Hit(one.group(2), one.group(1) if labels else "")]  # what the long way finds
    return all_hits(cell, schemeless=schemeless, labels=labels)


def all_hits(cell: str, *, schemeless: bool = True, labels: bool = True) -> list[Hit]:
    """`cell_hits` the long way, for any cell."""
    text = unwrap_latex(cell)
    named: dict[str, str] = {}
    if labels and ("](" in text or "<a" in text or "<A" in text):
        for at, label, dest in markup_spans(text):
            if not (at > 0 and text[at - 1] == "!"):  # `![alt](src)` is an image
                named.setdefault(normalise_url(dest), label)
    hits: list[Hit] = []
    for found in find_urls(text, schemeless=schemeless):
        written = link_end(found, named) if named and ")" in found else found
        url = unescape_url(written)  # `my\_repo`, kept as written so it is found on its line
        doubled = _DOUBLE_SCHEME.match(url) if "://" in url[7:17] else None
        url = url[doubled.end(1) :] if doubled else url  # `https://https://github.com/o/r`
        badge = badge_repo(url)
        if badge is None:
            hits.append(Hit(url, named.get(written, ""), written if url != written else ""))
        elif badge:
            hits.append(Hit(badge, written=written, badge=True))
    if _may_be_malformed(text):
        hits += [Hit(hit.url, named.get(hit.written, ""), hit.written) for hit in repaired(text)]
    return hits


def link_end(url: str, destinations: Mapping[str, object]) -> str:
    """A URL cut where its markdown link ends: `[code](https://github.com/o/r)用于` runs on to
    the next blank as a bare URL would, but the link's destination is `https://github.com/o/r`."""
    if url in destinations:
        return url
    cut = url.find(")")
    while cut != -1:
        if url[:cut] in destinations:
            return url[:cut]
        cut = url.find(")", cut + 1)
    return url


def _may_be_malformed(text: str) -> bool:
    """A cheap test before the search: `:/` not followed by `/`, or `s//`, `p//`, `:\\`.

    Jumps from colon to colon and from slash to slash (one-character searches run as memchr)
    instead of counting each form over the whole text: long prose costs two quick scans."""
    if "\\" in text and ":\\" in text:
        return True
    at = text.find(":")
    while at != -1:
        if text.startswith("/", at + 1) and not text.startswith("/", at + 2):
            return True
        at = text.find(":", at + 1)
    if len(text) < 512:  # a cell or an item: four quick searches beat a walk over its paths
        return "p//" in text or "s//" in text or "P//" in text or "S//" in text
    at = text.find("/")
    while at != -1:
        if text.startswith("/", at + 1) and at > 0 and text[at - 1] in "psPS":
            return True
        at = text.find("/", at + 1)
    return False


def code_cell_hits(cell: str) -> tuple[list[Hit], str]:
    """Every link in a code cell, and a note when the cell says something but links nowhere.

    A scheme-less link there is kept as written (`[code](github.com/o/r)`), so the audit can say
    it is broken; a cell with no link at all is read once more for a bare `github.com/o/r`."""
    # a cell with `://` and no tag cannot read as "none" or "-": spare reading it as text; one
    # of tags only (`<a href=url><img src=badge></a>`) shows nothing, yet links
    if "://" not in cell or "<" in cell:
        shown = plain(cell).strip("*_` ").lower()
        if shown in NO_LINK and ("://" not in cell or shown):
            return [], ""
    hits = cell_hits(cell, schemeless=False)
    if "](" in cell and cell.count("](") > cell.count("://"):  # a link without a scheme
        hits += [
            Hit(dest)
            for _, _, dest in markup_spans(cell)
            if dest and "://" not in dest and _MALFORMED.match(dest) is None
        ]
    if hits:
        return (_unique(hits) if len(hits) > 1 else hits), ""
    found = cell_hits(plain(cell), labels=False)
    if found:
        return found, f"code cell names {found[0].url} without a scheme"
    return [], f"code cell has no link: '{plain(cell)[:60]}'"


def text_hits(text: str) -> list[Hit]:
    """Links in free text (abstracts, comments): no labels needed, `<summary>` copies skipped."""
    return cell_hits(without_summary(text), labels=False)


def _unique(hits: list[Hit]) -> list[Hit]:
    """Each URL once; where a badge and a link name the same repository (a stars badge that
    links to it), the link: it is the curator's code link, the badge only evidence."""
    seen: dict[str, Hit] = {}
    for hit in hits:
        if hit.url not in seen or (seen[hit.url].badge and not hit.badge):
            seen[hit.url] = hit
    return list(seen.values())


def arxiv(*cells: str) -> tuple[str | None, int | None]:
    """The arXiv id and version of the first cell that names one (URL or `arXiv:` tag)."""
    for cell in cells:  # the case-blind regex is slow: start it just before the first "rx"
        lowered = cell.lower()
        at = lowered.find("rx")  # every match holds one, at this place if lower() kept the length
        start = max(at - 1, 0) if len(lowered) == len(cell) else 0
        match = _ARXIV.search(cell, start) if at != -1 else None
        if match is not None:
            return match.group(1), int(match.group(2)) if match.group(2) else None
    return None, None


def is_paper_link(url: str) -> bool:
    """arxiv.org: a paper, never code, whatever its label says."""
    lowered = url.lower()
    if "arxiv.org" not in lowered:
        return False
    match = _URL_PARTS.match(lowered)  # urlsplit's hostname, without its cost on every row
    host = match.group(1) if match else ""
    return host == "arxiv.org" or host.endswith(".arxiv.org")
