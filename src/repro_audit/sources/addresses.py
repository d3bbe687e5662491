"""Which hosts name this machine or its private network, the targets a digest must never reach.

A digest is untrusted and the scheduled audit runs inside someone's network with a token, so a
link to `http://169.254.169.254/` (cloud metadata), `http://127.1:8080/admin` or a public name
pointed at 10.0.0.5 must not become a request. Host names are judged the way curl and the C
library read them: `127.1`, `0x7f.0.0.1` and `2130706433` are all 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from collections.abc import Callable, Sequence
from typing import TypeAlias
from urllib.parse import unquote

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver: TypeAlias = Callable[[str], Sequence[str]]
"""host name -> the addresses it resolves to now (empty when it does not resolve)."""

# Dotted IPv4 in the C library's wider syntax: 1 to 4 parts, each decimal, octal or hex.
_IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_PLAIN_HOST = re.compile(r"[\w.-]+")  # letters and digits of any script: IDNA maps the rest
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?")


def host_address(host: str) -> IPAddress | None:
    """The IP address a URL's (lower-case) host spells, or None when it is a name."""
    bare = host.strip("[]").split("%", 1)[0]  # an IPv6 zone (`fe80::1%eth0`) is not the address
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(bare) is None:
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare.rstrip(".")))
    except OSError:
        return None


def address_kind(address: IPAddress) -> str | None:
    """ "loopback", "link-local", "private" or "non-public" for an address a link may not reach;
    None for a public one. IPv6 forms that carry an IPv4 address are judged by that address."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour
        if inner is not None:
            return address_kind(inner)
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private:
        return "private"
    if address.is_multicast or address.is_unspecified or not address.is_global:
        return "non-public"
    return None


def local_host_refusal(host: str) -> str | None:
    """Why `host` names this machine or a private network, from its spelling alone (pure).

    Judged as written and as an HTTP client will send it: percent-decoded (`%31%32%37.0.0.1`)
    and IDNA-mapped (127.0.0.1 in full-width digits): requests sends both as 127.0.0.1.
    """
    for name in _spellings(host):
        if name.rstrip(".") == "localhost" or name.rstrip(".").endswith(".localhost"):
            return f"{host} is a loopback name"
        address = host_address(name)
        kind = None if address is None else address_kind(address)
        if kind is not None:
            return f"{host} is a {kind} address"
    return None


def _spellings(host: str) -> tuple[str, ...]:
    decoded = unquote(host)
    mapped = unicodedata.normalize("NFKC", decoded).translate(_IDNA_DOTS).lower()
    return tuple(dict.fromkeys((host, decoded, mapped)))


def odd_host(host: str) -> str | None:
    """Why a URL's host is not a plain name or address: `%`, `\\` and the like make parsers
    disagree on where a request goes (urllib splits `127.0.0.1\\` one way, requests another)."""
    if _PLAIN_HOST.fullmatch(host) or host_address(host) is not None:
        return None
    return f"host '{host}' holds characters a host name cannot have"


def system_addresses(host: str) -> tuple[str, ...]:
    """What the system resolver says `host` is now; () when it cannot say (I/O: asks DNS)."""
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(dict.fromkeys(str(item[4][0]) for item in found))


def resolved_host_refusal(host: str, resolve: Resolver) -> str | None:
    """Why a host *name* must not be contacted: it resolves to a loopback, private or
    link-local address (a public name pointed inwards). Literal addresses are left to
    `local_host_refusal`; a name that does not resolve is left to the request to report."""
    if host_address(host) is not None:
        return None
    for text in resolve(host):
        address = host_address(text.lower())
        kind = None if address is None else address_kind(address)
        if kind is not None:
            return f"{host} resolves to {text}, a {kind} address"
    return None
