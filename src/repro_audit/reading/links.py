"""Turn a URL into a GitHub repository reference, or say plainly why it is not one.

Pure string work, no network: the auditor must know which repository a digest means before it
spends any request on it, and a wrong guess (a user page, a look-alike host, a credentials trick)
would audit the wrong thing. So every path that is not unmistakably `host/owner/name` on a known
GitHub host ends as another `LinkKind` with a reason a reader can act on.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from repro_audit.models import LinkKind, RepoRef, ResolvedLink
from repro_audit.reading.sites import CODE_HOSTS, hugging_face, pages, raw_file
from repro_audit.reading.sites import OWNER as _OWNER
from repro_audit.reading.sites import REPO_NAME as _REPO_NAME
from repro_audit.reading.urls import (
    find_urls,
    markup_links,
    markup_spans,
    normalise_url,
    unescape_url,
)

__all__ = [
    "CODE_HOSTS",
    "DEFAULT_GITHUB_HOSTS",
    "find_urls",
    "markup_links",
    "markup_spans",
    "names_code_host",
    "normalise_url",
    "resolve_link",
    "unescape_url",
]

DEFAULT_GITHUB_HOSTS: frozenset[str] = frozenset({"github.com"})

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
