"""Where GitHub is, and with which token: read once from the environment the way Actions sets it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

PUBLIC_API_URL = "https://api.github.com"
PUBLIC_GRAPHQL_URL = "https://api.github.com/graphql"
PUBLIC_SERVER_URL = "https://github.com"
API_VERSION = "2022-11-28"
"""The dated REST/GraphQL version every request names, so GitHub's answers keep their shape."""
API_ACCEPT = "application/vnd.github+json"
"""The media type GitHub recommends for its API (rather than a generic `application/json`)."""
API_HEADERS = {"Accept": API_ACCEPT, "X-GitHub-Api-Version": API_VERSION}
DEFAULT_PAPERS_API_URL = "https://huggingface.co/api/papers"
"""The papers API asked for the code of papers whose row has no code link."""
DEFAULT_SWH_API_URL = "https://archive.softwareheritage.org/api/1"
"""Software Heritage's API, asked whether a repository is archived."""
DEFAULT_MAX_AGE = 24 * 3600.0
"""Seconds for which cached facts are reused. Here, with the URLs, so the command line's defaults
are read without loading the cache or the clients."""


class ConfigError(ValueError):
    """A setting the user gave cannot work; the CLI turns it into one line and exit code 3."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """GitHub's three base URLs and the token; the token never shows in `repr` or logs."""

    api_url: str = PUBLIC_API_URL
    graphql_url: str = PUBLIC_GRAPHQL_URL
    server_url: str = PUBLIC_SERVER_URL
    tokens: tuple[str, ...] = field(default=(), repr=False)  # used in turn as each runs out

    @property
    def token(self) -> str | None:
        """The first token, or None for anonymous access."""
        return self.tokens[0] if self.tokens else None

    @property
    def server_host(self) -> str:
        """The netloc of the web/git server, the way links to it are written."""
        return _netloc(self.server_url)

    @property
    def github_hosts(self) -> frozenset[str]:
        """Hosts whose links are GitHub links: github.com plus a GitHub Enterprise server."""
        return frozenset({"github.com", self.server_host})

    def clone_url(self, slug: str) -> str:
        """The git smart-HTTP URL of a repository on the configured server (never with a token)."""
        return f"{self.server_url}/{slug}.git"


def _netloc(url: str) -> str:
    host = urlsplit(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _checked_url(name: str, value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise ConfigError(f"{name} must be an http(s) URL without credentials, got {value!r}")
    return value.strip().rstrip("/")


def endpoints_from_env(
    env: Mapping[str, str],
    *,
    api_url: str | None = None,
    graphql_url: str | None = None,
    server_url: str | None = None,
    token: str | None = None,
) -> Endpoints:
    """Build endpoints from explicit options, then the GitHub Actions variables, then defaults.

    Several tokens may be given comma-separated; they are used in turn as each one's budget ends.

    A GitHub Enterprise server given alone (GITHUB_SERVER_URL) has its API beside it, as Actions
    sets it: `https://HOST/api/v3` and `https://HOST/api/graphql`; so an Enterprise token is never
    sent to public GitHub because one variable was left out. Without an API URL given, the
    GraphQL URL follows the API URL (`.../api/v3` -> `.../api/graphql`) as on GHE.
    """
    server = server_url or env.get("GITHUB_SERVER_URL") or PUBLIC_SERVER_URL
    server = _checked_url("GITHUB_SERVER_URL", server)
    api = api_url or env.get("GITHUB_API_URL") or _api_for(server)
    api = _checked_url("GITHUB_API_URL", api)
    graphql = graphql_url or env.get("GITHUB_GRAPHQL_URL") or _graphql_for(api)
    given = token or env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or ""
    tokens = tuple(part.strip() for part in given.split(",") if part.strip())
    if any(any(ch.isspace() for ch in part) for part in tokens):
        raise ConfigError("a GitHub token contains whitespace; check GITHUB_TOKEN / --token")
    return Endpoints(
        api_url=api,
        graphql_url=_checked_url("GITHUB_GRAPHQL_URL", graphql),
        server_url=server,
        tokens=tuple(dict.fromkeys(tokens)),
    )


def _api_for(server_url: str) -> str:
    if _netloc(server_url) == _netloc(PUBLIC_SERVER_URL):
        return PUBLIC_API_URL
    return server_url + "/api/v3"


def _graphql_for(api_url: str) -> str:
    if api_url.rstrip("/") == PUBLIC_API_URL:
        return PUBLIC_GRAPHQL_URL
    if api_url.endswith("/api/v3"):
        return api_url[: -len("/v3")] + "/graphql"
    return api_url + "/graphql"
