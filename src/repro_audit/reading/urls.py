"""Find URLs and markup links in text: the one rule for the whole tool of where a link ends.

Split from links.py (which says what a URL points at). Every search here runs in time linear in
the text: URLs are found by jumping between colons, host names by jumping between dots, and each
regular expression's repeated groups start with their own literal.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from repro_audit.reading.sites import CODE_HOSTS

__all__ = ["find_urls", "markup_links", "markup_spans", "normalise_url", "unescape_url"]

# Kept when stripping a URL's trailing punctuation only while it closes an opener inside the URL.
_CLOSERS: dict[str, str] = {")": "(", "]": "[", ">": "<", "}": "{"}
# ASCII and typographic sentence marks, plus the full-width ones of CJK abstracts.
_TRAILING_PUNCTUATION = frozenset(
    ".,;:!?*~\"'`\u2019\u201d\u00bb\u3001\u3002\uff09\uff0c\uff1a\uff1b\uff01\uff1f"
)
_LEADING_WRAPPERS = frozenset("<([{\"'`\u2018\u201c\u00ab")

_MAX_SCHEME = 32
_URL_TAIL = re.compile(r"[^\s<>\"'`\[\]|\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f]*")
_MENTIONED_HOSTS: tuple[str, ...] = ("github.com", "github.io", *CODE_HOSTS)
_HOST_MENTION = re.compile("|".join(map(re.escape, _MENTIONED_HOSTS)), re.IGNORECASE)
# Each host name's dot and the two characters after it: text without any of them names no host.
_HOST_HINTS = sorted({host[host.find(".") :][:3] for host in _MENTIONED_HOSTS})
_HOSTS_BY_HINT: dict[str, tuple[tuple[str, int], ...]] = {
    hint: tuple((h, h.find(".")) for h in _MENTIONED_HOSTS if h[h.find(".") :].startswith(hint))
    for hint in _HOST_HINTS
}
# The hints in any ASCII case behind one literal `.`, which the regex engine finds by jumping
# between dots, so long prose needs neither a lower-cased copy nor a step per character.
_ANY_CASE = ["".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in h[1:]) for h in _HOST_HINTS]
_HOST_HINT = re.compile(r"\.(?:" + "|".join(_ANY_CASE) + ")")
# A label is runs of plain characters between `\x` escapes and `[nested]` brackets, matched per run.
# At most 64 of those: every `[` of `[\[\[\[...` starts a try that would otherwise run to the
# end of the text, quadratic in its length (20,000 characters took 9 s). Every run is possessive
# (`*+`): what follows it starts with a character it excludes, so giving characters back can never
# make a match, and not trying saves most of the time (3.2 to 1.4 us on a list item's two links).
_MD_LINK = re.compile(
    r"\[([^\[\]\\]*+(?:(?:\\.|\[[^\[\]]*+\])[^\[\]\\]*+){0,64}+)\]\("
    r"\s*+<?([^\s()<>]*+(?:\([^\s()]*+\))?)"
)
# The label stops at the next `<a` or `</a`: an anchor left open then fails there, so a line of
# unclosed anchors costs linear time instead of one scan to the end of the text per anchor.
_HTML_LINK = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*[\"']([^\"']*)[\"'][^<>]*>((?:(?!</?a\b).)*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)


def normalise_url(url: str) -> str:
    """Cut a URL out of the prose around it: `<>`, quotes, whitespace and sentence punctuation.

    One rule for the whole tool, so the reader and the resolver agree on what a link is; a
    closing bracket is kept only when the URL itself opened it (Wikipedia-style `_(x)` paths).
    """
    s = url.strip()
    while s and s[0] in _LEADING_WRAPPERS:
        s = s[1:].lstrip()
    if not s or (s[-1] not in _TRAILING_PUNCTUATION and s[-1] not in _CLOSERS):
        return s  # nothing to cut (`strip` left no space at the end): the common case
    if s[-1] == ")" and "(" not in s:  # the next most common: a markdown link's `)`
        s = s.rstrip(")")  # the loop below would cut each of them too, the URL opening none
        last = s[-1:]
        if not last or (
            last not in _TRAILING_PUNCTUATION and last not in _CLOSERS and not last.isspace()
        ):
            return s  # a character the loop would stop at
    surplus: dict[str, int] = {}  # closers left in the URL minus their openers, once counted
    end = len(s)
    while end > 0:
        last = s[end - 1]
        if last in _TRAILING_PUNCTUATION or last.isspace():
            end -= 1
        elif last in _CLOSERS:
            if last not in surplus:
                surplus[last] = s.count(last) - s.count(_CLOSERS[last])
            if surplus[last] <= 0:
                break
            surplus[last] -= 1
            end -= 1
        else:
            break
    return s[:end]


# A backslash before ASCII punctuation: markdown's escape (`my\_repo` shows `my_repo`), and
# LaTeX's for `_`, `&`, `%`, `#`, `~` (arXiv abstracts write `github.com/o/my\_repo`).
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_url(url: str) -> str:
    """A URL as the page shows it: `https://github.com/o/my\\_repo` is `.../my_repo`."""
    return _ESCAPED.sub(r"\1", url) if "\\" in url else url


def find_urls(text: str, *, schemeless: bool = False) -> list[str]:
    """Every URL written in `text`, in order, each cut by `normalise_url`.

    Works on raw markdown and HTML alike: a URL stops at whitespace, `<`, `>`, quotes, `[`, `]`
    and `|`, so `[x](url)`, `<url>` and `href="url"` all yield just the URL. With `schemeless`,
    code-host mentions without a scheme (`github.com/o/r`, common in arXiv abstracts) are found
    too and get `https://`. Scans forward from each `://`, so long prose costs one pass.
    """
    found: list[tuple[int, str]] = []
    mark = _scheme_mark(text, 0)
    while mark != -1:
        window = text[max(0, mark - _MAX_SCHEME) : mark]  # the scheme, if any
        start = mark - (len(window) - len(window.rstrip(_SCHEME_CHARS)))
        while start < mark and not text[start].isalpha():
            start += 1
        end = _url_end(text, mark + 3) if start < mark else mark + 3
        glued = text.find(")(", mark + 3, end) if end > mark + 3 else -1
        if glued != -1 and text.find("://", glued, end) != -1:
            end = glued + 1  # `[Title](https://a.org/x)(https://b.github.io/)`: two links
        if start < mark and end > mark + 3:
            url = normalise_url(text[start:end].replace("&amp;", "&"))
            if len(url) > mark + 3 - start:
                found.append((start, url))
        mark = _scheme_mark(text, end)
    taken = [(start, start + len(url)) for start, url in found]
    mentions = _schemeless_mentions(text, taken) if schemeless and "." in text else []
    if mentions:  # hosts have dots
        found += [
            (start, url)
            for start, url in mentions
            if not any(a <= start < b for a, b in taken)  # e.g. `?next=github.com/o/r` inside
        ]
        found.sort(key=lambda item: item[0])
    return [url for _, url in found]


def markup_links(text: str) -> list[tuple[str, str]]:
    """(label, destination) of each `[label](dest)` and `<a href="dest">label</a>`, in order.

    The label is returned as written (markup included); nested brackets one level deep, as in
    `[[Re] A study](url)`, and one pair of parentheses in the destination are understood.
    """
    return [(label, dest) for _, label, dest in markup_spans(text)]


def markup_spans(text: str) -> list[tuple[int, str, str]]:
    """`markup_links` with where each starts (its `[` or `<a`), so a caller can tell images."""
    found = [(m.start(), m.group(1), m.group(2).strip()) for m in _MD_LINK.finditer(text)]
    if "<" in text:  # no tag, no anchor: skip that search (and the sort, the order is kept)
        found += [(m.start(), m.group(2), m.group(1).strip()) for m in _HTML_LINK.finditer(text)]
        found.sort()
    return found


def _scheme_mark(text: str, start: int) -> int:
    """The next `://` from `start`, found by jumping from colon to colon: a one-character search
    runs as memchr, many times faster over long prose than a search for three characters."""
    at = text.find(":", start)
    while at != -1 and not text.startswith("//", at + 1):
        at = text.find(":", at + 1)
    return at


def _url_end(text: str, start: int) -> int:
    match = _URL_TAIL.match(text, start)
    return match.end() if match is not None else start


_SCHEME_CHARS = string.ascii_letters + string.digits + "+.-"


def _host_positions(text: str, gaps: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(start, end) of every code-host name in `text`, case-insensitive, found lazily: a line of
    host names repeated must not become a list as long as itself (40 MB of `github.io.` took
    2.4 GB when every step was held).

    Each host's first dot and the two characters after it are a hint; the hints are found by one
    regex behind a literal `.` (no lower-cased copy of ASCII text), and only at a hint is a host
    compared: long abstracts were the slowest part of reading a digest. Falls back to the full
    regex when lower-casing moved positions (it also takes the dotless i, U+0131, for `i`).

    Only the `gaps` (start, end) between URLs already found are searched: a host inside one of
    those URLs is never a mention of its own, and list items are mostly URLs.
    """
    source = text
    if not text.isascii():  # isascii costs nothing
        source = text.lower()
        if len(source) != len(text):
            for start, end in gaps:
                yield from (match.span() for match in _HOST_MENTION.finditer(text, start, end))
            return
    for start, end in gaps:
        for hint in _HOST_HINT.finditer(source, start, end):
            dot = hint.start()
            spans = [
                (dot - offset, dot - offset + len(host))
                for host, offset in _HOSTS_BY_HINT[hint.group().lower()]
                if dot - offset >= start
                and source[dot - offset : dot - offset + len(host)].lower() == host
            ]
            yield from sorted(spans) if len(spans) > 1 else spans


