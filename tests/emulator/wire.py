"""The request and reply values passed between the HTTP handler and the faces of GitHub.

Handlers are plain functions `Call -> Reply`, so they never touch a socket and the server owns
all I/O, timing and fault injection.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import parse_qs, urlencode

DOCS = "https://docs.github.com/rest"
JSON_TYPE = "application/json; charset=utf-8"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Call:
    """One parsed HTTP request; `token` is the credential presented, if any (never logged)."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    token: str | None

    @property
    def params(self) -> dict[str, str]:
        """Query parameters, first value of each."""
        return {k: v[0] for k, v in parse_qs(self.query, keep_blank_values=True).items()}

    def header(self, name: str) -> str:
        """A request header by case-insensitive name, or ""."""
        return self.headers.get(name.lower(), "")


@dataclass(frozen=True, slots=True)
class Reply:
    """One HTTP answer; `aliases` feeds the request record of GraphQL calls."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    aliases: int = 0
    operation: str = ""  # the GraphQL operation's name, for request records

    def with_headers(self, extra: Mapping[str, str]) -> Reply:
        """A copy with more headers (later values win)."""
        return replace(self, headers={**self.headers, **extra})


def json_reply(status: int, payload: object, headers: Mapping[str, str] | None = None) -> Reply:
    """A JSON answer in GitHub's compact encoding."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return Reply(status, body, {"Content-Type": JSON_TYPE, **(headers or {})})


def error_reply(status: int, message: str, doc: str = DOCS, **extra: object) -> Reply:
    """GitHub's REST error body: message, documentation_url, status (as a string)."""
    return json_reply(
        status, {"message": message, **extra, "documentation_url": doc, "status": str(status)}
    )


def not_found(doc: str = DOCS) -> Reply:
    """The 404 GitHub gives for missing, deleted and private repositories alike."""
    return error_reply(404, "Not Found", doc)


def html_reply(
    status: int, title: str, text: str, headers: Mapping[str, str] | None = None
) -> Reply:
    """A small web page."""
    page = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n"
    )
    return Reply(
        status, page.encode(), {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
    )


def text_reply(status: int, text: str) -> Reply:
    """A plain-text answer, as git clients get them."""
    return Reply(status, text.encode(), {"Content-Type": "text/plain; charset=utf-8"})


def etag_of(body: bytes) -> str:
    """A weak validator that stays the same as long as the answer does."""
    return f'W/"{hashlib.sha256(body).hexdigest()}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison against a comma-separated If-None-Match list."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or wanted in tags


def b64_lines(data: bytes) -> str:
    """Base64 wrapped at 60 characters, like the contents API."""
    flat = base64.b64encode(data).decode()
    return "".join(flat[i : i + 60] + "\n" for i in range(0, len(flat), 60))


def node_id(prefix: str, text: str) -> str:
    """A legacy-style GitHub global id such as `MDEwOlJlcG9zaXRvcnkx`."""
    raw = f"{len(prefix):02d}:{prefix}{text}".encode()
    return base64.b64encode(raw).decode().rstrip("=")


def fault_body(status: int, *, graphql: bool) -> dict[str, object]:
    """What GitHub sends on a 5xx or a secondary rate limit."""
    if status in (403, 429):
        return {
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes before "
            "you try again.",
            "documentation_url": "https://docs.github.com/rest/using-the-rest-api/"
            "rate-limits-for-the-rest-api#about-secondary-rate-limits",
        }
    if status == 502 and graphql:
        message = (
            "We couldn't respond to your request in time. Sorry about that. Please try "
            "resubmitting your request and contact us if the problem persists."
        )
    elif status == 503:
        message = "Service Unavailable"
    elif status >= 500:
        message = "Server Error"
    else:
        message = HTTPStatus(status).phrase
    return {"message": message, "documentation_url": DOCS}


def paginate(call: Call, server_url: str, items: list[T]) -> tuple[list[T], dict[str, str]]:
    """One page of `items` and GitHub's `Link` header (next/last/prev/first) when there are more."""
    params = call.params
    per_page = min(100, max(1, _int(params.get("per_page"), 30)))
    page = max(1, _int(params.get("page"), 1))
    last = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]

    def link(number: int, rel: str) -> str:
        query = urlencode({**params, "per_page": str(per_page), "page": str(number)})
        return f'<{server_url}{call.path}?{query}>; rel="{rel}"'

    links = []
    if page > 1:
        links += [link(page - 1, "prev"), link(1, "first")]
    if page < last:
        links += [link(page + 1, "next"), link(last, "last")]
    return chunk, ({"Link": ", ".join(links)} if links else {})


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
