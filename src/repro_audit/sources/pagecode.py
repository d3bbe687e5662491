"""The code link a project page shows: its "Code" or "GitHub" link to a repository.

A project page is not code, but it usually links the code. Its HTML is read with the standard
library's HTMLParser (a real parser: attributes in any order and quoting, entities, unclosed tags),
never with a regular expression, and only links to repositories count: the page's own source
(`<user>/<user>.github.io`) and links to profiles, issues or other pages do not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from repro_audit.models import LinkKind
from repro_audit.reading.links import resolve_link

MAX_PAGE_BYTES = 1024 * 1024
"""A project page is read up to this many bytes: its links sit near the top."""
MAX_PAGE_LINKS = 5
_CODE_WORDS = re.compile(r"\b(?:code|github|gitlab|repo|repository|source|implementation)\b", re.I)
_REPO_KINDS = frozenset({LinkKind.GITHUB_REPO, LinkKind.OTHER_HOST})


class _Anchors(HTMLParser):
    """Collects (href, text) of every `<a>`; the text includes `alt`/`title`/`aria-label`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        words = " ".join(values.get(k, "") for k in ("alt", "title", "aria-label", "class"))
        if tag == "a":
            self.end_anchor()
            self._open.append((values.get("href", ""), [words]))
        elif self._open:
            self._open[-1][1].append(words)  # an icon inside the anchor: <i class="fa-github">

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.end_anchor()

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)

    def end_anchor(self) -> None:
        if self._open:
            href, words = self._open.pop()
            self.anchors.append((href.strip(), " ".join(" ".join(words).split())))


def code_links_in_page(html: str, page_url: str) -> tuple[str, ...]:
    """Repository links the page labels as its code (text, icon, alt or title saying code or
    GitHub), each once, at most five, in page order."""
    parser = _Anchors()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # HTMLParser gives up on some broken markup
        pass
    parser.end_anchor()  # an anchor still open at the end of the page ends there
    own = _own_source(page_url)
    labelled: dict[str, None] = {}
    for href, text in parser.anchors:
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = urljoin(page_url, href)
        link = resolve_link(url)
        if link.kind not in _REPO_KINDS or (link.repo is not None and link.repo.key == own):
            continue
        clean = link.url
        if link.repo is not None:  # the repository, not a file or tree inside it
            clean = f"https://{link.repo.host}/{link.repo.slug}"
        if _CODE_WORDS.search(text):  # a link to related work is no code link of this paper
            labelled.setdefault(clean, None)
    return tuple(list(labelled)[:MAX_PAGE_LINKS])


def _own_source(page_url: str) -> str:
    """`user/user.github.io`: the repository a user site is built from (lower case)."""
    link = resolve_link(page_url)
    return link.repo.key if link.kind is LinkKind.GITHUB_PAGES and link.repo else ""
