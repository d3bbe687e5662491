"""CSV: parses back with the csv module, one flat record per shown row."""

from __future__ import annotations

import csv
import io

import pytest

from repro_audit.formats import RenderOptions
from repro_audit.formats import csv as csv_format
from tests.formats.samples import LONG_TITLE, MISSED_URL, report


def _parse(options: RenderOptions) -> tuple[list[str], list[dict[str, str]]]:
    text = csv_format.render(report(), options)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    records = list(reader)
    return list(reader.fieldnames or []), records


@pytest.mark.parametrize(("show_all", "lines"), [(False, 6), (True, 7)])
def test_parses_back_with_the_header(show_all: bool, lines: int) -> None:
    header, records = _parse(RenderOptions(show_all=show_all))
    assert tuple(header) == csv_format.COLUMNS
    assert len(records) == lines
    assert all(None not in record for record in records)  # no row has extra fields


def test_values_round_trip() -> None:
    _, records = _parse(RenderOptions(show_all=True))
    by_line = {record["line"]: record for record in records}
    alive = by_line["5"]
    assert alive["title"] == LONG_TITLE  # the full title: spreadsheets can cut it themselves
    assert (alive["status"], alive["licence"], alive["stars"]) == ("alive", "MIT", "42")
    assert (alive["score"], alive["grade"], alive["coverage"]) == ("72", "B", "0.85")
    assert alive["arxiv_id"] == "2510.14810v2"
    assert by_line["6"]["moved_to"] == "new/name"
    assert by_line["10"]["reason"] == "GitHub Pages site, not a repository"  # comma quoted
    assert by_line["20"]["missed_links"] == MISSED_URL
    assert by_line["20"]["status"] == "no_link"


def test_unknown_is_question_mark_and_not_applicable_is_empty() -> None:
    _, records = _parse(RenderOptions())
    by_line = {record["line"]: record for record in records}
    unknown = by_line["8"]
    assert [unknown[c] for c in ("licence", "stars", "last_commit", "readme", "score")] == ["?"] * 5
    assert unknown["grade"] == ""
    dead = by_line["7"]
    assert [dead[c] for c in ("licence", "stars", "readme", "dependency_files")] == [""] * 4
    assert (dead["score"], dead["grade"]) == ("0", "F")


def test_newlines_in_titles_are_flattened() -> None:
    text = csv_format.render(report(), RenderOptions())
    assert len(text.splitlines()) == 1 + 6
    _, records = _parse(RenderOptions())
    assert {r["title"] for r in records if r["line"] == "9"} == {"Pipes | and newlines <b>bold</b>"}
