"""Turn a URL into a GitHub repository reference, or say plainly why it is not one.

Pure string work, no network: the auditor must know which repository a digest means before it
spends any request on it, and a wrong guess (a user page, a look-alike host, a credentials trick)
would audit the wrong thing. So every path that is not unmistakably `host/owner/name` on a known
GitHub host ends as another `LinkKind` with a reason a reader can act on.
"""

from __future__ import annotations

import functools
import re
import string
import unicodedata

from repro_audit.models import LinkKind, RepoRef, ResolvedLink
from repro_audit.reading.sites import OWNER as _OWNER
from repro_audit.reading.sites import REPO_NAME as _REPO_NAME
from repro_audit.reading.sites import hugging_face, pages, raw_file

__all__ = [
    "CODE_HOSTS",
    "DEFAULT_GITHUB_HOSTS",
    "find_urls",
    "markup_links",
    "markup_spans",
    "names_code_host",
    "normalise_url",
    "resolve_link",
]

DEFAULT_GITHUB_HOSTS: frozenset[str] = frozenset({"github.com"})

# Code hosts other than GitHub; a subdomain of one counts as that host.
CODE_HOSTS: tuple[str, ...] = (
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
    "huggingface.co",
    "anonymous.4open.science",
    "sourceforge.net",
)

