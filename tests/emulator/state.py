"""The emulator's mutable world: repositories, renames, budgets, planned faults and the log.

One `World` is shared by all handler threads; every mutation happens under its lock, while the
git repositories themselves are immutable once built.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from tests.emulator.gitrepo import GitRepo
from tests.emulator.model import (
    DEFAULT_DATE,
    UTC,
    Kind,
    License,
    RepoSpec,
    RequestRecord,
    detect_license,
    is_license_file,
    license_for_spdx,
    license_text,
    utc,
)
from tests.emulator.wire import node_id

if TYPE_CHECKING:
    from tests.emulator.chaos import Storm

WINDOW = 3600  # GitHub's primary rate-limit window, seconds


@dataclass(slots=True)
class IssueComment:
    """A comment on an issue or pull request; PATCH edits it in place."""

    id: int
    body: str
    user: str
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class Issue:
    """An issue (or a pull request, which shares issue numbers); mutable: PATCH edits it."""

    id: int
    number: int
    title: str
    body: str | None
    user: str
    labels: list[str]
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    pull_request: bool = False
    comments: list[IssueComment] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class RepoState:
    """A live repository: its spec, its git data and the parts that change (name, issues)."""

    spec: RepoSpec
    id: int
    git: GitRepo
    owner: str
    name: str
    license: License | None
    created_at: datetime
    pushed_at: datetime
    issues: list[Issue] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        """Canonical `owner/name` (changes on rename)."""
        return f"{self.owner}/{self.name}"

    @property
    def node_id(self) -> str:
        """The GraphQL `id` and REST `node_id`."""
        return node_id("Repository", str(self.id))

    @property
    def is_empty(self) -> bool:
        """No commit at all on the default branch."""
        return self.git.head is None


@dataclass(frozen=True, slots=True)
class RateSnapshot:
    """One bucket's state at the moment of an answer."""

    resource: str
    limit: int
    used: int
    reset: int

    @property
    def remaining(self) -> int:
        """Requests left in this window."""
        return max(0, self.limit - self.used)

    def headers(self) -> dict[str, str]:
        """The `x-ratelimit-*` headers GitHub puts on every API answer."""
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-resource": self.resource,
        }

    def json(self) -> dict[str, int]:
        """One entry of `GET /rate_limit`."""
        return {
            "limit": self.limit,
            "used": self.used,
            "remaining": self.remaining,
            "reset": self.reset,
        }


class RateLimiter:
    """Fixed-window budgets per (identity, resource), with forced exhaustion for tests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], list[int]] = {}  # [limit, used, reset]
        self._exhausted: dict[str, int] = {}
        self._applied: set[tuple[str, str, int]] = set()  # exhaustions already spent per bucket

    def _bucket(self, identity: str, resource: str, limit: int) -> list[int]:
        now = int(time.time())
        bucket = self._buckets.setdefault((identity, resource), [limit, 0, now + WINDOW])
        bucket[0] = limit
        if now >= bucket[2]:
            bucket[1], bucket[2] = 0, now + WINDOW
        until = self._exhausted.get(resource)
        if until is not None and now < until and (identity, resource, until) not in self._applied:
            self._applied.add((identity, resource, until))
            bucket[1], bucket[2] = limit, until
        return bucket

    def peek(self, identity: str, resource: str, limit: int) -> RateSnapshot:
        """The bucket without charging it."""
        with self._lock:
            limit_, used, reset = self._bucket(identity, resource, limit)
        return RateSnapshot(resource, limit_, used, reset)

    def charge(
        self, identity: str, resource: str, limit: int, cost: int = 1
    ) -> tuple[bool, RateSnapshot]:
        """Spend `cost` if the budget allows; False (and nothing spent) when it does not."""
        with self._lock:
            bucket = self._bucket(identity, resource, limit)
            allowed = bucket[0] - bucket[1] >= cost
            if allowed:
                bucket[1] += cost
            snap = RateSnapshot(resource, bucket[0], bucket[1], bucket[2])
        return allowed, snap

    def refund(self, identity: str, resource: str, limit: int, cost: int = 1) -> RateSnapshot:
        """Give back a charge (a 304 turned out to be free)."""
        with self._lock:
            bucket = self._bucket(identity, resource, limit)
            bucket[1] = max(0, bucket[1] - cost)
            return RateSnapshot(resource, bucket[0], bucket[1], bucket[2])

    def exhaust(self, resource: str, reset_in: int) -> None:
        """Every identity's budget for `resource` is 0 until `reset_in` seconds from now."""
        with self._lock:
            self._exhausted[resource] = int(time.time()) + reset_in
            for (identity, res), bucket in self._buckets.items():
                if res == resource:
                    bucket[1], bucket[2] = bucket[0], self._exhausted[resource]
                    self._applied.add((identity, res, self._exhausted[resource]))


