"""One view of what is known about a repository's files, however much of the tree was listed.

The sources report either the whole tree, a tree cut at a few folder levels (GraphQL), a tree
cut at some number of entries (a truncated recursive tree, a capped clone), or only the root
listing. Criteria ask "is this file there?" and must answer "unknown" when the listing stops
above it: a file missing from a cut listing is not a missing file. `listing_cut` is the one rule
the rubric applies to every criterion that looks for a file: its `fail` becomes `unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring.base import Assessment, unknown
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

    `depth` is the number of path components listed in full (1 for a root listing, 3 for
    GraphQL's cut tree); `cut_at` the number of entries a listing held when it stopped short by
    size, anywhere in the tree. Both None: the listing is complete, so anything not in it is
    absent. The root listing is always whole.
    """

    files: tuple[str, ...]  # file paths, listing order
    file_set: frozenset[str]
    folders: frozenset[str]  # folder paths without trailing "/", every level
    root: tuple[str, ...]  # root entries, folders ending with "/" (what a root listing shows)
    depth: int | None
    cut_at: int | None = None

    @property
    def complete(self) -> bool:
        """True when every file of the repository is listed."""
        return self.depth is None and self.cut_at is None

    @property
    def scope(self) -> str:
        """Where the listing looked, for reasons: "the whole tree", "the top 3 folder levels"."""
        if self.cut_at is not None:
            return f"a listing cut at {self.cut_at} entries"
        if self.depth is None:
            return "the whole tree"
        if self.depth <= 1:
            return "the root listing"
        return f"the top {self.depth} folder levels"

    def presence(self, path: str) -> Presence:
        """Whether `path` (repository-relative, no leading "./") is a file in the repository."""
        if path in self.file_set:
            return Presence.PRESENT
        if self._listed_in_full(components(path)):
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
        if self._listed_in_full(components(clean)):
            return False
        return None if clean.split("/", 1)[0] in self.folders else False

    def _listed_in_full(self, levels: int) -> bool:
        """Whether every entry with this many path components is in the listing."""
        if levels <= 1 or self.complete:
            return True
        return self.depth is not None and levels <= self.depth

    def case_twin(self, path: str) -> str | None:
        """A listed file whose path differs from `path` only in case (a common README slip)."""
        lowered = path.lower()
        return next((f for f in self.files if f.lower() == lowered), None)


def _parents(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _build(
    paths: tuple[str, ...],
    root: tuple[str, ...] | None,
    depth: int | None,
    cut_at: int | None = None,
) -> Tree:
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
    return Tree(files, frozenset(files), frozenset(folders), root, depth, cut_at)


@per_facts(maxsize=64)
def tree_of(facts: RepoFacts) -> Tree | None:
    """The best listing the facts hold, or None when nothing is known about the files.

    Cached because every criterion asks, and a monorepo's listing runs to many thousand paths.
    """
    if facts.paths is not None:
        return _build(facts.paths, facts.root_files, facts.paths_depth, facts.listing_cut_at)
    if facts.root_files is not None:
        has_folders = any(name.endswith("/") for name in facts.root_files)
        return _build(facts.root_files, facts.root_files, 1 if has_folders else None)
    if facts.is_empty is True:
        return _build((), (), None)
    return None


def listing_cut(facts: RepoFacts) -> str | None:
    """How the file listing falls short of the whole tree ("listing cut at 2,000 entries",
    "listing cut at 3 folder levels", "file listing unknown: <why>"), or None when it is whole."""
    if facts.listing_cut_at is not None:
        return f"listing cut at {facts.listing_cut_at:,} entries"
    if facts.paths is not None and facts.paths_depth is not None:
        return f"listing cut at {facts.paths_depth} folder levels"
    if facts.paths is None and facts.root_files is None and facts.is_empty is not True:
        from repro_audit.scoring.criteria import LISTING_GAP, gap  # criteria imports this module

        return f"file listing unknown: {gap(facts, *LISTING_GAP)}"
    return None


def unless_cut(assessment: Assessment, facts: RepoFacts) -> Assessment:
    """A criterion that looks for a file (`Criterion.looks_for_files`) cannot fail on a cut or
    unknown listing: the file may lie below the cut, so its `fail` is `unknown`, out of the
    score and the coverage, with the cut named first in its reason."""
    if assessment.verdict is not Verdict.FAIL:
        return assessment
    cut = listing_cut(facts)
    if cut is None:
        return assessment
    return unknown(f"{cut}: {assessment.reason}", *assessment.evidence)
