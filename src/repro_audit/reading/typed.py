"""Found links to typed links: each resolved once, where it is read, with its line and column.

A row's links are collected here from every cell the row readers look at, so the limits (per
row, per digest) and the notes about repaired or non-code links are the same for every layout.
"""

from __future__ import annotations

from typing import NamedTuple

from repro_audit.models import DigestProblem, FoundLink, LinkOrigin
from repro_audit.reading import limits
from repro_audit.reading.finding import CODE_HOST_KINDS, CODEY_LABEL, Hit, is_paper_link
from repro_audit.reading.links import (
    DEFAULT_GITHUB_HOSTS,
    names_code_host,
    resolve_link,
    unescape_url,
)


class Where(NamedTuple):
    """Where an entry is read, the same for a table row and a list item: the digest, the
    section, the problem list it reports to, its share of the link budget, the GitHub hosts."""

    source: str
    section: str
    problems: list[DigestProblem]
    room: int  # links the digest may still keep
    hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS


def locate(needle: str, parts: list[tuple[int, str]], within: str = "") -> tuple[int, int]:
    """(line, 1-based column) of the first physical line holding `needle`, looked for inside the
    cell text `within` when that stands on the line (an abstract and the code column may name
    the same URL); the row's first line and column 0 when it cannot be found."""
    bare = needle.split("://", 1)[-1]
    for number, text in parts:
        start = max(text.find(within), 0) if within else 0
        at = text.find(needle, start)
        at = text.find(bare, start) if at == -1 else at
        if at == -1 and start:
            at = text.find(needle)
            at = text.find(bare) if at == -1 else at
        if at != -1:
            return number, at + 1
    return parts[0][0], 0


def _malformed(found: FoundLink) -> bool:
    """Whether the link was written otherwise than read, beyond markdown escapes (`my\\_repo`
    is how markdown writes `my_repo`: nothing to fix)."""
    return bool(found.written) and unescape_url(found.written) != found.url


def _key(url: str) -> str:
    return url.lower().rstrip("/").removesuffix(".git").rstrip("/")


class RowLinks:
    """One entry's code links and its links elsewhere, in the order found, each once."""

    def __init__(self, parts: list[tuple[int, str]], where: Where) -> None:
        self.parts = parts
        self.hosts = where.hosts
        self.room = max(0, where.room)  # what is left of the digest's link budget
        self.code: dict[str, FoundLink] = {}
        self.elsewhere: dict[str, FoundLink] = {}
        self.notes: list[str] = []
        self.code_seen = 0  # code links offered, kept or not, for the note on the limit
        self.elsewhere_cut = False
        self.within = ""  # the cell being read, so a link is located inside it

    def _found(self, hit: Hit, origin: LinkOrigin, cell: str) -> FoundLink:
        line, column = locate(hit.written or hit.url, self.parts, self.within)
        link = resolve_link(hit.url, self.hosts)
        written = hit.written if hit.written and hit.written != hit.url else ""
        return FoundLink(hit.url, origin, line, link, column, cell, written)

    def _left(self) -> int:
        return self.room - len(self.code) - len(self.elsewhere)

    def add_code(self, hit: Hit, origin: LinkOrigin, cell: str = "") -> None:
        """A link the curator gives as the code (a code cell, a code label, a list item)."""
        if hit.badge:
            self.add_elsewhere(hit, LinkOrigin.BADGE, cell)
            return
        if is_paper_link(hit.url):  # said when it claims to be code: `[Code](arxiv...)`
            if not hit.label or CODEY_LABEL.search(hit.label):
                self.notes.append(f"code link {hit.url} points to arXiv, a paper, not code")
            return
        self.code_seen += 1
        if _key(hit.url) in self.code or len(self.code) >= limits.MAX_ROW_LINKS:
            return
        if self._left() <= 0:
            return
        found = self._found(hit, origin, cell)
        if _malformed(found):
            self.notes.append(f"malformed link '{found.written}' read as {found.url}; fix it")
        self.code[_key(hit.url)] = found

    def add_elsewhere(self, hit: Hit, origin: LinkOrigin, cell: str = "") -> None:
        """A link outside the code column: kept only when it names code (a missed link)."""
        if not names_code_host(hit.url, self.hosts):
            return  # an arXiv or web link: no need to take it apart, nor to count it
        if resolve_link(hit.url, self.hosts).kind not in CODE_HOST_KINDS:
            return
        key = _key(hit.url)
        if key in self.elsewhere:
            return
        if len(self.elsewhere) >= limits.MAX_ROW_LINKS or self._left() <= 0:
            self.elsewhere_cut = self.elsewhere_cut or len(self.elsewhere) >= limits.MAX_ROW_LINKS
            return
        found = self._found(hit, LinkOrigin.BADGE if hit.badge else origin, cell)
        if _malformed(found) and not hit.badge:
            self.notes.append(f"malformed link '{found.written}' read as {found.url}; fix it")
        self.elsewhere[key] = found

    def finish(self) -> tuple[tuple[FoundLink, ...], tuple[FoundLink, ...], list[str]]:
        """(code links, links elsewhere, notes), with a note for every limit reached."""
        if not (self.code or self.elsewhere or self.notes or self.elsewhere_cut):
            return (), (), []  # most rows of a digest: nothing found, nothing to say
        notes = list(dict.fromkeys(self.notes))
        row_links = limits.MAX_ROW_LINKS
        if self.code_seen > row_links:
            notes.append(f"code cell names {self.code_seen} links; the first {row_links} are kept")
        if self.elsewhere_cut:
            notes.append(f"the row names more than {row_links} other code links; {row_links} kept")
        return tuple(self.code.values()), tuple(self.elsewhere.values()), notes