# First path segments GitHub keeps for its own pages, so they can never be a user or an org.
_RESERVED_WORDS = """
about account apps blog business codespaces collections contact copilot customer-stories
dashboard discussions downloads education enterprise enterprises events explore features
github-copilot home issues join login logout marketplace mobile new nonprofit notifications
open-source organizations orgs password_reset premium-support pricing pulls readme resources
search security sessions settings signup site sitemap solutions sponsors stars team teams
topics trending users watching
"""
_RESERVED_SEGMENTS: frozenset[str] = frozenset(_RESERVED_WORDS.split())

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
# end of the text, quadratic in its length (20,000 characters took 9 s).
_MD_LINK = re.compile(
    r"\[([^\[\]\\]*(?:(?:\\.|\[[^\[\]]*\])[^\[\]\\]*){0,64})\]\(\s*<?([^\s()<>]*(?:\([^\s()]*\))?)"
)
# The label stops at the next `<a` or `</a`: an anchor left open then fails there, so a line of
# unclosed anchors costs linear time instead of one scan to the end of the text per anchor.
_HTML_LINK = re.compile(
    r"<a\b[^<>]*?\bhref\s*=\s*[\"']([^\"']*)[\"'][^<>]*>((?:(?!</?a\b).)*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SPACE = re.compile(r"\s")  # str.isspace's characters, searched in C rather than char by char
_HOST_LABELS = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_IPV6 = re.compile(r"\[[0-9a-f:.]+\]")
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
# Cyrillic and Greek letters that look like Latin ones, which NFKD leaves alone (g\u0456thub).
_CONFUSABLES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u04bb\u0501\u0455\u051b\u051d"
    "\u03bf\u03b1\u03b9\u03bd\u03ba\u03c1",
    "aeopcxyijhdsqwoaivkp",
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


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


def _host_positions(text: str) -> list[tuple[int, int]]:
    """(start, end) of every code-host name in `text`, case-insensitive.

    Each host's first dot and the two characters after it are a hint; the hints are found by one
    regex behind a literal `.` (no lower-cased copy of ASCII text), and only at a hint is a host
    compared: long abstracts were the slowest part of reading a digest. Falls back to the full
    regex when lower-casing moved positions (it also takes the dotless i, U+0131, for `i`).
    """
    source = text
    if not text.isascii():  # isascii costs nothing
        source = text.lower()
        if len(source) != len(text):
            return [match.span() for match in _HOST_MENTION.finditer(text)]
    spans: list[tuple[int, int]] = []
    for hint in _HOST_HINT.finditer(source):
        dot = hint.start()
        for host, offset in _HOSTS_BY_HINT[hint.group().lower()]:
            start = dot - offset
            if start >= 0 and source[start : start + len(host)].lower() == host:
                spans.append((start, start + len(host)))
    spans.sort()
    return spans


def _schemeless_mentions(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """`github.com/o/r` or `user.github.io` written without a scheme, as `https://` URLs; a host
    inside a URL of `taken` (sorted spans) is skipped at once, as the caller would drop it."""
    found: list[tuple[int, str]] = []
    inside = 0
    for host_start, host_end in _host_positions(text):
        while inside < len(taken) and taken[inside][1] <= host_start:
            inside += 1
        if inside < len(taken) and _within(text, taken[inside][0], host_start):
            continue
        end = host_end
        if end < len(text) and _is_host_char(text[end]) and text[end] != ".":
            continue  # github.company, gitlab.com-mirror, ...
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


def _within(text: str, url_start: int, host_start: int) -> bool:
    """Whether a mention of a host at `host_start` starts inside the URL found at `url_start`:
    so when the host chars it reaches back over cannot pass the URL's start."""
    return url_start <= host_start and (url_start == 0 or not _is_host_char(text[url_start - 1]))


def _is_host_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-")


@functools.lru_cache(maxsize=16384)
def resolve_link(url: str, github_hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS) -> ResolvedLink:
    """Say what `url` points at; only a well-formed `owner/name` on a GitHub host is a repo.

    Remembered (pure, and the answer is immutable): a digest repeats popular links, and the
    reader resolves every link it finds once, where it reads it.

    `github_hosts` are lower-case netlocs (`host[:port]`) of GitHub servers, so a GitHub
    Enterprise server (`GITHUB_SERVER_URL`) resolves like github.com.
    """
    clean = normalise_url(url)
    if not clean:
        return ResolvedLink(url=clean, kind=LinkKind.INVALID, reason="empty URL")
    if _SPACE.search(clean):
        return _invalid(clean, "URL contains spaces")
    if "\\" in clean:
        return _invalid(clean, "URL contains a backslash, which browsers read as '/'")
    scheme_match = _SCHEME.match(clean)
    if scheme_match is None:
        if clean.lower().startswith("git@"):
            return _invalid(clean, "SSH clone address, not a web URL")
        return _invalid(clean, "no scheme: a link needs https://")
    scheme = scheme_match.group(1).lower()
    if scheme not in _DEFAULT_PORTS:
        return _invalid(clean, f"unsupported scheme '{scheme}:' (only http and https)")
    rest = clean[scheme_match.end() :]
    if not rest.startswith("//"):
        return _invalid(clean, f"'{scheme}:' is not followed by '//'")
    authority, path = _split_authority(rest[2:])
    if "@" in authority:
        real_host = authority.rsplit("@", 1)[1] or "nothing"
        return _invalid(clean, f"URL carries user info before '@'; its real host is {real_host}")
    netloc_or_reason = _netloc(authority, scheme)
    if netloc_or_reason[1]:
        return _invalid(clean, netloc_or_reason[1])
    netloc = netloc_or_reason[0]
    if not netloc.isascii():
        return _non_ascii_host(clean, netloc, github_hosts)
    if "xn--" in netloc and (shown := _from_punycode(netloc)) != netloc:
        return _non_ascii_host(clean, shown, github_hosts)  # the same look-alikes, in ASCII
    host = netloc.split(":", 1)[0] if not netloc.startswith("[") else netloc
    segments = [part for part in path.split("/") if part]
    if netloc in _known_hosts(github_hosts):
        return _github_path(clean, netloc, segments)
    return _other_host(clean, netloc, host, segments, path)


@functools.lru_cache(maxsize=64)
def _known_hosts(github_hosts: frozenset[str]) -> frozenset[str]:
    return frozenset({"github.com", *(_strip_www(h.lower()) for h in github_hosts)})


@functools.lru_cache(maxsize=64)
def _host_needles(github_hosts: frozenset[str]) -> tuple[str, ...]:
    """Text every URL on a GitHub server or a code host holds, lower-cased: `git` stands for
    github.com, github.io, githubusercontent.com, gitlab, gitee and a path's `.git`."""
    own = (h.lower().partition("]")[0] if h.startswith("[") else h.lower().partition(":")[0]
           for h in github_hosts)  # fmt: skip
    return tuple(dict.fromkeys(("git", "bitbucket", "codeberg", "4open", "sourceforge", *own)))


def names_code_host(url: str, github_hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS) -> bool:
    """Whether `url` can resolve to code or a GitHub page at all: False means `resolve_link`
    would say a web page or an invalid link. A substring test, so the many arXiv and web links
    of a list are never taken apart only to learn they are not code."""
    return any(map(url.lower().__contains__, _host_needles(github_hosts)))  # C calls only


def _invalid(url: str, reason: str) -> ResolvedLink:
    return ResolvedLink(url=url, kind=LinkKind.INVALID, reason=reason)


def _split_authority(after_slashes: str) -> tuple[str, str]:
    """Split `host:port/path?q#f` into the authority and the bare path (query, fragment dropped)."""
    cut = len(after_slashes)
    for mark in "/?#":
        pos = after_slashes.find(mark)
        if pos != -1:
            cut = min(cut, pos)
    authority = after_slashes[:cut]
    path = after_slashes[cut:]
    for mark in "?#":
        pos = path.find(mark)
        if pos != -1:
            path = path[:pos]
    return authority, path


def _strip_www(netloc: str) -> str:
    return netloc[4:] if netloc.startswith("www.") else netloc


def _netloc(authority: str, scheme: str) -> tuple[str, str]:
    """Return (normalised netloc, "") or ("", reason) for an authority without user info."""
    host, port = authority, ""
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            return "", "unclosed '[' in host"
        host, tail = authority[: close + 1], authority[close + 1 :]
        if tail and not tail.startswith(":"):
            return "", f"unexpected text after IPv6 host: '{tail}'"
        port = tail[1:]
    elif ":" in authority:
        host, port = authority.split(":", 1)
    host = host.lower()
    if host.endswith(".") and not host.endswith(".."):
        host = host[:-1]
    if not host:
        return "", "no host"
    if port:
        digits = port.lstrip("0")
        if not (port.isascii() and port.isdigit() and len(digits) <= 5 and int(digits or 0) > 0):
            return "", f"invalid port '{port}'"
        if int(digits) > 65535:
            return "", f"invalid port '{port}'"
        port = digits
        if port == _DEFAULT_PORTS[scheme]:
            port = ""
    if len(host) > 253:
        return "", "host name is too long"
    if host.isascii() and not (_HOST_LABELS.fullmatch(host) or _IPV6.fullmatch(host)):
        return "", f"invalid host '{host}'"
    host = _strip_www(host)
    return (f"{host}:{port}" if port else host), ""


def _fold(text: str) -> str:
    """Map a Unicode host onto the ASCII it imitates (accents dropped, full-width made narrow)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_IDNA_DOTS)).translate(_CONFUSABLES)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _from_punycode(netloc: str) -> str:
    """`xn--gthub-2ta.com` as the reader sees it (`gíthub.com`); unchanged when not valid."""
    host, colon, port = netloc.partition(":")
    try:
        return host.encode("ascii").decode("idna") + colon + port
    except UnicodeError:
        return netloc


def _non_ascii_host(url: str, netloc: str, github_hosts: frozenset[str]) -> ResolvedLink:
    folded = _fold(netloc)
    imitated = [h for h in (*github_hosts, "github.com", "github.io", *CODE_HOSTS) if h in folded]
    if imitated:
        return _invalid(url, f"look-alike host '{netloc}' imitates {imitated[0]}; not trusted")
    return ResolvedLink(
        url=url, kind=LinkKind.WEB, reason=f"web page on internationalised host '{netloc}'"
    )


def _github_path(url: str, netloc: str, segments: list[str]) -> ResolvedLink:
    """Read `owner/name[/subpath]` on a GitHub host, or name the kind of page it is instead."""
    if not segments:
        return _other(url, f"{netloc} home page, not a repository")
    first = segments[0]
    if first.lower() in _RESERVED_SEGMENTS:
        return _other(url, f"GitHub '{first}' page, not a repository")
    if len(segments) == 1:
        if _OWNER.fullmatch(first):
            return _other(url, f"user or organisation page '{first}', not a repository")
        return _other(url, f"'{first}' is not a GitHub user, organisation or repository")
    owner, name = first, segments[1]
    if name.lower().endswith(".git"):
        name = name[:-4]
    if not _OWNER.fullmatch(owner):
        return _other(url, f"'{owner}' is not a valid GitHub owner name")
    if not _REPO_NAME.fullmatch(name) or name in {".", ".."}:
        return _other(url, f"'{segments[1]}' is not a valid GitHub repository name")
    ref = RepoRef(host=netloc, owner=owner, name=name, subpath="/".join(segments[2:]))
    return ResolvedLink(url=url, kind=LinkKind.GITHUB_REPO, repo=ref)


def _other(url: str, reason: str) -> ResolvedLink:
    return ResolvedLink(url=url, kind=LinkKind.GITHUB_OTHER, reason=reason)


def _host_in(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


# Every host the chain below tells apart ends with one of these: others are web pages.
_SPECIAL_SUFFIXES = ("githubusercontent.com", ".github.com", ".github.io", *CODE_HOSTS)


def _other_host(url: str, netloc: str, host: str, segments: list[str], path: str) -> ResolvedLink:
    """Classify a link whose host is not one of the GitHub servers."""
    if not host.endswith(_SPECIAL_SUFFIXES) and not path.lower().rstrip("/").endswith(".git"):
        return ResolvedLink(url=url, kind=LinkKind.WEB, reason=f"web page on {netloc}")
    if host == "gist.github.com":
        return _other(url, "gist, not a repository")
    if host == "raw.githubusercontent.com":
        return raw_file(url, segments)
    if _host_in(host, "githubusercontent.com"):
        return _other(url, f"file served from {host}, not a repository")
    if host.endswith(".github.com"):
        return _other(url, f"GitHub service page on {host}, not a repository")
    if host.endswith(".github.io"):
        return pages(url, host, segments)
    if _host_in(host, "huggingface.co"):
        return hugging_face(url, segments)
    for code_host in CODE_HOSTS:
        if _host_in(host, code_host):
            return ResolvedLink(
                url=url, kind=LinkKind.OTHER_HOST, reason=f"code on {code_host}, not GitHub"
            )
    if path.lower().rstrip("/").endswith(".git"):
        return ResolvedLink(
            url=url, kind=LinkKind.OTHER_HOST, reason=f"git repository on {netloc}, not GitHub"
        )
    return ResolvedLink(url=url, kind=LinkKind.WEB, reason=f"web page on {netloc}")
