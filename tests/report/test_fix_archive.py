"""`fix --archive-links` from literals: a dead link gets its archived copy, byte-exact elsewhere;
live code the same row names is preferred; fixing twice changes nothing more."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from repro_audit.models import (
    ArchiveFacts,
    ArchiveState,
    AuditRow,
    Existence,
    LinkChecks,
    RepoFacts,
    RepoRef,
)
from repro_audit.reading.digest import read_digest
from repro_audit.report.assemble import build_report
from repro_audit.report.fix import apply_fixes, plan_fixes, split_lines

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})
COPY = "https://archive.example/browse/origin/directory/?origin_url=x&snapshot=" + "c" * 40
HEAD = "| Title | Date | Abstract | Comment | Code |\r\n| --- | --- | --- | --- | --- |\r\n"
GONE = (
    "| [Gone](http://arxiv.org/abs/2501.00004v1) | 2025-10-01 | x | | "
    "[Code](https://github.com/lab/gone) |\r\n"
)
MOVED_TO_PAGE = (
    "| [Paged](http://arxiv.org/abs/2501.00005v1) | 2025-10-01 | x | | "
    "[Code](https://github.com/lab/old) [Page](https://lab.github.io/new) |\r\n"
)
TAIL = "\r\nprose   kept\tas is"


def _archive(slug: str, state: ArchiveState = ArchiveState.ARCHIVED) -> ArchiveFacts:
    visited = datetime(2025, 6, 12, tzinfo=timezone.utc)
    url = COPY if state is ArchiveState.ARCHIVED else None
    return ArchiveFacts(f"https://github.com/{slug}", state, url, None, visited)


def _rows(text: str, archive: dict[str, ArchiveFacts]) -> list[AuditRow]:
    known = {
        "lab/gone": RepoFacts(RepoRef("github.com", "lab", "gone"), Existence.MISSING),
        "lab/old": RepoFacts(RepoRef("github.com", "lab", "old"), Existence.MISSING),
        "lab/new": RepoFacts(
            RepoRef("github.com", "lab", "new"), Existence.EXISTS, canonical="lab/new"
        ),
    }
    digest = read_digest(text, "d.md")
    checks = LinkChecks(archive=archive)
    return list(build_report([digest], known, NOW, HOSTS, checks=checks).rows)


def test_a_dead_link_gets_its_archived_copy_and_nothing_else_changes() -> None:
    text = HEAD + GONE + TAIL
    rows = _rows(text, {"https://github.com/lab/gone": _archive("lab/gone")})
    assert plan_fixes(text, rows, HOSTS).fixes == ()  # only on request
    plan = plan_fixes(text, rows, HOSTS, archive_links=True)
    assert len(plan.fixes) == 1 and "Software Heritage copy of 2025-06-12" in plan.fixes[0].why
    fixed = apply_fixes(text, plan)
    before, after = split_lines(text), split_lines(fixed)
    assert [pair for pair in zip(before, after, strict=True) if pair[0] != pair[1]] == [
        (
            (GONE.removesuffix("\r\n"), "\r\n"),
            (GONE.removesuffix(" |\r\n") + f" ([archived 2025-06-12]({COPY})) |", "\r\n"),
        )
    ]
    again = _rows(fixed, {"https://github.com/lab/gone": _archive("lab/gone")})
    assert plan_fixes(fixed, again, HOSTS, archive_links=True).fixes == ()  # idempotent


@pytest.mark.parametrize(
    "state", [ArchiveState.NOT_ARCHIVED, ArchiveState.UNKNOWN], ids=["not-archived", "unknown"]
)
def test_no_copy_no_change(state: ArchiveState) -> None:
    text = HEAD + GONE
    rows = _rows(text, {"https://github.com/lab/gone": _archive("lab/gone", state)})
    assert plan_fixes(text, rows, HOSTS, archive_links=True).fixes == ()


def test_live_code_in_the_same_row_is_preferred_over_the_archive() -> None:
    text = HEAD + MOVED_TO_PAGE
    rows = _rows(text, {"https://github.com/lab/old": _archive("lab/old")})
    plan = plan_fixes(text, rows, HOSTS, archive_links=True)
    assert len(plan.fixes) == 1
    fix = plan.fixes[0]
    assert "live code at lab/new (via the project page) used, not an archive" in fix.why
    assert "https://github.com/lab/new)" in fix.new and COPY not in fix.new
    assert "https://lab.github.io/new" in fix.new
