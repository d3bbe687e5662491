"""Links in one cell or line: code cells, abstracts and comments, arXiv ids."""

from __future__ import annotations

import re

from repro_audit.models import FoundLink, LinkKind, LinkOrigin
from repro_audit.reading.lines import plain
from repro_audit.reading.links import find_urls, markup_links, resolve_link

CODE_KINDS = frozenset(
    {LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES, LinkKind.GITHUB_OTHER, LinkKind.OTHER_HOST}
)
_NO_LINK = frozenset({"", "none", "null", "nil", "n/a", "na", "-", "--", "\u2014", "\u2013"})
# The summary may not hold another <summary>: an unclosed one then fails at the next opening
# instead of scanning to the end of the cell, so hostile cells cost linear time, not quadratic.
_SUMMARY = re.compile(
    r"<summary\b[^<>]*>(?:(?!</?summary\b).)*?</summary\s*>", re.IGNORECASE | re.DOTALL
)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?/\d{7})(?!\d)(?:v(\d{1,4}))?"
_ARXIV = re.compile(rf"(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s*){_ARXIV_ID}", re.IGNORECASE)


def line_of(url: str, parts: list[tuple[int, str]]) -> int:
    """The physical line a URL is on, for rows that span lines; else the row's line."""
    if len(parts) == 1:
        return parts[0][0]
    return next((number for number, text in parts if url in text), parts[0][0])


def without_summary(text: str) -> str:
    """A cell without its `<summary>`: only a cut-down copy of the `<details>` text."""
    return _SUMMARY.sub(" ", text) if "<" in text else text


def comment_text(cell: str) -> str:
    """The full comment: a `<details>` block's `<summary>` is only a cut-down copy of it."""
    return plain(without_summary(cell)) or plain(cell)


def text_links(
    abstract: str, comment: str, parts: list[tuple[int, str]], limit: int
) -> list[FoundLink]:
    """Code links the abstract and comment name, de-duplicated; stops after `limit + 1`, so a
    caller can tell there were more without resolving every URL of a link-stuffed cell."""
    seen: set[str] = set()
    found: list[FoundLink] = []
    for origin, text in ((LinkOrigin.ABSTRACT, abstract), (LinkOrigin.COMMENT, comment)):
        for url in find_urls(without_summary(text), schemeless=True):
            key = url.lower().rstrip("/").removesuffix(".git").rstrip("/")
            if key not in seen and resolve_link(url).kind in CODE_KINDS:
                seen.add(key)
                found.append(FoundLink(url, origin, line_of(url, parts)))
                if len(found) > limit:
                    return found
    return found


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


def code_urls(cell: str) -> tuple[list[str], str]:
    """Every link in the code cell, and a note when the cell says something but links nowhere."""
    if plain(cell).strip("*_` ").lower() in _NO_LINK:
        return [], ""
    urls = find_urls(cell)  # a scheme-less link is broken: keep it, so the audit can say so
    urls += [dest for _, dest in markup_links(cell) if dest and "://" not in dest]
    note = ""
    if not urls:
        urls = find_urls(plain(cell), schemeless=True)
        note = (f"code cell names {urls[0]} without a scheme" if urls
                else f"code cell has no link: '{plain(cell)[:60]}'")  # fmt: skip
    return list(dict.fromkeys(urls)), note
