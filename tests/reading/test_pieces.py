"""The reader's small pieces, table-driven: dates, row fitting, links in a cell, titles."""

from __future__ import annotations

from datetime import date

import pytest

from repro_audit.reading.cells import fit_cells
from repro_audit.reading.dates import parse_date
from repro_audit.reading.finding import Hit, badge_repo, cell_hits, repaired, unwrap_latex
from repro_audit.reading.rows import title_of


@pytest.mark.parametrize(
    ("cell", "day", "note"),
    [
        ("2024-03-12", date(2024, 3, 12), ""),
        ("**2024/03/12**", date(2024, 3, 12), ""),
        ("2024.03.12", date(2024, 3, 12), ""),
        ("2024-03-12T08:00:00Z", date(2024, 3, 12), ""),
        ("12 Mar 2024", date(2024, 3, 12), ""),
        ("March 2024", date(2024, 3, 1), ""),
        ("Mar 5, 2024", date(2024, 3, 5), ""),
        ("2024-03", date(2024, 3, 1), ""),
        ("2024", date(2024, 1, 1), ""),
        ("CVPR 2024", date(2024, 1, 1), ""),
        ("NeurIPS'23", date(2023, 1, 1), ""),
        ("2024-02-30", None, "date '2024-02-30' does not exist"),
        ("2025-10/16", None, "date '2025-10/16' is not YYYY-MM-DD"),
        ("soon", None, "date 'soon' is not YYYY-MM-DD"),
        ("", None, ""),
    ],
)
def test_parse_date(cell: str, day: date | None, note: str) -> None:
    assert parse_date(cell) == (day, note)


NAMES = ("Title", "Date", "Venue", "Code")
KINDS = ("free", "date", "text", "code")


@pytest.mark.parametrize(
    ("row", "cells", "note"),
    [
        ("| T | 2024-01-01 | V | [c](https://github.com/o/r) |",
         ["T", "2024-01-01", "V", "[c](https://github.com/o/r)"], ""),
        ("| T | 2024-01-01 | V | [c](https://github.com/o/r) | |",
         ["T", "2024-01-01", "V", "[c](https://github.com/o/r)"],
         "row has 5 cells, header has 4; stray '|' at the end ignored"),
        ("| T | 2024-01-01 | [c](https://github.com/o/r) |",
         ["T", "2024-01-01", "", "[c](https://github.com/o/r)"],
         "row has 3 cells, header has 4; cells placed by content, empty: ['Venue']"),
        ("| T | 2024-01-01 | V |", ["T", "2024-01-01", "V", ""],
         "row has 3 cells, header has 4; missing cells left empty"),
        ("| A | B | 2024-01-01 | V | None |", ["A | B", "2024-01-01", "V", "None"],
         "row has 5 cells, header has 4; merged '|' into Title"),
    ],
)  # fmt: skip
def test_fit_cells_by_content(row: str, cells: list[str], note: str) -> None:
    assert fit_cells(NAMES, 0, row, KINDS) == (cells, note)


@pytest.mark.parametrize(
    ("cell", "hits"),
    [
        ("see \\href{https://github.com/o/r}{here}", [Hit("https://github.com/o/r")]),
        ("at \\url{https://gitlab.com/g/p}.", [Hit("https://gitlab.com/g/p")]),
        ("![Star](https://img.shields.io/github/stars/o/r?style=social)",
         [Hit("https://github.com/o/r", written="https://img.shields.io/github/stars/o/r?style=social",
              badge=True)]),
        ("![CI](https://img.shields.io/badge/ci-passing-green)", []),
        ("[code](https:/github.com/o/r)",
         [Hit("https://github.com/o/r", "code", "https:/github.com/o/r")]),
        ("[Github](https://github.com/o/r) and github.com/a/b",
         [Hit("https://github.com/o/r", "Github"), Hit("https://github.com/a/b")]),
    ],
)  # fmt: skip
def test_cell_hits(cell: str, hits: list[Hit]) -> None:
    assert cell_hits(cell) == hits


def test_latex_unwrapping_keeps_offsets() -> None:
    text = "x \\href{https://github.com/o/r}{y} z"
    plain = unwrap_latex(text)
    assert len(plain) == len(text)
    assert plain.index("https://") == text.index("https://")


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://img.shields.io/github/stars/o/r", "https://github.com/o/r"),
        ("https://img.shields.io/github/last-commit/o/r.js?x=1", "https://github.com/o/r.js"),
        ("https://badgen.net/github/forks/o/r", "https://github.com/o/r"),
        ("https://img.shields.io/badge/x-y-green", ""),
        ("https://example.org/github/stars/o/r", None),
    ],
)
def test_badge_repo(url: str, repo: str | None) -> None:
    assert badge_repo(url) == repo


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("https:/github.com/o/r", ["https://github.com/o/r"]),
        ("(http//gitlab.com/g/p)", ["http://gitlab.com/g/p"]),
        ("https://github.com/o/r", []),
        ("HTTPS:/github.com/o/r.", ["https://github.com/o/r"]),
    ],
)
def test_repaired(text: str, urls: list[str]) -> None:
    assert [hit.url for hit in repaired(text)] == urls


@pytest.mark.parametrize(
    ("cell", "title"),
    [
        ("**[Deep Nets](https://arxiv.org/abs/2401.00001)**", "Deep Nets"),
        ("![Star](https://img.shields.io/github/stars/o/r) [Deep Nets](https://x.org)", "Deep Nets"),  # noqa: E501
        ("[![Star](https://img.shields.io/github/stars/o/r)](https://github.com/o/r) Deep", "Deep"),
        ("Deep Nets [[paper](https://arxiv.org/abs/1)] [[code](https://github.com/o/r)]",
         "Deep Nets"),
        ("**Plain Title**", "Plain Title"),
    ],
)  # fmt: skip
def test_title_of(cell: str, title: str) -> None:
    assert title_of(cell) == title