def _gaps(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of `text` outside the sorted spans `taken`: a URL is passed over only
    when no host name can reach into it from before (`_within`), i.e. it starts the text or
    follows a character that is not a host name's."""
    gaps, at, length = [], 0, len(text)
    for start, end in taken:
        if start > 0 and _is_host_char(text[start - 1]):
            continue  # `-lab.github.io.-https://...`: searched like the text around it
        if start > at:
            gaps.append((at, start))
        at = max(at, end)
    if at < length:
        gaps.append((at, length))
    return gaps


def _schemeless_mentions(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """`github.com/o/r` or `user.github.io` written without a scheme, as `https://` URLs; a host
    inside a URL of `taken` (sorted spans) is skipped at once, as the caller would drop it."""
    found: list[tuple[int, str]] = []
    inside = run_end = 0
    for host_start, host_end in _host_positions(text, _gaps(text, taken)):
        if host_end < run_end:
            continue  # inside a host name read on to its end already
        while inside < len(taken) and taken[inside][1] <= host_start:
            inside += 1
        if inside < len(taken) and _within(text, taken[inside][0], host_start):
            continue
        end = host_end
        if end < len(text) and _is_host_char(text[end]) and text[end] != ".":
            continue  # github.company, gitlab.com-mirror, ...
        if text[end : end + 1] == "." and text[end + 1 : end + 2].isalnum():
            # the name goes on (lab.github.io.example.org): it is read where it ends, and the
            # host names inside it are passed at once
            run_end = end + len(_host_run(text, end))
            continue
        window = text[max(0, host_start - 253) : host_start]  # the subdomain, if any
        start = host_start - (len(window) - len(window.rstrip(_HOST_CHARS)))
        if start > 0 and text[start - 1] in "/@:_\\":
            continue  # part of a URL with a scheme, an e-mail address or a longer name
        if text.startswith("/", end) and end + 1 < len(text):
            end = _url_end(text, end)
        elif not text[host_start:host_end].lower().endswith("github.io"):
            continue  # a bare host name in prose is not a link to anything in particular
        url = normalise_url("https://" + text[start:end].replace("&amp;", "&"))
        if url.count("/") > 2 or url.lower().endswith(".github.io"):
            found.append((start, url))
    return found


_HOST_CHARS = string.ascii_letters + string.digits + ".-"
_HOST_RUN = re.compile(r"[A-Za-z0-9.-]*")


def _host_run(text: str, start: int) -> str:
    """The host characters from `start` on, without the sentence's closing dots."""
    match = _HOST_RUN.match(text, start)
    return match.group().rstrip(".") if match else ""


def _within(text: str, url_start: int, host_start: int) -> bool:
    """Whether a mention of a host at `host_start` starts inside the URL found at `url_start`:
    so when the host chars it reaches back over cannot pass the URL's start."""
    return url_start <= host_start and (url_start == 0 or not _is_host_char(text[url_start - 1]))


def _is_host_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-")
