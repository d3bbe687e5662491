"""Real bare git repositories, built with `git fast-import` and read back with git itself.

Every commit and tree fact the emulator reports comes from here, so the REST, GraphQL and git
faces always agree with what a clone would show.
"""

from __future__ import annotations

import math
import os
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tests.emulator.model import UTC, utc

_GIT_IDENTITY = ("-c", "user.name=Emulator", "-c", "user.email=emulator@example.invalid")
_BARE_CONFIG = (
    "[uploadpack]\n\tallowFilter = true\n\tallowAnySHA1InWant = true\n"
    "\tallowReachableSHA1InWant = true\n[http]\n\treceivepack = false\n"
)


def git_env(home: Path) -> dict[str, str]:
    """An environment that ignores the user's and the system's git configuration."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "LC_ALL": "C",
    }


def run_git(repo: Path, *args: str, data: bytes | None = None) -> str:
    """Run git in `repo` (isolated from the user's configuration) for tests that shape a
    repository's objects by hand; its stripped output."""
    done = subprocess.run(
        ["git", *_GIT_IDENTITY, *args],
        cwd=repo,
        input=data,
        env=git_env(repo),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


@dataclass(frozen=True, slots=True)
class CommitInfo:
    """One commit on the default branch, as `git log` reports it."""

    sha: str
    tree: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    authored: datetime
    committed: datetime
    message: str

    @property
    def headline(self) -> str:
        """First line of the message, as GitHub shows it."""
        return self.message.split("\n", 1)[0]


@dataclass(frozen=True, slots=True)
class TreeEntry:
    """One `git ls-tree -r -t -l` row; `path` is relative to the listed tree."""

    path: str
    mode: str
    type: str  # "blob", "tree" or "commit"
    sha: str
    size: int | None  # None for trees and submodules

    @property
    def name(self) -> str:
        """Last path component."""
        return self.path.rsplit("/", 1)[-1]


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def _ordered(names: Sequence[str]) -> list[str]:
    """README first, so the earliest commits of a history look like a real project start."""
    return sorted(names, key=lambda n: (not n.lower().startswith("readme"), n))


def _fast_import_stream(
    files: Mapping[str, bytes], dates: Sequence[datetime], branch: str, author: str
) -> bytes:
    names = _ordered(list(files))
    out = bytearray()
    for i, when in enumerate(dates):
        last = i == len(dates) - 1
        keep = names if last else names[: max(1, math.ceil(len(names) * (i + 1) / len(dates)))]
        message = "Initial commit" if i == 0 else ("Release code" if last else f"Add {keep[-1]}")
        stamp = f"{int(utc(when).timestamp())} +0000"
        out += f"commit refs/heads/{branch}\nmark :{i + 1}\n".encode()
        out += f"author {author} {stamp}\ncommitter {author} {stamp}\n".encode()
        out += _data(message.encode() + b"\n")
        out += b"deleteall\n"
        for name in keep:
            mode = "100755" if name.endswith(".sh") else "100644"
            out += f"M {mode} inline {name}\n".encode() + _data(files[name])
        out += b"\n"
    return bytes(out)


class GitRepo:
    """A bare repository on disk plus cached facts read from it with git (thread-safe reads)."""

    def __init__(self, path: Path, branch: str, home: Path) -> None:
        self.path = path
        self.branch = branch
        self._env = git_env(home)
        self._lock = threading.Lock()
        self._blobs: dict[str, bytes] = {}
        self._trees: dict[str, tuple[TreeEntry, ...]] = {}
        self._types: dict[str, str | None] = {}
        self._objects: dict[str, tuple[str, bytes]] | None = None  # sha -> (type, content)
        self.commits: tuple[CommitInfo, ...] = self._read_log()

    @classmethod
    def build(
        cls,
        path: Path,
        *,
        branch: str,
        files: Mapping[str, bytes],
        dates: Sequence[datetime],
        author: str,
        home: Path,
    ) -> GitRepo:
        """Create `path` as a bare repo with one commit per date (none when `dates` is empty)."""
        env = git_env(home)
        subprocess.run(
            ["git", "init", "--quiet", "--bare", f"--initial-branch={branch}", str(path)],
            check=True,
            env=env,
            capture_output=True,
        )
        with (path / "config").open("a", encoding="utf-8") as config:
            config.write(_BARE_CONFIG)
        if dates:
            subprocess.run(
                ["git", *_GIT_IDENTITY, "fast-import", "--quiet", "--date-format=raw"],
                cwd=path,
                input=_fast_import_stream(files, dates, branch, author),
                check=True,
                env=env,
                capture_output=True,
            )
        return cls(path, branch, home)

    def _git(self, *args: str, check: bool = True) -> bytes:
        done = subprocess.run(
            ["git", *_GIT_IDENTITY, *args],
            cwd=self.path,
            env=self._env,
            capture_output=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"git {args[0]} failed: {done.stderr.decode(errors='replace')}")
        return done.stdout if done.returncode == 0 else b""

    def _read_log(self, *extra: str) -> tuple[CommitInfo, ...]:
        fmt = "%H%x1f%T%x1f%P%x1f%an%x1f%ae%x1f%at%x1f%ct%x1f%B%x1e"
        raw = self._git("log", f"--format={fmt}", f"refs/heads/{self.branch}", *extra, check=False)
        commits = []
        for record in raw.decode("utf-8", errors="replace").split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, tree, parents, name, email, at, ct, message = record.split("\x1f")
            commits.append(
                CommitInfo(
                    sha=sha,
                    tree=tree,
                    parents=tuple(parents.split()),
                    author_name=name,
                    author_email=email,
                    authored=datetime.fromtimestamp(int(at), UTC),
                    committed=datetime.fromtimestamp(int(ct), UTC),
                    message=message.rstrip("\n"),
                )
            )
        return tuple(commits)

    def reread(self) -> None:
        """Read the history again, after commits made by hand outside this class."""
        self.commits = self._read_log()

    @property
    def head(self) -> CommitInfo | None:
        """Newest commit of the default branch; None for an empty repository."""
        return self.commits[0] if self.commits else None

    def resolve_commit(self, rev: str) -> CommitInfo | None:
        """A branch name, `HEAD`, `refs/heads/x` or a (short) sha of a default-branch commit."""
        if rev in ("HEAD", self.branch, f"refs/heads/{self.branch}"):
            return self.head
        lowered = rev.lower()
        if len(lowered) >= 4 and all(c in "0123456789abcdef" for c in lowered):
            return next((c for c in self.commits if c.sha.startswith(lowered)), None)
        return None

    def commits_from(self, sha: str, path: str = "") -> tuple[CommitInfo, ...]:
        """History starting at `sha`, newest first; only commits touching `path` when given."""
        index = next((i for i, c in enumerate(self.commits) if c.sha == sha), None)
        if index is None:
            return ()
        history = self.commits[index:]
        if not path:
            return history
        touching = {c.sha for c in self._read_log("--", path)}
        return tuple(c for c in history if c.sha in touching)

    def tree(self, tree_sha: str) -> tuple[TreeEntry, ...] | None:
        """The recursive listing of a tree (subtrees included), or None if no such tree."""
        with self._lock:
            cached = self._trees.get(tree_sha)
        if cached is not None:
            return cached
        listing = self._listing_from_objects(tree_sha)
        if listing is None:
            if self.object_type(tree_sha) != "tree":
                return None
            listing = self._ls_tree(tree_sha)
        with self._lock:
            self._trees[tree_sha] = listing
        return listing

    def _ls_tree(self, tree_sha: str) -> tuple[TreeEntry, ...]:
        entries = []
        for row in self._git("ls-tree", "-r", "-t", "-l", "-z", tree_sha).split(b"\0"):
            if not row:
                continue
            meta, path = row.split(b"\t", 1)
            mode, kind, sha, size = meta.decode().split()
            entries.append(
                TreeEntry(path.decode(), mode, kind, sha, None if size == "-" else int(size))
            )
        return tuple(entries)

    def _read_objects(self) -> dict[str, tuple[str, bytes]]:
        """Every object in the repository, read with one git process on first use: a tree
        listing or blob otherwise costs a git process each, which dominates a first batch.
        Objects never change, so shas added later (tests editing `path`) are read one by one."""
        with self._lock:
            if self._objects is not None:
                return self._objects
        raw = self._git("cat-file", "--batch-all-objects", "--batch", check=False)
        objects: dict[str, tuple[str, bytes]] = {}
        at = 0
        try:
            while at < len(raw):
                end = raw.index(b"\n", at)
                sha, kind, size = raw[at:end].decode().split()
                start = end + 1
                objects[sha] = (kind, raw[start : start + int(size)])
                at = start + int(size) + 1
        except ValueError:
            objects = {}  # an answer we cannot read: every object is read one by one instead
        with self._lock:
            self._objects = objects
        return objects

    def _listing_from_objects(self, tree_sha: str) -> tuple[TreeEntry, ...] | None:
        """What `git ls-tree -r -t -l` prints, read from the object snapshot; None when an
        object is not in it (then git answers)."""
        objects = self._read_objects()
        entries: list[TreeEntry] = []

        def walk(sha: str, prefix: str) -> bool:
            found = objects.get(sha)
            if found is None or found[0] != "tree":
                return False
            data, at = found[1], 0
            while at < len(data):
                space, nul = data.index(b" ", at), data.index(b"\0", at)
                mode = data[at:space].decode().rjust(6, "0")
                path = prefix + data[space + 1 : nul].decode()
                sha = data[nul + 1 : nul + 21].hex()
                at = nul + 21
                kind = "tree" if mode == "040000" else "commit" if mode == "160000" else "blob"
                size = None
                if kind == "blob":
                    blob = objects.get(sha)
                    if blob is None:
                        return False
                    size = len(blob[1])
                entries.append(TreeEntry(path, mode, kind, sha, size))
                if kind == "tree" and not walk(sha, path + "/"):
                    return False
            return True

        return tuple(entries) if walk(tree_sha, "") else None

    def files_at(self, commit: CommitInfo) -> tuple[TreeEntry, ...]:
        """The whole tree of a commit, recursively."""
        return self.tree(commit.tree) or ()

    def object_type(self, sha: str) -> str | None:
        """`blob`, `tree` or `commit` for an object in this repository, else None."""
        found = self._read_objects().get(sha)
        if found is not None:
            return found[0]
        with self._lock:
            if sha in self._types:
                return self._types[sha]
        out = self._git("cat-file", "-t", sha, check=False).decode().strip() or None
        with self._lock:
            self._types[sha] = out
        return out

    def blob(self, sha: str) -> bytes:
        """A blob's bytes (cached: objects never change)."""
        with self._lock:
            cached = self._blobs.get(sha)
        if cached is not None:
            return cached
        found = self._read_objects().get(sha)
        if found is not None and found[0] == "blob":
            return found[1]
        data = self._git("cat-file", "blob", sha)
        with self._lock:
            self._blobs[sha] = data
        return data

    def disk_kb(self) -> int:
        """Rough repository size in KB, as GitHub's `size`/`diskUsage` give it."""
        head = self.head
        if head is None:
            return 0
        total = sum(e.size or 0 for e in self.files_at(head))
        return math.ceil(total / 1024)
