"""`GitHubEmulator`: the object tests and the benchmark hold to build a world and serve it.

Everything is in-process and bound to 127.0.0.1, so real PyGithub, requests and git clients talk
to it exactly as they would to GitHub Enterprise at `GITHUB_SERVER_URL`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from tests.emulator.chaos import Storm, Weather
from tests.emulator.model import Kind, RepoSpec, RequestRecord
from tests.emulator.server import EmulatorServer
from tests.emulator.state import Action, FaultRule, RateLimiter, World

LOOPBACK_HOSTS = "127.0.0.1,localhost"
"""The only hosts a test may let the auditor contact beyond the emulator's own API."""


class GitHubEmulator:
    """A fake GitHub (REST, GraphQL, git smart HTTP, web) with real git repositories."""

    def __init__(
        self,
        workdir: Path,
        *,
        latency: float = 0.0,
        anonymous_limit: int = 60,
        token_limit: int = 5000,
        tokens: frozenset[str] | None = None,
    ) -> None:
        self._world = World(
            Path(workdir),
            anonymous_limit=anonymous_limit,
            token_limit=token_limit,
            tokens=tokens,
        )
        self._world.latency = latency
        self._server: EmulatorServer | None = None
        self._thread: threading.Thread | None = None

    # --- the world -----------------------------------------------------------------------
    def add_repo(self, spec: RepoSpec) -> None:
        """Build a real bare git repository for `spec` and serve it under its name."""
        self._world.add_repo(spec)

    def rename(self, old: str, new: str) -> None:
        """Rename or transfer `old` to `new`; the old name redirects from now on."""
        self._world.rename(old, new)

    def delete(self, full_name: str) -> None:
        """Make a repository answer 404 everywhere."""
        self._world.delete(full_name)

    def open_pull_request(self, full_name: str, title: str = "Add papers") -> int:
        """A pull request on `full_name`: an issue-numbered thread whose comments a client can
        list, post, edit and delete through the issue-comment endpoints. Returns its number."""
        repo, _ = self._world.lookup(*full_name.split("/", 1))
        if repo is None:
            raise KeyError(full_name)
        return self._world.open_pull_request(repo, title)

    def git_dir(self, full_name: str) -> Path:
        """The bare repository served for `full_name`, for tests that shape its history by hand
        (submodules, symlinks): git clients see every change at once."""
        repo, _ = self._world.lookup(*full_name.split("/", 1))
        if repo is None:
            raise KeyError(full_name)
        return repo.git.path

    def reread(self, full_name: str) -> None:
        """After a test shaped `full_name`'s history by hand, let REST and GraphQL see it too."""
        repo, _ = self._world.lookup(*full_name.split("/", 1))
        if repo is None:
            raise KeyError(full_name)
        repo.git.reread()

    @property
    def latency(self) -> float:
        """Seconds added to every request before it is answered."""
        return self._world.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._world.latency = max(0.0, seconds)

    @property
    def private_readable(self) -> bool:
        """Whether private repositories answer (`private: true`), as they do to the owner's
        members; by default they are invisible (404), as to everyone else."""
        return self._world.private_readable

    @private_readable.setter
    def private_readable(self, readable: bool) -> None:
        self._world.private_readable = readable

    @property
    def tree_entry_limit(self) -> int:
        """Entries a recursive REST tree lists before it says `truncated` (GitHub: 100,000)."""
        return self._world.tree_entry_limit

    @tree_entry_limit.setter
    def tree_entry_limit(self, entries: int) -> None:
        self._world.tree_entry_limit = max(1, entries)

    @property
    def query_cost_limit(self) -> int | None:
        """GraphQL queries whose cost (repositories x tree entries they list) is above this get
        GitHub's answer to a heavy query: 502 "couldn't respond in time"; None: no limit."""
        return self._world.query_cost_limit

    @query_cost_limit.setter
    def query_cost_limit(self, cost: int | None) -> None:
        self._world.query_cost_limit = cost

    # --- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Bind an ephemeral port on 127.0.0.1 and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("emulator already started")
        server = EmulatorServer(self._world)
        self._world.server_url = f"http://127.0.0.1:{server.port}"
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        thread.start()
        self._server, self._thread = server, thread

    def stop(self) -> None:
        """Stop serving and release the port (idempotent)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> GitHubEmulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- addresses ---------------------------------------------------------------------------
    @property
    def server_url(self) -> str:
        """`GITHUB_SERVER_URL`: web pages and git."""
        if self._server is None:
            raise RuntimeError("emulator not started")
        return self._world.server_url

    @property
    def other_host_url(self) -> str:
        """The same server under another name (`localhost`): to the auditor, a different host."""
        return self.server_url.replace("//127.0.0.1:", "//localhost:")

    @property
    def api_url(self) -> str:
        """`GITHUB_API_URL`: REST root."""
        return f"{self.server_url}/api/v3"

    @property
    def graphql_url(self) -> str:
        """`GITHUB_GRAPHQL_URL`."""
        return f"{self.server_url}/api/graphql"

    def env(self, token: str | None = None) -> dict[str, str]:
        """The environment GitHub Actions would give a job running against this server.

        Web pages and other git hosts are confined to loopback (`REPRO_AUDIT_WEB_ALLOW`), so a
        digest's real links (github.io pages, DOIs, review mirrors) are never fetched in tests.
        """
        values = {
            "GITHUB_SERVER_URL": self.server_url,
            "GITHUB_API_URL": self.api_url,
            "GITHUB_GRAPHQL_URL": self.graphql_url,
            "REPRO_AUDIT_WEB_ALLOW": LOOPBACK_HOSTS,
        }
        if token is not None:
            values["GITHUB_TOKEN"] = token
        return values

    # --- observation -----------------------------------------------------------------------
    @property
    def requests(self) -> list[RequestRecord]:
        """Every request answered so far, oldest first (a copy)."""
        return self._world.records()

    def clear_requests(self) -> None:
        """Forget the request log."""
        self._world.clear_records()

    # --- trouble -----------------------------------------------------------------------------
    def fail_next(
        self,
        kind: str,
        status: int,
        count: int = 1,
        path_contains: str = "",
        retry_after: int | None = None,
    ) -> None:
        """The next `count` matching requests answer `status` with GitHub's error body; a
        GraphQL request matches on its path and body (`'"name"'` picks a repository by name)."""
        rule = FaultRule(Kind(kind), Action.FAIL, count, path_contains, status, retry_after)
        self._world.faults.add(rule)

    def clear_faults(self) -> None:
        """Forget every planned fault (for module-scoped emulators shared by tests)."""
        self._world.faults.clear()

    def drop_next(self, kind: str, count: int = 1, path_contains: str = "") -> None:
        """The next `count` matching requests get their connection closed, unanswered."""
        self._world.faults.add(FaultRule(Kind(kind), Action.DROP, count, path_contains))

    def stall_next(
        self, kind: str, seconds: float, count: int = 1, path_contains: str = ""
    ) -> None:
        """The next `count` matching requests are answered `seconds` late."""
        rule = FaultRule(Kind(kind), Action.STALL, count, path_contains, seconds=seconds)
        self._world.faults.add(rule)

    def reset_next(self, kind: str, count: int = 1, path_contains: str = "") -> None:
        """The next `count` matching requests get half their answer, then a connection reset."""
        self._world.faults.add(FaultRule(Kind(kind), Action.RESET, count, path_contains))

    def redirect_next(
        self,
        kind: str,
        location: str,
        count: int = 1,
        path_contains: str = "",
        status: int = 307,
    ) -> None:
        """The next `count` matching requests answer `status` to `location` + their own path."""
        rule = FaultRule(
            Kind(kind), Action.REDIRECT, count, path_contains, status, location=location
        )
        self._world.faults.add(rule)

    def storm(self, weather: Weather, reset_in: int = 3600) -> Storm:
        """From now on every request draws a random fault (`clear_faults` ends the storm).

        With `weather.exhaust_after`, the REST and GraphQL budgets run out for `reset_in`
        seconds once that many API requests have arrived.
        """

        def exhaust() -> None:
            for resource in ("core", "graphql"):
                self._world.limiter.exhaust(resource, reset_in)

        storm = Storm(weather, exhaust)
        self._world.faults.storm = storm
        return storm

    def restore_rate_limits(self) -> None:
        """Every budget full again, as at a new hour (ends `exhaust_rate_limit` early)."""
        self._world.limiter = RateLimiter()

    def exhaust_rate_limit(self, kind: str = "rest", reset_in: int = 3600) -> None:
        """Every caller's budget for `kind` ("rest" or "graphql") is 0 for `reset_in` seconds."""
        resource = {"rest": "core", "core": "core", "graphql": "graphql"}.get(kind)
        if resource is None:
            raise ValueError(f"kind must be 'rest' or 'graphql', got {kind!r}")
        self._world.limiter.exhaust(resource, reset_in)
