"""One view of what is known about a repository's files, however much of the tree was listed.

The sources report either the whole tree, a tree cut at a few folder levels (GraphQL), or only
the root listing. Criteria ask "is this file there?" and must answer "unknown" when the listing
stops above it: a file missing from a cut listing is not a missing file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from repro_audit.models import RepoFacts
from repro_audit.scoring.memo import per_facts


class Presence(str, Enum):
    """Whether a path is in the repository, as far as the listing can tell."""

    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"  # the listing stops above the path


def components(path: str) -> int:
    """Folder levels of a path, counting the file: "a.py" is 1, "src/a.py" is 2."""
    return path.strip("/").count("/") + 1


@dataclass(frozen=True, slots=True)
class Tree:
    """Files and folders known to exist, and how deep the listing went.

    `depth` is the number of path components listed (1 for a root listing, 3 for GraphQL's cut
    tree); None means the listing is complete, so anything not in it is absent.
    """

    files: tuple[str, ...]  # file paths, listing order
    file_set: frozenset[str]
    folders: frozenset[str]  # folder paths without trailing "/", every level
    root: tuple[str, ...]  # root entries, folders ending with "/" (what a root listing shows)
    depth: int | None

    @property
    def complete(self) -> bool:
        """True when every file of the repository is listed."""
        return self.depth is None

    @property
    def scope(self) -> str:
        """Where the listing looked, for reasons: "the whole tree", "the top 3 folder levels"."""
        if self.depth is None:
            return "the whole tree"
        if self.depth <= 1:
            return "the root listing"
        return f"the top {self.depth} folder levels"

    def presence(self, path: str) -> Presence:
        """Whether `path` (repository-relative, no leading "./") is a file in the repository."""
        if path in self.file_set:
            return Presence.PRESENT
        if self.depth is None or components(path) <= self.depth:
            return Presence.ABSENT
        top = path.split("/", 1)[0]
        # The root listing names every root folder, so a path under a folder that is not
        # there is absent however deep it is.
        return Presence.UNKNOWN if top in self.folders else Presence.ABSENT

    def is_folder(self, path: str) -> bool | None:
        """Whether `path` is a folder: None when the listing stops above it."""
        clean = path.strip("/")
        if not clean or clean in self.folders:
            return True
        if self.depth is None or components(clean) <= self.depth:
            return False
        return None if clean.split("/", 1)[0] in self.folders else False

    def case_twin(self, path: str) -> str | None:
        """A listed file whose path differs from `path` only in case (a common README slip)."""
        lowered = path.lower()
        return next((f for f in self.files if f.lower() == lowered), None)


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _build(paths: tuple[str, ...], root: tuple[str, ...] | None, depth: int | None) -> Tree:
    files = tuple(p for p in paths if not p.endswith("/"))
    folders = {p.rstrip("/") for p in paths if p.endswith("/")}
    seen: set[str] = set()  # parent folders whose ancestors are all in `folders` already
    for path in files:
        parent = path.strip("/").rpartition("/")[0]
        if parent and parent not in seen:  # files share folders: add each folder's chain once
            seen.add(parent)
            folders.update(_parents(path))
    if root is None:
        root_files = tuple(f for f in files if "/" not in f)
        root = root_files + tuple(sorted(f"{d}/" for d in folders if "/" not in d))
    else:
        folders.update(r.rstrip("/") for r in root if r.endswith("/"))
        known = set(files)
        files = files + tuple(r for r in root if not r.endswith("/") and r not in known)
    return Tree(files, frozenset(files), frozenset(folders), root, depth)


@per_facts(maxsize=64)
def tree_of(facts: RepoFacts) -> Tree | None:
    """The best listing the facts hold, or None when nothing is known about the files.

    Cached because every criterion asks, and a monorepo's listing runs to many thousand paths.
    """
    if facts.paths is not None:
        return _build(facts.paths, facts.root_files, facts.paths_depth)
    if facts.root_files is not None:
        has_folders = any(name.endswith("/") for name in facts.root_files)
        return _build(facts.root_files, facts.root_files, 1 if has_folders else None)
    if facts.is_empty is True:
        return _build((), (), None)
    return None
