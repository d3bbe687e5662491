"""A GitHub emulator on 127.0.0.1 for tests and benchmarks: REST, GraphQL, git and web.

`GitHubEmulator` serves `RepoSpec`s built into real git repositories; `RequestRecord`s say what
clients asked for.
"""

from __future__ import annotations

from tests.emulator.chaos import Weather
from tests.emulator.emulator import GitHubEmulator
from tests.emulator.model import Kind, OwnerType, RepoSpec, RequestRecord

__all__ = ["GitHubEmulator", "Kind", "OwnerType", "RepoSpec", "RequestRecord", "Weather"]
