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

import requests

from repro_audit.sources.web import USER_AGENT

GONE_STATUSES = {401: "asks for credentials", 404: "not found"}


class Probe(str, Enum):
    """What one discovery request showed."""

    GONE = "gone"  # 401/404: still deleted or private
    UNSURE = "unsure"  # anything else: ask the API


def new_session(parallel: int) -> requests.Session:
    """A session whose connection pool fits `parallel` probes in flight, with no credentials."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=max(1, parallel))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    session.trust_env = False  # no .netrc credentials and no proxy detours: a bare question
    return session


def probe(session: requests.Session, clone_url: str, timeout: float) -> tuple[Probe, str]:
    """Ask the git server about `clone_url` once; the reason says what it answered."""
    try:
        response = session.get(
            f"{clone_url}/info/refs",
            params={"service": "git-upload-pack"},
            timeout=timeout,
            allow_redirects=False,
            stream=True,  # the status is the answer; the ref list is never read
        )
    except requests.RequestException as error:
        return Probe.UNSURE, f"git host did not answer: {type(error).__name__}"
    response.close()
    gone = GONE_STATUSES.get(response.status_code)
    if gone is not None:
        return Probe.GONE, f"git host {gone} (HTTP {response.status_code})"
    return Probe.UNSURE, f"git host answered HTTP {response.status_code}"
