"""A digest without tables: bullet-list items are papers; elsewhere each code link is one entry.

List items (items.py) give one entry each, links or not; any other line gives one entry per
code-host link (or link labelled code), titled by its label or else by the section.
"""

from __future__ import annotations

import re
from itertools import islice

from repro_audit.models import DigestEntry, DigestProblem, FoundLink, LinkOrigin
from repro_audit.reading import limits
from repro_audit.reading.finding import CODE_HOST_KINDS, CODEY_LABEL, arxiv
from repro_audit.reading.items import BOLD_LINE, is_item, is_paper_item, read_item
from repro_audit.reading.lines import FENCE, closes, heading, iter_lines, plain
from repro_audit.reading.links import (
    DEFAULT_GITHUB_HOSTS,
    find_urls,
    markup_links,
    names_code_host,
    normalise_url,
    resolve_link,
    unescape_url,
)
from repro_audit.reading.typed import Where

_FENCE_MARKS = ("`", "~")  # what a fence line starts with: most lines spare the regex
_GENERIC_LABEL = re.compile(  # link texts that say nothing about which paper it is
    r"(?:[\W_]|code|codes|links?|github|repo|repository|here|source|official|implementation|our"
    r"|the|project|page|website|homepage|available|at|on|is)*",
    re.IGNORECASE,
)


def read_prose(
    text: str,
    source: str,
    problems: list[DigestProblem],
    hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS,
    items_only: bool = False,
) -> tuple[list[DigestEntry], int]:
    """Entries of a table-less digest, and how many of them are list items; with `items_only`
    (a digest that has tables too) only the list items."""
    entries: list[DigestEntry] = []
    section, fence = "", ""
    item: list[tuple[int, str]] = []  # the open list item's lines, or the open paper block's
    items = kept = 0
    block = gap = False  # whether `item` is a bold-titled paper block; a blank line seen in it
    max_entries = limits.MAX_ENTRIES

    def close_item() -> None:
        nonlocal items, kept, block
        if item and is_paper_item(item):
            where = Where(source, section, problems, limits.MAX_LINKS - kept, hosts)
            entry = read_item(item, where)
            entries.append(entry)
            items += 1
            kept += len(entry.code_links) + len(entry.text_links)
        item.clear()
        block = False

    for number, line in iter_lines(text):
        if len(entries) >= max_entries and line.strip():
            problems.append(DigestProblem(number, limits.entry_limit(number)))
            return entries, items
        stripped = line.strip()
        if fence:
            fence = "" if closes(fence, stripped) else fence
        elif stripped[:1] in _FENCE_MARKS and (fence_match := FENCE.match(line)) is not None:
            close_item()
            fence = fence_match.group(1)
        elif "#" in line[:4] and (title := heading(line)) is not None:
            close_item()
            section = title
            continue
        elif stripped.startswith(("**", "__")) and BOLD_LINE.fullmatch(line) is not None:
            # `**Title**` alone on its line opens a paper block
            close_item()
            item.append((number, line))
            block, gap = True, False
            continue
        elif block and _in_block(line, stripped, gap):
            gap = gap or not stripped
            if stripped:
                item.append((number, line))
            continue
        elif is_item(line) and not (item and _indent(line) > _indent(item[0][1])):
            close_item()
            item.append((number, line))
            continue
        elif item and stripped and line[:1] in " \t":
            item.append((number, line))  # a wrapped or nested line of the open item
            continue
        else:
            close_item()
        if "." in line and not items_only:
            _prose_line(line, number, section, source, entries, hosts)
            if len(entries) >= max_entries and _more_links(line, hosts):
                problems.append(DigestProblem(number, limits.entry_limit(number)))
                return entries, items
    close_item()
    return entries, items


def _prose_line(
    line: str,
    number: int,
    section: str,
    source: str,
    entries: list[DigestEntry],
    hosts: frozenset[str],
) -> None:
    """One entry per code link on a line that is no list item."""
    named: dict[str, str] = {}
    for label, dest in markup_links(line):
        named.setdefault(unescape_url(normalise_url(dest)), plain(label))
    found: dict[str, str] = {}  # each URL as shown (`my\_repo` is `my_repo`): as written
    for written in find_urls(line, schemeless=True):  # resolved lazily, up to the limit
        found.setdefault(unescape_url(written), written)
    room = limits.MAX_ENTRIES - len(entries)
    typed = ((u, resolve_link(u, hosts)) for u in found if names_code_host(u, hosts))
    links = dict(islice(((u, k) for u, k in typed if k.kind in CODE_HOST_KINDS), room))
    for url, label in named.items():
        if "://" in url and CODEY_LABEL.search(label) and url not in links:
            links[url] = resolve_link(url, hosts)
    arxiv_id, version = arxiv(line)
    at = 0  # URLs come in line order: each is looked for after the one before, so one pass
    for url, link in list(links.items())[:room]:
        label = named.get(url, "")
        generic = "://" in label or _GENERIC_LABEL.fullmatch(label) is not None
        written = found.get(url, url)
        bare = written.split("://", 1)[-1]
        shown = line.find(bare, at)
        at = shown + 1 if shown != -1 else at
        start = shown - (len(written) - len(bare))  # where the scheme starts, if it is written
        column = (start if start >= 0 and line.startswith(written, start) else shown) + 1
        entries.append(DigestEntry(
            source=source, line=number, section=section, title=section if generic else label,
            arxiv_id=arxiv_id, arxiv_version=version,
            code_links=(FoundLink(url, LinkOrigin.TEXT, number, link, max(column, 0)),),
        ))  # fmt: skip


def _more_links(line: str, hosts: frozenset[str]) -> bool:
    """Whether a line that filled the entry budget held more code links than it took."""
    found = dict.fromkeys(find_urls(line, schemeless=True))
    return any(
        names_code_host(u, hosts) and resolve_link(u, hosts).kind in CODE_HOST_KINDS for u in found
    )


def _in_block(line: str, stripped: str, gap: bool) -> bool:
    """Whether a line (`stripped`, without its blanks) belongs to the open paper block: its
    paragraph (authors, venue, links on lines of their own), then, past blank lines, only list
    items (`- Code: url`) and their indented lines; anything else, or a table row, ends it."""
    if stripped.startswith("|"):
        return False
    return not stripped or not gap or line[:1] in " \t" or is_item(line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
