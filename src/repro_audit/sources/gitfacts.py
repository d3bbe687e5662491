"""What a clone adds to a repository's facts: one mapping, shared by GitHub and other hosts."""

from __future__ import annotations

from dataclasses import replace

from repro_audit.models import RepoFacts
from repro_audit.sources.gitclone import GitSnapshot
from repro_audit.sources.selection import readme_path
from repro_audit.sources.texts import with_text_gap

GIT_FIELDS = (
    "is_empty",
    "last_commit_at",
    "root_files",
    "paths",
    "paths_depth",
    "listing_cut_at",
    "readme_text",
    "file_texts",
    "commit_dates",
    "commit_count",
    "via",
)
"""The facts that come from git rather than an API, so they can be carried over whole."""


def with_snapshot(
    facts: RepoFacts, snap: GitSnapshot, via: str, leave_out: tuple[str, ...] = ()
) -> RepoFacts:
    """`facts` completed by the clone: tree, history, README and dependency texts (the files in
    `leave_out`, such as a licence read for its name, are not dependency texts). A text fetch
    that failed is a gap, never "the repository has none"."""
    readme = readme_path(snap.root_files)
    found = replace(
        facts,
        is_empty=snap.is_empty,
        default_branch=snap.default_branch or facts.default_branch,
        last_commit_at=snap.last_commit_at,
        root_files=tuple(sorted(snap.root_files)),  # git's own order, as every source gives it
        paths=tuple(sorted(snap.paths)),
        # a cut clone is a cut listing like a truncated REST tree: `listing_cut_at` is the one
        # rule scoring applies; `paths_depth` keeps the levels above the cut, listed whole
        paths_depth=snap.paths_depth,
        listing_cut_at=snap.listing_cut_at,
        commit_dates=snap.commit_dates if snap.commit_dates or snap.is_empty else None,
        commit_count=snap.commit_count,
        readme_text=dict(snap.texts).get(readme) if readme else None,
        file_texts=tuple(
            (path, text) for path, text in snap.texts if path not in (readme, *leave_out)
        ),
        via=via,
    )
    if snap.listing_cut_at is not None:
        cut = (
            f"file listing cut at {snap.listing_cut_at:,} entries ({len(snap.paths):,} files,"
            f" whole {snap.paths_depth} levels deep)"
        )
        found = replace(found, gaps=(*found.gaps, cut))
    return with_text_gap(found, snap.texts_gap) if snap.texts_gap else found


def copy_git_fields(fresh: RepoFacts, old: RepoFacts) -> RepoFacts:
    """Fresh API metadata with the git-derived facts of an unchanged repository."""
    return replace(fresh, **{name: getattr(old, name) for name in GIT_FIELDS})
