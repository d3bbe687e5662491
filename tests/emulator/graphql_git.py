"""GraphQL resolvers for git objects (Commit, Tree, TreeEntry, Blob), read from the bare repo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from tests.emulator.gitrepo import CommitInfo, TreeEntry
from tests.emulator.model import iso, utc
from tests.emulator.state import RepoState, World
from tests.emulator.wire import node_id


class Blob:
    """GraphQL `Blob`; the bytes are read from git only when a query asks for them."""

    typename = "Blob"

    def __init__(self, repo: RepoState, sha: str, size: int) -> None:
        self._repo = repo
        self.oid = sha
        self.abbreviatedOid = sha[:7]
        self.id = node_id("Blob", f"{repo.id}:{sha}")
        self.byteSize = size
        self.isTruncated = False

    def isBinary(self, _info: GraphQLResolveInfo[Any]) -> bool:
        data = self._repo.git.blob(self.oid)
        return b"\0" in data[:8000]

    def text(self, info: GraphQLResolveInfo[Any]) -> str | None:
        if self.isBinary(info):
            return None
        return self._repo.git.blob(self.oid).decode("utf-8", errors="replace")


class Tree:
    """GraphQL `Tree`; `prefix` makes entry paths repository-relative, as GitHub gives them."""

    typename = "Tree"

    def __init__(self, repo: RepoState, sha: str, prefix: str) -> None:
        self._repo = repo
        self._prefix = prefix
        self.oid = sha
        self.abbreviatedOid = sha[:7]
        self.id = node_id("Tree", f"{repo.id}:{sha}")

    def entries(self, _info: GraphQLResolveInfo[Any]) -> list[TreeEntryNode]:
        listing = self._repo.git.tree(self.oid) or ()
        return [TreeEntryNode(self._repo, e, self._prefix) for e in listing if "/" not in e.path]


class TreeEntryNode:
    """GraphQL `TreeEntry` (named apart from `gitrepo.TreeEntry`, the row it wraps)."""

    def __init__(self, repo: RepoState, entry: TreeEntry, prefix: str) -> None:
        self._repo = repo
        self._entry = entry
        self.name = entry.name
        self.path = prefix + entry.path
        self.type = entry.type
        self.mode = int(entry.mode, 8)
        self.oid = entry.sha
        self.size = entry.size or 0
        self.extension = "." + entry.name.rsplit(".", 1)[1] if "." in entry.name[1:] else None

    def object(self, _info: GraphQLResolveInfo[Any]) -> Blob | Tree | None:
        if self.type == "blob":
            return Blob(self._repo, self.oid, self.size)
        if self.type == "tree":
            return Tree(self._repo, self.oid, self.path + "/")
        return None


def _when(text: str | None, field: str) -> datetime | None:
    if text is None:
        return None
    try:
        return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise GraphQLError(f"Argument '{field}' is not a valid GitTimestamp.") from None


class Commit:
    """GraphQL `Commit`; `history` walks the default branch back from this commit."""

    typename = "Commit"

    def __init__(self, world: World, repo: RepoState, commit: CommitInfo) -> None:
        self._world, self._repo, self._commit = world, repo, commit
        self.oid = commit.sha
        self.abbreviatedOid = commit.sha[:7]
        self.id = node_id("Commit", f"{repo.id}:{commit.sha}")
        self.authoredDate = iso(commit.authored)
        self.committedDate = iso(commit.committed)
        self.message = commit.message
        self.messageHeadline = commit.headline
        self.url = f"{world.server_url}/{repo.full_name}/commit/{commit.sha}"

    def tree(self, _info: GraphQLResolveInfo[Any]) -> Tree:
        return Tree(self._repo, self._commit.tree, "")

    def history(
        self,
        _info: GraphQLResolveInfo[Any],
        first: int | None = None,
        after: str | None = None,
        path: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> dict[str, object]:
        if first is None:
            raise GraphQLError(
                "You must provide a `first` or `last` value to properly paginate the "
                "`history` connection."
            )
        if not 0 <= first <= 100:
            raise GraphQLError(
                f"Requesting {first} records on the `history` connection exceeds the "
                "`first` limit of 100 records."
            )
        low, high = _when(since, "since"), _when(until, "until")
        chain = [
            c
            for c in self._repo.git.commits_from(self._commit.sha, (path or "").strip("/"))
            if (low is None or c.committed >= low) and (high is None or c.committed <= high)
        ]
        start = 0
        if after:
            _, _, offset = after.rpartition(" ")
            start = int(offset) + 1 if offset.isdigit() else 0
        page = chain[start : start + first]
        cursor = [f"{self._commit.sha} {start + i}" for i in range(len(page))]
        return {
            "totalCount": len(chain),
            "nodes": [Commit(self._world, self._repo, c) for c in page],
            "pageInfo": {
                "startCursor": cursor[0] if cursor else None,
                "endCursor": cursor[-1] if cursor else None,
                "hasNextPage": start + first < len(chain),
                "hasPreviousPage": start > 0,
            },
        }
