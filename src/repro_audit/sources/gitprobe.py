"""Re-observing a dead link without spending API budget: git's smart-HTTP ref discovery.

A repository GitHub called missing within the cache age is asked again every run (the flake
policy counts one real observation per run), but not through the API: `GET
{repo}.git/info/refs?service=git-upload-pack` is what `git ls-remote` sends first, and git
traffic is not counted against the REST or GraphQL limits. GitHub answers 401 (anonymous) or
404 for a repository that is gone or private; both are dead to a digest's reader. Anything
else (it answers, it redirects after a rename, 5xx, a timeout) proves nothing, and the caller
asks the API as if nothing had been cached. The token is never sent.
"""

from __future__ import annotations

from enum import Enum

import urllib3

from repro_audit.sources.web import USER_AGENT

GONE_STATUSES = {401: "asks for credentials", 404: "not found"}
GONE_BODY_LIMIT = 64 * 1024  # a 401/404 body is a line of text; read it so the connection is reused


class Probe(str, Enum):
    """What one discovery request showed."""

    GONE = "gone"  # 401/404: still deleted or private
    UNSURE = "unsure"  # anything else: ask the API


def new_pool(parallel: int) -> urllib3.PoolManager:
    """Connections for `parallel` probes in flight, kept alive between them, with no
    credentials and no retries (the API is the fallback). urllib3 rather than requests: a
    probe costs a third of the CPU (0.2 ms against 0.6 ms measured), and a warm run of a
    10,000-link digest makes hundreds of them."""
    return urllib3.PoolManager(
        maxsize=max(1, parallel), block=False, headers={"User-Agent": USER_AGENT}, retries=False
    )


def probe(pool: urllib3.PoolManager, clone_url: str, timeout: float) -> tuple[Probe, str]:
    """Ask the git server about `clone_url` once; the reason says what it answered."""
    try:
        response = pool.request(
            "GET",
            f"{clone_url}/info/refs?service=git-upload-pack",
            redirect=False,
            timeout=timeout,
            preload_content=False,  # an answering repository's ref list is never read
        )
    except urllib3.exceptions.HTTPError as error:
        return Probe.UNSURE, f"git host did not answer: {type(error).__name__}"
    status = response.status
    gone = GONE_STATUSES.get(status)
    if gone is None:
        response.close()
        return Probe.UNSURE, f"git host answered HTTP {status}"
    try:
        response.read(GONE_BODY_LIMIT)
        response.release_conn()
    except urllib3.exceptions.HTTPError:
        response.close()  # the status is the answer; only the connection is lost
    return Probe.GONE, f"{gone} (HTTP {status})"
