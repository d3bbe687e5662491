"""Which repositories `audit archive` asks Software Heritage for, from literals."""

from __future__ import annotations

from datetime import datetime, timezone

from repro_audit.models import ArchiveFacts, ArchiveState, Existence, LinkChecks, RepoFacts, RepoRef
from repro_audit.reading.digest import read_digest
from repro_audit.report.archive_plan import save_candidates
from repro_audit.report.assemble import build_report

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})
SLUGS = ("lab/none", "lab/old", "lab/fresh", "lab/asked", "lab/gone", "lab/renamed", "lab/none")
DIGEST = "| Title | Date | Code |\n| --- | --- | --- |\n" + "".join(
    f"| [P{n}](http://arxiv.org/abs/2501.0000{n}v1) | 2025-10-01 | https://github.com/{slug} |\n"
    for n, slug in enumerate(SLUGS)
)
LAST = datetime(2025, 10, 10, tzinfo=timezone.utc)


def _facts(slug: str, existence: Existence = Existence.EXISTS, canonical: str = "") -> RepoFacts:
    owner, name = slug.split("/")
    return RepoFacts(
        RepoRef("github.com", owner, name),
        existence,
        canonical=canonical or slug,
        last_commit_at=LAST,
        is_empty=False,
    )


def _archive(slug: str, state: ArchiveState, day: int | None = None) -> ArchiveFacts:
    visited = None if day is None else datetime(2025, 10, day, tzinfo=timezone.utc)
    return ArchiveFacts(f"https://github.com/{slug}", state, "u" if day else None, None, visited)


def test_candidates() -> None:
    known = {
        "lab/none": _facts("lab/none"),
        "lab/old": _facts("lab/old"),
        "lab/fresh": _facts("lab/fresh"),
        "lab/asked": _facts("lab/asked"),
        "lab/gone": _facts("lab/gone", Existence.MISSING),
        "lab/renamed": _facts("lab/renamed", canonical="team/renamed"),
    }
    archive = {
        "https://github.com/lab/none": _archive("lab/none", ArchiveState.NOT_ARCHIVED),
        "https://github.com/lab/old": _archive("lab/old", ArchiveState.ARCHIVED, 2),
        "https://github.com/lab/fresh": _archive("lab/fresh", ArchiveState.ARCHIVED, 12),
        "https://github.com/lab/asked": _archive("lab/asked", ArchiveState.UNKNOWN),
        "https://github.com/lab/gone": _archive("lab/gone", ArchiveState.NOT_ARCHIVED),
        "https://github.com/lab/renamed": _archive("lab/renamed", ArchiveState.NOT_ARCHIVED),
    }
    digest = read_digest(DIGEST, "d.md")
    report = build_report([digest], known, NOW, HOSTS, checks=LinkChecks(archive=archive))
    found = [(c.origin, c.line, c.why) for c in save_candidates(report.rows)]
    assert found == [
        ("https://github.com/lab/none", 3, "not in Software Heritage"),
        (
            "https://github.com/lab/old",
            4,
            "last snapshot 2025-10-02 is older than the last commit 2025-10-10",
        ),
        ("https://github.com/team/renamed", 8, "not in Software Heritage"),  # where it is now
    ]  # fresh: snapshot after the last commit; asked: unknown; gone: dead; none: once
