"""A digest without tables: bullet-list items are papers; elsewhere each code link is one entry.

List items (items.py) give one entry each, links or not; any other line gives one entry per
code-host link (or link labelled code), titled by its label or else by the section.
"""

from __future__ import annotations

import heapq
import re
from itertools import islice

from repro_audit.models import DigestEntry, DigestProblem, FoundLink, LinkOrigin
from repro_audit.reading import limits
from repro_audit.reading.finding import CODE_HOST_KINDS, CODEY_LABEL, arxiv, link_end
from repro_audit.reading.items import (
    BOLD_LINE,
    ITEM,
    is_item,
    is_paper_item,
    names_paper,
    read_item,
)
from repro_audit.reading.lines import FENCE, closes, heading, iter_lines, plain
from repro_audit.reading.links import (
    DEFAULT_GITHUB_HOSTS,
    find_urls,
    markup_spans,
    names_code_host,
    normalise_url,
    resolve_link,
    unescape_url,
)
from repro_audit.reading.typed import Where

# `[12]Mapping Degeneration Meets...<br>`: a numbered paper, its links on the lines below
# (not `[12](url)`, a link, nor `[12]: url`, a reference definition)
_NUMBERED = re.compile(r" {0,3}\[\d{1,5}\](?![(:\[])[ \t]*[^\s\[]")
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
    (a digest that has tables too) only the list items. Prose lines give entries only in a
    digest without any paper item: beside papers they are the list's own notes and links."""
    entries: list[DigestEntry] = []
    loose: list[DigestEntry] = []  # one per code link of a prose line, kept if no item is found
    claimed: list[DigestEntry] = []  # those of them the line claims as code: kept beside items
    section, fence = "", ""
    item: list[tuple[int, str]] = []  # the open list item's lines, or the open paper block's
    items = kept = 0
    block = gap = False  # whether `item` is a bold-titled paper block; a blank line seen in it
    lazy = False  # whether the line before belongs to the open list item (no blank between)
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
        if len(entries) + len(loose) >= max_entries and line.strip():
            problems.append(DigestProblem(number, limits.entry_limit(number)))
            return _kept(entries, loose, claimed, items), items
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
        elif (stripped.startswith(("**", "__")) and BOLD_LINE.fullmatch(line) is not None) or (
            stripped.startswith("[") and _NUMBERED.match(line) is not None
        ):
            # `**Title**` alone on its line, or `[12]Title<br>`, opens a paper block
            close_item()
            item.append((number, line))
            block, gap = True, False
            continue
        elif block and _in_block(line, stripped, gap):
            gap = gap or not stripped
            if stripped:
                item.append((number, line))
            continue
        elif is_item(line) and not (item and _nested(line, item)):
            close_item()
            item.append((number, line))
            lazy = True
            continue
        elif item and stripped and (line[:1] in " \t" or (lazy and not stripped.startswith("|"))):
            item.append((number, line))  # a wrapped, nested or lazily continued line
            continue
        else:
            close_item()
        lazy = False
        if "." in line and not items_only:
            _prose_line(line, number, section, source, loose, hosts, claimed)
            if len(entries) + len(loose) >= max_entries and _more_links(line, hosts):
                problems.append(DigestProblem(number, limits.entry_limit(number)))
                return _kept(entries, loose, claimed, items), items
    close_item()
    return _kept(entries, loose, claimed, items), items


def _kept(
    entries: list[DigestEntry], loose: list[DigestEntry], claimed: list[DigestEntry], items: int
) -> list[DigestEntry]:
    """Without paper items, every prose code link is an entry; beside them, only those a line
    claims as code (`[Code](url) for the paper`, `git clone url`), not the list's own links."""
    if not items:
        return loose
    if not claimed:
        return entries
    return list(heapq.merge(entries, claimed, key=lambda entry: entry.line))


def _prose_line(
    line: str,
    number: int,
    section: str,
    source: str,
    entries: list[DigestEntry],
    hosts: frozenset[str],
    claimed: list[DigestEntry],
) -> None:
    """One entry per code link on a line that is no list item; those the line claims as code
    (a link labelled code, a git address) go to `claimed` too. An image is never a code link."""
    named: dict[str, str] = {}
    images: set[str] = set()  # `![badge](src)`, `![figure](github.com/o/r/assets/...)`
    for at, label, dest in markup_spans(line) if "](" in line or "<a" in line else ():
        if at > 0 and line[at - 1] == "!":
            images.add(normalise_url(dest))
        else:
            named.setdefault(unescape_url(normalise_url(dest)), plain(label))
    found: dict[str, str] = {}  # each URL as shown (`my\_repo` is `my_repo`): as written
    for written in find_urls(line, schemeless=True):  # resolved lazily, up to the limit
        written = link_end(written, named) if named and ")" in written else written
        if written not in images:
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
        if CODEY_LABEL.search(label) or url.lower().rstrip("/").endswith(".git"):
            claimed.append(entries[-1])


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


def _nested(line: str, item: list[tuple[int, str]]) -> bool:
    """Whether a list-item line belongs to the open item: indented to the item's text (one
    space, ` * x` under `* y`, is a sibling), and not a paper of its own under a heading
    item that links nowhere (`* Datasets` then `  * [Title](paper) [code](url)`)."""
    opening = item[0][1]
    marker = ITEM.match(opening)
    if _indent(line) < (marker.end() if marker else _indent(opening) + 1):
        return False
    return is_paper_item(item) or not names_paper(line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))
