"""A digest without tables: each code-host link (or link called "code") is one entry."""

from __future__ import annotations

import re
from itertools import islice

from repro_audit.models import DigestEntry, DigestProblem, FoundLink, LinkOrigin
from repro_audit.reading import limits
from repro_audit.reading.finding import CODE_KINDS, arxiv
from repro_audit.reading.lines import FENCE, closes, heading, iter_lines, plain
from repro_audit.reading.links import find_urls, markup_links, normalise_url, resolve_link

_CODEY_TEXT = re.compile(r"\b(?:code|codes|github|repo|repository|implementation)\b", re.I)
_GENERIC_LABEL = re.compile(  # link texts that say nothing about which paper it is
    r"(?:[\W_]|code|codes|links?|github|repo|repository|here|source|official|implementation|our"
    r"|the|project|page|website|homepage|available|at|on|is)*",
    re.IGNORECASE,
)


def read_prose(text: str, source: str, problems: list[DigestProblem]) -> list[DigestEntry]:
    """One entry per code link in the prose, titled by its label (or the section)."""
    entries: list[DigestEntry] = []
    section, fence = "", ""
    max_entries = limits.MAX_ENTRIES
    for number, line in iter_lines(text):
        stripped = line.strip()
        if fence:
            fence = "" if closes(fence, stripped) else fence
        elif (fence_match := FENCE.match(line)) is not None:
            fence = fence_match.group(1)
        elif (title := heading(line)) is not None:
            section = title
            continue
        if "." not in line:
            continue
        named: dict[str, str] = {}
        for label, dest in markup_links(line):
            named.setdefault(normalise_url(dest), plain(label))
        found = dict.fromkeys(find_urls(line, schemeless=True))  # resolved lazily, up to the limit
        room = max_entries - len(entries) + 1
        urls = list(islice((u for u in found if resolve_link(u).kind in CODE_KINDS), room))
        urls += [u for u, label in named.items() if "://" in u and _CODEY_TEXT.search(label)]
        arxiv_id, version = arxiv(line)
        for url in dict.fromkeys(urls):
            if len(entries) >= max_entries:
                problems.append(DigestProblem(number, limits.entry_limit(number)))
                return entries
            label = named.get(url, "")
            generic = "://" in label or _GENERIC_LABEL.fullmatch(label) is not None
            entries.append(DigestEntry(
                source=source, line=number, section=section, title=section if generic else label,
                arxiv_id=arxiv_id, arxiv_version=version,
                code_links=(FoundLink(url, LinkOrigin.TEXT, number),),
            ))  # fmt: skip
    return entries
