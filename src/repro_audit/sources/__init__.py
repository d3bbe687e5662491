"""The only package that talks to the network: GitHub GraphQL and REST, and git.

Everything it returns is plain data from `repro_audit.models`; a failure to learn something comes
back as an UNKNOWN fact with its reason, never as an exception about one repository.

The names below are loaded on first use (PEP 562): importing one light module of the package,
such as `sources.endpoints` for `audit --help`, does not load the GitHub clients as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repro_audit.lazy import lazy_exports
from repro_audit.sources.endpoints import ConfigError, Endpoints, endpoints_from_env

if TYPE_CHECKING:
    from repro_audit.sources.github import GitHubSource
    from repro_audit.sources.github_options import FetchOptions, unique_refs
    from repro_audit.sources.graphql import AuthenticationFailed
    from repro_audit.sources.reachability import Unreachable
    from repro_audit.sources.retry import RetryPolicy

_HOMES = {
    "AuthenticationFailed": "graphql",
    "FetchOptions": "github_options",
    "GitHubSource": "github",
    "RetryPolicy": "retry",
    "Unreachable": "reachability",
    "unique_refs": "github_options",
}

__getattr__ = lazy_exports(__name__, _HOMES)

__all__ = [
    "AuthenticationFailed",
    "ConfigError",
    "Endpoints",
    "FetchOptions",
    "GitHubSource",
    "RetryPolicy",
    "Unreachable",
    "endpoints_from_env",
    "unique_refs",
]
