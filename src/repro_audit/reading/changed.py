"""`--changed-since REF`: which digest rows a change added or edited, by line, through git.

A pull request that adds today's papers should be audited for those rows only. Git is asked
once (GitPython, `git diff REF` against the working tree, renames followed); the answer is the
set of lines of each digest, as it is now, that were added or changed. Rows on other lines are
left out of the audit. Only the local repository is read: nothing here touches the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from repro_audit.models import Digest, DigestEntry

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)

WHOLE_FILE: None = None
"""A digest git did not have at REF (new, or untracked): every line counts as added."""

ChangedLines = Mapping[str, frozenset[int] | None]
"""Per digest source as given: the lines added or changed since REF, or WHOLE_FILE."""


class ChangedSinceError(Exception):
    """No repository, an unknown REF or git itself failing; one line for the CLI (exit 3)."""


def added_lines(patch: bytes) -> frozenset[int]:
    """New-side line numbers that a zero-context unified diff adds or replaces.

    `@@ -a,b +c,d @@` covers lines c .. c+d-1 of the new file (d is 1 when left out, 0 for a
    pure deletion, which adds nothing).
    """
    lines: set[int] = set()
    for match in _HUNK.finditer(patch):
        start = int(match.group(1))
        count = 1 if match.group(2) is None else int(match.group(2))
        lines.update(range(start, start + count))
    return frozenset(lines)


@dataclass(frozen=True, slots=True)
class Selection:
    """Digests cut down to their changed rows, and the rows left out (for `--all`)."""

    digests: tuple[Digest, ...]
    unchanged: tuple[DigestEntry, ...]

    @property
    def changed_rows(self) -> int:
        """How many rows are audited."""
        return sum(len(digest.entries) for digest in self.digests)


def select_changed(digests: Sequence[Digest], changed: ChangedLines) -> Selection:
    """Keep the entries on changed lines; a digest missing from `changed` is unchanged."""
    kept: list[Digest] = []
    unchanged: list[DigestEntry] = []
    for digest in digests:
        lines = changed.get(digest.source, frozenset())
        if lines is WHOLE_FILE:
            kept.append(digest)
            continue
        entries = tuple(entry for entry in digest.entries if entry.line in lines)
        unchanged += [entry for entry in digest.entries if entry.line not in lines]
        problems = tuple(problem for problem in digest.problems if problem.line in lines)
        kept.append(replace(digest, entries=entries, problems=problems))
    return Selection(tuple(kept), tuple(unchanged))


def changed_lines(sources: Sequence[str], ref: str) -> dict[str, frozenset[int] | None]:
    """Ask git which lines of each digest file changed between `ref` and the working tree."""
    try:
        import git  # GitPython needs the git program at import time
    except ImportError as error:
        raise ChangedSinceError(f"--changed-since needs git: {error}") from None
    if not sources:
        return {}
    start = Path(sources[0]).resolve().parent
    try:
        repo = git.Repo(start, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ChangedSinceError(
            f"--changed-since: {sources[0]} is not in a git repository"
        ) from None
    try:
        with repo:
            return _changed_lines(repo, sources, ref)
    except git.GitCommandError as error:
        detail = (error.stderr or "").strip().splitlines()
        raise ChangedSinceError(
            f"--changed-since {ref}: git failed ({detail[-1] if detail else error.status})"
        ) from None


def _changed_lines(repo: Any, sources: Sequence[str], ref: str) -> dict[str, frozenset[int] | None]:
    from git.exc import BadName, BadObject

    root = Path(repo.working_tree_dir).resolve()
    relative: dict[str, str] = {}
    for source in sources:
        path = Path(source).resolve()
        if not path.is_relative_to(root):
            raise ChangedSinceError(f"--changed-since: {source} is outside the repository {root}")
        relative[path.relative_to(root).as_posix()] = source
    try:
        commit = repo.commit(ref)
    except (BadName, BadObject, ValueError):
        raise ChangedSinceError(
            f"--changed-since {ref}: no such commit or branch here "
            "(a shallow checkout lacks it: fetch-depth: 0)"
        ) from None
    suffixes = sorted({os.path.splitext(name)[1] for name in relative})
    pathspec = None if "" in suffixes else [f"*{suffix}" for suffix in suffixes]
    # No external diff tools or textconv filters: the repository's attributes choose neither.
    diffs = commit.diff(
        None, paths=pathspec, create_patch=True, unified=0, no_textconv=True, M=True
    )
    found: dict[str, frozenset[int] | None] = {}
    for diff in diffs:
        changed_file = relative.get(diff.b_path or "")
        if changed_file is None or diff.deleted_file:
            continue
        found[changed_file] = WHOLE_FILE if diff.new_file else added_lines(diff.diff or b"")
    for name, source in relative.items():
        if source not in found and not _tracked(commit, name):
            found[source] = WHOLE_FILE  # untracked, or not there at REF
    return found


def _tracked(commit: Any, name: str) -> bool:
    try:
        commit.tree / name
    except KeyError:
        return False
    return True
