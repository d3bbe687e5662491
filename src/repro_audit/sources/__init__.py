"""The only package that talks to the network: GitHub GraphQL and REST, and git.

Everything it returns is plain data from `repro_audit.models`; a failure to learn something comes
back as an UNKNOWN fact with its reason, never as an exception about one repository.
"""

from __future__ import annotations

from repro_audit.sources.endpoints import ConfigError, Endpoints, endpoints_from_env
from repro_audit.sources.github import FetchOptions, GitHubSource, unique_refs
from repro_audit.sources.graphql import AuthenticationFailed
from repro_audit.sources.reachability import Unreachable
from repro_audit.sources.retry import RetryPolicy

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