class Action(str, Enum):
    """What a planned fault does to a matching request."""

    FAIL = "fail"
    DROP = "drop"
    STALL = "stall"
    RESET = "reset"  # answer, but reset the connection halfway through the body
    REDIRECT = "redirect"  # 307 to `location` + the request's own path


@dataclass(frozen=True, slots=True)
class FaultRule:
    """A fault waiting for `count` requests of `kind` whose target contains `path_contains`."""

    kind: Kind
    action: Action
    count: int
    path_contains: str = ""
    status: int = 0
    retry_after: int | None = None
    seconds: float = 0.0
    location: str = ""


class FaultPlan:
    """Planned faults, consumed first-come first-served in the order they were planned; a
    `storm` (random faults) answers the requests no planned fault took."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self.storm: Storm | None = None

    def add(self, rule: FaultRule) -> None:
        """Plan a fault."""
        if rule.count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        """Forget every planned fault, and the storm."""
        with self._lock:
            self._rules.clear()
            self.storm = None

    def take(self, kind: Kind, target: str) -> FaultRule | None:
        """The first rule matching this request, with one use consumed."""
        with self._lock:
            for i, rule in enumerate(self._rules):
                if rule.kind is kind and rule.path_contains in target:
                    if rule.count == 1:
                        del self._rules[i]
                    else:
                        self._rules[i] = replace(rule, count=rule.count - 1)
                    return rule
            storm = self.storm
        return None if storm is None else storm.draw(kind)


class World:
    """Everything the faces of the emulator read and change, behind one lock."""

    def __init__(
        self,
        workdir: Path,
        *,
        anonymous_limit: int,
        token_limit: int,
        tokens: frozenset[str] | None,
    ) -> None:
        self.workdir = workdir
        self.git_root = workdir / "git"
        self.git_root.mkdir(parents=True, exist_ok=True)
        self.anonymous_limit = anonymous_limit
        self.token_limit = token_limit
        self.tokens = tokens
        self.latency = 0.0
        self.tree_entry_limit = 100_000  # a recursive REST tree longer than this is `truncated`
        self.query_cost_limit: int | None = None  # GraphQL queries costlier than this time out
        self.private_readable = False  # private repositories answer (private: true), as to members
        self.server_url = ""
        self.limiter = RateLimiter()
        self.faults = FaultPlan()
        self._lock = threading.RLock()
        self._ids = itertools.count(1_040_000_001)
        self._issue_ids = itertools.count(3_500_000_001)
        self._by_key: dict[str, RepoState] = {}
        self._by_id: dict[int, RepoState] = {}
        self._aliases: dict[str, int] = {}
        self._records: list[RequestRecord] = []

    @property
    def api_url(self) -> str:
        """REST root, GitHub Enterprise layout."""
        return f"{self.server_url}/api/v3"

    # --- credentials -------------------------------------------------------------------
    def token_valid(self, token: str) -> bool:
        """Any token is valid unless a set of tokens was given."""
        return self.tokens is None or token in self.tokens

    @staticmethod
    def identity(token: str | None) -> str:
        """Budget key: a digest of the token, so the token itself is never stored as a key."""
        return "anonymous" if token is None else hashlib.sha256(token.encode()).hexdigest()

    def limit_for(self, token: str | None, resource: str) -> int:
        """The primary budget of an identity; GraphQL has none without a token."""
        if token is None:
            return 0 if resource == "graphql" else self.anonymous_limit
        return self.token_limit

    # --- repositories ----------------------------------------------------------------------
    def add_repo(self, spec: RepoSpec) -> RepoState:
        """Build the git repository and make it answer under its name."""
        key = spec.full_name.lower()
        with self._lock:
            if key in self._by_key:
                raise ValueError(f"repository {spec.full_name} already exists")
            repo_id = next(self._ids)
        dates = [] if spec.empty else [utc(d) for d in spec.commit_dates]
        files = {} if spec.empty else {p: _bytes(c) for p, c in spec.files.items()}
        lic_file = next((p for p in files if "/" not in p and is_license_file(p)), None)
        lic: License | None = None
        if spec.license_spdx is not None:
            lic = license_for_spdx(spec.license_spdx)
            if lic_file is None and not spec.empty:
                year = dates[0].year
                files["LICENSE"] = license_text(lic, spec.owner, year).encode()
        elif lic_file is not None:
            lic = detect_license(files[lic_file].decode("utf-8", errors="replace"))
        author = f"{spec.owner} <{repo_id}+{spec.owner}@users.noreply.github.com>"
        git = GitRepo.build(
            self.git_root / f"{repo_id}.git",
            branch=spec.default_branch,
            files=files,
            dates=dates,
            author=author,
            home=self.workdir,
        )
        first = utc(spec.commit_dates[0]) if spec.commit_dates else DEFAULT_DATE
        created = utc(spec.created_at) if spec.created_at else first
        last = git.head.committed if git.head else created
        pushed = utc(spec.pushed_at) if spec.pushed_at else last
        state = RepoState(spec, repo_id, git, spec.owner, spec.name, lic, created, pushed)
        with self._lock:
            if key in self._by_key:
                raise ValueError(f"repository {spec.full_name} already exists")
            self._by_key[key] = state
            self._by_id[repo_id] = state
            self._aliases.pop(key, None)
        return state

    def rename(self, old: str, new: str) -> None:
        """Rename or transfer; the old name keeps pointing at the repository."""
        new_owner, _, new_name = new.partition("/")
        if not new_owner or not new_name or "/" in new_name:
            raise ValueError(f"new name must be 'owner/name', got {new!r}")
        with self._lock:
            state = self._by_key.get(old.lower())
            if state is None:
                raise KeyError(f"no repository {old}")
            if new.lower() in self._by_key and self._by_key[new.lower()] is not state:
                raise ValueError(f"repository {new} already exists")
            del self._by_key[old.lower()]
            state.owner, state.name = new_owner, new_name
            self._by_key[new.lower()] = state
            self._aliases.pop(new.lower(), None)
            self._aliases[old.lower()] = state.id

    def delete(self, full_name: str) -> None:
        """The repository (and every old name of it) answers 404 from now on."""
        with self._lock:
            state = self._by_key.pop(full_name.lower(), None)
            if state is None:
                raise KeyError(f"no repository {full_name}")
            del self._by_id[state.id]

    def lookup(self, owner: str, name: str) -> tuple[RepoState | None, bool]:
        """(repository, reached through an old name); private ones are invisible."""
        key = f"{owner}/{name}".lower()
        with self._lock:
            state = self._by_key.get(key)
            moved = False
            if state is None and key in self._aliases:
                state, moved = self._by_id.get(self._aliases[key]), True
        if state is None or (state.spec.private and not self.private_readable):
            return None, False
        return state, moved

    def by_id(self, repo_id: int) -> RepoState | None:
        """A visible repository by its numeric id."""
        with self._lock:
            state = self._by_id.get(repo_id)
        hidden = state is None or (state.spec.private and not self.private_readable)
        return None if hidden else state

    def owner_exists(self, owner: str) -> bool:
        """Whether any visible repository has this owner (for user pages)."""
        with self._lock:
            return any(
                s.owner.lower() == owner.lower() and not s.spec.private
                for s in self._by_key.values()
            )

    def next_issue_id(self) -> int:
        """Global issue id."""
        with self._lock:
            return next(self._issue_ids)

    def open_pull_request(self, repo: RepoState, title: str) -> int:
        """A pull request shares the issue numbers of its repository."""
        now = datetime.now(UTC).replace(microsecond=0)
        with self._lock:
            number = len(repo.issues) + 1
            issue = Issue(next(self._issue_ids), number, title, "", "contributor", [], now, now)
            issue.pull_request = True
            repo.issues.append(issue)
        return number

    @property
    def lock(self) -> threading.RLock:
        """For handlers that edit repository state (issues)."""
        return self._lock

    # --- request log -------------------------------------------------------------------
    def record(self, rec: RequestRecord) -> None:
        """Append to the log."""
        with self._lock:
            self._records.append(rec)

    def records(self) -> list[RequestRecord]:
        """A copy of the log."""
        with self._lock:
            return list(self._records)

    def clear_records(self) -> None:
        """Forget the log."""
        with self._lock:
            self._records.clear()


def _bytes(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content
