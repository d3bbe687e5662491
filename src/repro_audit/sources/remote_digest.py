"""A digest that lives on GitHub, named by its web URL: read through the contents API.

`https://github.com/OWNER/REPO/blob/REF/PATH` becomes `GET /repos/OWNER/REPO/contents/PATH?ref=REF`
with the raw media type, sent to the configured API host only (with the token when there is one);
redirects are not followed, so the token cannot travel elsewhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.sources.endpoints import Endpoints
from repro_audit.sources.reachability import Unreachable, unreachable_reason

if TYPE_CHECKING:
    import requests
else:
    requests = lazy("requests")

MAX_BYTES = 50 * 1024 * 1024
_BLOB = re.compile(r"^/(?P<owner>[^/]+)/(?P<repo>[^/]+)/(?:blob|raw)/(?P<ref>[^/]+)/(?P<path>.+)$")


class RemoteDigestError(Exception):
    """The URL names no file on GitHub, or GitHub would not give it: one line, exit code 3."""


def is_remote(name: str) -> bool:
    """True for an http(s) URL given where a digest file is expected."""
    return name.startswith(("https://", "http://"))


def fetch_digest(url: str, endpoints: Endpoints, timeout: float) -> bytes:
    """The bytes of the file a GitHub blob URL names."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    match = _BLOB.match(parts.path)
    if host not in endpoints.github_hosts or match is None:
        raise RemoteDigestError(
            f"{url}: not a GitHub file URL (https://{endpoints.server_host}/OWNER/REPO/blob/REF/PATH)"
        )
    owner, repo, ref, path = (match.group(name) for name in ("owner", "repo", "ref", "path"))
    api = (
        f"{endpoints.api_url}/repos/{quote(owner, safe='')}/{quote(repo, safe='')}"
        f"/contents/{quote(path)}?ref={quote(ref, safe='')}"
    )
    headers = {"Accept": "application/vnd.github.raw", "User-Agent": f"repro-audit/{__version__}"}
    if endpoints.token:
        headers["Authorization"] = f"token {endpoints.token}"
    try:
        response = requests.get(api, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.RequestException as error:
        reason = unreachable_reason(error)
        if reason is not None:
            raise Unreachable(endpoints.api_url, reason) from None
        raise RemoteDigestError(f"{url}: GitHub did not answer ({type(error).__name__})") from None
    if response.status_code == 404:
        raise RemoteDigestError(f"{url}: no such file on GitHub (404)")
    if response.status_code != 200:
        raise RemoteDigestError(f"{url}: GitHub answered HTTP {response.status_code}")
    if len(response.content) > MAX_BYTES:
        raise RemoteDigestError(f"{url}: larger than the {MAX_BYTES} byte limit")
    return response.content
