"""The shared cell text: row selection, "?" for unknown, "—" for not applicable, short forms."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from repro_audit.formats import RenderOptions, common
from repro_audit.models import AuditRow, LinkStatus, Summary
from tests.formats.samples import LONG_TITLE, report, rows

BY_LINE = {row.entry.line: row for row in rows()}


def test_no_link_rows_hidden_unless_show_all() -> None:
    sample = report()
    default = [r.entry.line for r in common.shown_rows(sample, RenderOptions())]
    everything = [r.entry.line for r in common.shown_rows(sample, RenderOptions(show_all=True))]
    assert default == [5, 6, 7, 8, 9, 10]
    assert everything == [5, 6, 7, 8, 9, 10, 20]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 48, "short"),
        ("a  b\n c", 48, "a b c"),
        ("x" * 48, 48, "x" * 48),
        ("x" * 49, 48, "x" * 47 + "…"),
        ("word " * 20, 10, "word word…"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert common.shorten(text, limit) == expected
    assert len(common.shorten(text, limit)) <= limit


def test_paper_cell_has_short_title_arxiv_id_and_line() -> None:
    cell = common.paper_cell(BY_LINE[5], report())
    title = cell.split(" (")[0]
    assert len(title) <= common.TITLE_LIMIT
    assert title.endswith("…")
    assert LONG_TITLE.startswith(title[:-1])
    assert cell.endswith("(2510.14810v2) L5")


def test_line_reference_names_the_file_when_several_digests() -> None:
    two = report(sources=("examples/digest.md", "other/week2.md"))
    assert common.line_ref(BY_LINE[7], two) == "digest.md:L7"
    assert common.line_ref(BY_LINE[7], report()) == "L7"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            5,
            [
                "alive",
                "lab/paper-code",
                "MIT",
                "42",
                "2025-10-20",
                "yes",
                "environment.yml",
                "72 B",
            ],
        ),
        (
            6,
            [
                "moved (renamed or transferred to new/name)",
                "old/name → new/name",
                "MIT",
                "42",
                "2025-10-20",
                "yes",
                "environment.yml",
                "91 (57\u201394)",  # rubric 1.2 weights; Software Heritage not asked
            ],
        ),
        (7, ["dead (404)", "gone/repo", "—", "—", "—", "—", "—", "0 F"]),
        (8, ["unknown (rate limited)", "busy/repo", "?", "?", "?", "?", "?", "?"]),
        (9, ["alive", "quiet/repo", "?", "?", "?", "?", "?", "?"]),
        (
            10,
            [
                "not_a_repo (GitHub Pages site, not a repository)",
                "https://someone.github.io/project",
                "—",
                "—",
                "—",
                "—",
                "—",
                "—",
            ],
        ),
        (20, ["no_link (no code link in the code column)", "—", "—", "—", "—", "—", "—", "—"]),
    ],
)
def test_row_cells(line: int, expected: list[str]) -> None:
    row = BY_LINE[line]
    status, repo, licence, stars, commit, readme, deps, score = expected
    assert common.status_cell(row) == status
    assert common.repo_cell(row) == repo
    assert common.licence_cell(row) == licence
    assert common.stars_cell(row) == stars
    assert common.last_commit_cell(row) == commit
    assert common.readme_cell(row) == readme
    assert common.deps_cell(row) == deps
    assert common.score_cell(row) == score


def _alive(**changes: Any) -> AuditRow:
    base = BY_LINE[5]
    assert base.facts is not None
    return replace(base, facts=replace(base.facts, **changes))


@pytest.mark.parametrize(
    ("row", "licence", "readme", "deps"),
    [
        (_alive(license_spdx="NOASSERTION"), "NOASSERTION", "yes", "environment.yml"),
        (_alive(has_license=False, license_spdx=None), "none", "yes", "environment.yml"),
        (_alive(license_spdx=None, license_name="Custom"), "Custom", "yes", "environment.yml"),
        (_alive(has_license=None, license_spdx=None), "?", "yes", "environment.yml"),
        (_alive(root_files=("main.py",)), "MIT", "no", "none"),
        (_alive(root_files=None), "MIT", "?", "?"),
        (_alive(root_files=None, is_empty=True), "MIT", "no", "none"),
    ],
)
def test_unknown_is_question_mark_never_no(
    row: AuditRow, licence: str, readme: str, deps: str
) -> None:
    assert (common.licence_cell(row), common.readme_cell(row), common.deps_cell(row)) == (
        licence,
        readme,
        deps,
    )


def test_last_commit_is_a_utc_day() -> None:
    late = datetime(2025, 10, 20, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert common.last_commit_cell(_alive(last_commit_at=late)) == "2025-10-21"


def test_summary_labels_cover_every_summary_field() -> None:
    assert [name for name, _ in common.SUMMARY_LABELS] == [f.name for f in fields(Summary)]


def test_missed_links_listed_even_for_hidden_rows() -> None:
    missed = common.missed_links(report())
    assert [(m.where, m.url) for m in missed] == [("L20", "https://github.com/missed/code")]
    assert BY_LINE[20].status is LinkStatus.NO_LINK


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc), "2025-01-02T03:04:05Z"),
        (datetime(2025, 1, 2, 3, 4, 5), "2025-01-02T03:04:05Z"),  # naive is taken as UTC
        (datetime(2025, 1, 2, 1, 0, tzinfo=timezone(timedelta(hours=2))), "2025-01-01T23:00:00Z"),
    ],
)
def test_iso_utc(moment: datetime, expected: str) -> None:
    assert common.iso_utc(moment) == expected
