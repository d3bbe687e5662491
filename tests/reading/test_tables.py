"""Tables: header names to columns, cells to titles, dates, comments and links, and rows
that do not keep to their table's shape."""

from __future__ import annotations

from datetime import date

import pytest

from repro_audit.models import LinkOrigin
from repro_audit.reading.digest import read_digest
from tests.reading.common import HEADER, one_row

# --- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "| Title | Date | Abstract | Comment | CodeRepository |",
        "| **Title** | **Date** | **Abstract** | **Comment** | **CodeRepository** |",
        "| __Paper__ | Published | Summary | Comments | Code Link |",
        "| name | updated | SUMMARY | note | code links |",
        "| Paper | Date | Abstract | Notes | Repository |",
        "| Title | Date | Abstract | Note | Repo |",
        "| Title | Date | Abstract | Comment | GitHub |",
        "| Title | Date | Abstract | Comment | Implementation |",
        "| Title | Date | Abstract | Comment | Code |",
        "Title | Date | Abstract | Comment | Code",
    ],
)
def test_header_names_map_to_columns(header: str) -> None:
    row = (
        "| **[A paper](https://arxiv.org/abs/2502.00001v2)** | 2025-02-01 | Code at "
        "https://github.com/h/abs. | <details><summary>8 p...</summary><p>8 pages</p></details> "
        "| [Code Link](https://github.com/h/code) |"
    )
    entry = one_row(row, header + "\n|---|---|---|---|---|\n")
    assert entry.title == "A paper"
    assert (entry.arxiv_id, entry.arxiv_version) == ("2502.00001", 2)
    assert entry.paper_date == date(2025, 2, 1)
    assert entry.comment == "8 pages"
    assert [c.url for c in entry.code_links] == ["https://github.com/h/code"]
    assert [(t.url, t.origin) for t in entry.text_links] == [
        ("https://github.com/h/abs", LinkOrigin.ABSTRACT)
    ]


def test_columns_in_another_order_and_extra_columns() -> None:
    header = "| Code | arXiv | Comment | Title | Stars |\n| - | - | - | - | - |\n"
    entry = one_row(
        "| https://github.com/x/y | arXiv:2503.01234v7 | short | Plain title | 5 |", header
    )
    assert entry.title == "Plain title"
    assert (entry.arxiv_id, entry.arxiv_version) == ("2503.01234", 7)
    assert entry.comment == "short"
    assert [c.url for c in entry.code_links] == ["https://github.com/x/y"]
    assert entry.paper_date is None


def test_table_without_known_columns_is_read_when_a_column_links_code() -> None:
    """`| Key | Value |` (or a header in another language) names no role; a column whose cells
    link code is a code column all the same, and the first other column gives the title."""
    text = "| Key | Value |\n| --- | --- |\n| a | https://github.com/k/v |\n\n" + HEADER
    text += "| Real | 2025-01-01 | | | None |\n"
    digest = read_digest(text, "t.md")
    assert digest.tables == 2
    assert [(e.line, e.title) for e in digest.entries] == [(3, "a"), (7, "Real")]
    assert [c.url for c in digest.entries[0].code_links] == ["https://github.com/k/v"]
    assert digest.problems[0].line == 1
    assert digest.problems[0].message.startswith("column 'Value' read as a code column")


def test_table_without_known_columns_nor_code_is_skipped_with_a_problem() -> None:
    text = "| Key | Value |\n| --- | --- |\n| a | b |\n\n" + HEADER
    text += "| Real | 2025-01-01 | | | None |\n"
    digest = read_digest(text, "t.md")
    assert digest.tables == 1
    assert [(e.line, e.title) for e in digest.entries] == [(7, "Real")]
    assert digest.problems[0].line == 1
    assert "skipped" in digest.problems[0].message


def test_a_table_of_results_is_no_paper_table() -> None:
    """A venue (or date, or authors) column alone does not make a table of papers: a table of
    results beside a list is skipped unless its cells link code."""
    results = "| Detector | VOC07 | COCO | Published In |\n| --- | --- | --- | --- |\n"
    results += "| R-CNN | 58.5 | - | CVPR'14 |\n| SSD | 76.8 | 31.2 | ECCV'16 |\n\n"
    listed = "- **SSD** (ECCV 2016) [[code](https://github.com/weiliu89/caffe)]\n"
    digest = read_digest(results + listed, "r.md")
    assert [(e.line, e.title) for e in digest.entries] == [(6, "SSD")]
    assert digest.tables == 0 and digest.items == 1
    assert digest.problems[0].line == 1 and "skipped" in digest.problems[0].message


def test_only_unknown_tables_fall_back_to_prose() -> None:
    """A table that names no role and whose cells mostly link no code is not read as a table;
    with no other table, its lines are read as prose, so its one code link is not lost."""
    rows = "| a | 1 |\n| b | 2 |\n| c | https://github.com/k/v |\n"
    digest = read_digest("| Key | Value |\n| --- | --- |\n" + rows, "t.md")
    assert digest.tables == 0
    assert [(e.line, e.code_links[0].url) for e in digest.entries] == [
        (5, "https://github.com/k/v")
    ]
    assert len(digest.problems) == 1


def test_header_and_delimiter_of_different_width_still_read() -> None:
    text = "| Title | Date | Code |\n| --- | --- |\n| T | 2025-01-01 | https://github.com/a/b |\n"
    digest = read_digest(text, "w.md")
    assert [c.url for c in digest.entries[0].code_links] == ["https://github.com/a/b"]
    assert digest.problems[0].message == "header has 3 cells, delimiter row 2; header used"


# --- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title_cell", "title", "arxiv_id", "version"),
    [
        ("**[A title](http://arxiv.org/abs/2510.14810v1)**", "A title", "2510.14810", 1),
        ("[A title](https://arxiv.org/pdf/2510.14810v12)", "A title", "2510.14810", 12),
        ("[A title](https://arxiv.org/pdf/2510.14810)", "A title", "2510.14810", None),
        ("[A title](https://arxiv.org/abs/0704.0001v1)", "A title", "0704.0001", 1),
        ("[Old](http://arxiv.org/abs/hep-th/9901001)", "Old", "hep-th/9901001", None),
        ("[Old](http://arxiv.org/abs/math.GT/0309136v1)", "Old", "math.GT/0309136", 1),
        ("Plain title arXiv:2401.12345", "Plain title arXiv:2401.12345", "2401.12345", None),
        ("Plain title (arXiv: 2401.12345v3)", "Plain title (arXiv: 2401.12345v3)", "2401.12345", 3),
        ("**[[Re] Nested](http://arxiv.org/abs/2401.00001v1)**", "[Re] Nested", "2401.00001", 1),
        ("__[Under](http://arxiv.org/abs/2401.00002v1)__", "Under", "2401.00002", 1),
        ("[A &amp; B \\* c](http://x.org)", "A & B * c", None, None),
        ("<b>Bold</b> html", "Bold html", None, None),
        ("No id here 2401.1234567", "No id here 2401.1234567", None, None),
        ("", "", None, None),
        # the id is searched from the first "rx": case, Unicode that lower() lengthens, and the
        # dotless i the case-blind search takes for "i" must not lose it
        ("ARXIV.ORG/ABS/2401.00002", "ARXIV.ORG/ABS/2401.00002", "2401.00002", None),
        ("\u0130stanbul arXiv:2401.00001v2", "\u0130stanbul arXiv:2401.00001v2", "2401.00001", 2),
        ("arx\u0131v:2401.00003v4", "arx\u0131v:2401.00003v4", "2401.00003", 4),
        ("Rx, arxiv.org/abs/2401.00005v1", "Rx, arxiv.org/abs/2401.00005v1", "2401.00005", 1),
        ("Rx arxiv 2401.00004", "Rx arxiv 2401.00004", None, None),
        ("Xarxiv:2401.00006", "Xarxiv:2401.00006", None, None),  # no word boundary before it
    ],
)
def test_title_and_arxiv(
    title_cell: str, title: str, arxiv_id: str | None, version: int | None
) -> None:
    entry = one_row(f"| {title_cell} | 2025-01-01 | | | None |")
    assert (entry.title, entry.arxiv_id, entry.arxiv_version) == (title, arxiv_id, version)


@pytest.mark.parametrize(
    ("date_cell", "parsed", "problem"),
    [
        ("2025-10-16", date(2025, 10, 16), None),
        ("2025/10/16", date(2025, 10, 16), None),
        ("2025-1-6", date(2025, 1, 6), None),
        ("2025-10-16T08:30:00Z", date(2025, 10, 16), None),
        ("2025-10-16 08:30:00+02:00", date(2025, 10, 16), None),
        ("**2025-10-16**", date(2025, 10, 16), None),
        ("", None, None),
        ("2025-13-01", None, "date '2025-13-01' does not exist"),
        ("2025-10/16", None, "date '2025-10/16' is not YYYY-MM-DD"),
        ("16.10.2025", None, "date '16.10.2025' is not YYYY-MM-DD"),
        ("yesterday", None, "date 'yesterday' is not YYYY-MM-DD"),
    ],
)
def test_dates(date_cell: str, parsed: date | None, problem: str | None) -> None:
    entry = one_row(f"| T | {date_cell} | | | None |")
    assert entry.paper_date == parsed
    assert entry.problems == ((problem,) if problem else ())


@pytest.mark.parametrize(
    ("comment_cell", "comment"),
    [
        ("", ""),
        ("26 pages", "26 pages"),
        (
            "<details><summary>8 pag...</summary><p>8 pages, TrustCom 2025</p></details>",
            "8 pages, TrustCom 2025",
        ),
        ("<details><summary>Only a summary</summary></details>", "Only a summary"),
        ("Accepted at <i>ICCV</i>&nbsp;2025", "Accepted at ICCV 2025"),
        ("a<br>b", "a b"),
    ],
)
def test_comments(comment_cell: str, comment: str) -> None:
    assert one_row(f"| T | 2025-01-01 | | {comment_cell} | None |").comment == comment


@pytest.mark.parametrize(
    ("code_cell", "urls", "problem"),
    [
        ("None", [], None),
        ("none", [], None),
        ("null", [], None),
        ("NULL", [], None),
        ("N/A", [], None),
        ("-", [], None),
        ("\u2014", [], None),
        ("**None**", [], None),
        ("", [], None),
        ("[Code Link](https://github.com/a/b)", ["https://github.com/a/b"], None),
        ("**[link](https://github.com/a/b)**", ["https://github.com/a/b"], None),
        ('<a href="https://github.com/a/b">code</a>', ["https://github.com/a/b"], None),
        ("https://github.com/a/b", ["https://github.com/a/b"], None),
        ("<https://github.com/a/b>", ["https://github.com/a/b"], None),
        (
            "[a](https://github.com/a/b) [b](https://github.com/a/c)",
            ["https://github.com/a/b", "https://github.com/a/c"],
            None,
        ),
        ("[https://github.com/a/b](https://github.com/a/b)", ["https://github.com/a/b"], None),
        ("[site](https://a.github.io/b)", ["https://a.github.io/b"], None),
        ("[code](github.com/a/b)", ["github.com/a/b"], None),
        ("[x](javascript:alert(1))", ["javascript:alert(1)"], None),
        (
            "github.com/a/b",
            ["https://github.com/a/b"],
            "code cell names https://github.com/a/b without a scheme",
        ),
        ("Coming soon", [], "code cell has no link: 'Coming soon'"),
    ],
)
def test_code_cells(code_cell: str, urls: list[str], problem: str | None) -> None:
    entry = one_row(f"| T | 2025-01-01 | | | {code_cell} |")
    assert entry.code_cell == code_cell
    assert [c.url for c in entry.code_links] == urls
    assert {c.origin for c in entry.code_links} <= {LinkOrigin.CODE_COLUMN}
    assert entry.problems == ((problem,) if problem else ())


@pytest.mark.parametrize(
    ("abstract", "urls"),
    [
        ("Code: https://github.com/zju3dv/EgoAgent.", ["https://github.com/zju3dv/EgoAgent"]),
        (
            "See https://github.com/NK-JittorCV/Self-Supervised/.",
            ["https://github.com/NK-JittorCV/Self-Supervised/"],
        ),
        (
            "(code: https://github.com/a/b), and https://gitlab.com/c/d;",
            ["https://github.com/a/b", "https://gitlab.com/c/d"],
        ),
        (
            "Available at github.com/a/b and www.github.com/a/c!",
            ["https://github.com/a/b", "https://www.github.com/a/c"],
        ),
        (
            "Page https://a.github.io/p and bitbucket.org/t/r",
            ["https://a.github.io/p", "https://bitbucket.org/t/r"],
        ),
        (
            "Hosts: codeberg.org/u/r, gitee.com/u/r, huggingface.co/o/m",  # a model is not code
            ["https://codeberg.org/u/r", "https://gitee.com/u/r"],
        ),
        (
            'Mirror https://sourceforge.net/projects/x "https://anonymous.4open.science/r/a-1"',
            ["https://sourceforge.net/projects/x", "https://anonymous.4open.science/r/a-1"],
        ),
        ("Clone https://git.example.org/a/b.git.", ["https://git.example.org/a/b.git"]),
        ("<p>Code at <a href='https://github.com/a/b'>here</a>.</p>", ["https://github.com/a/b"]),
        (
            "Same https://github.com/a/b and https://GitHub.com/a/b.git and github.com/A/B/",
            ["https://github.com/a/b"],
        ),
        ("No code: https://doi.org/10.1/x, https://example.org/p, me@github.com", []),
        ("Trick https://github.com@evil.example/a/b and https://g\u00edthub.com/a/b", []),
        (
            "<details><summary>https://github.com/cut...</summary><p>https://github.com/full/repo</p></details>",
            ["https://github.com/full/repo"],
        ),
    ],
)
def test_text_links_from_abstract(abstract: str, urls: list[str]) -> None:
    entry = one_row(f"| T | 2025-01-01 | {abstract} | | None |")
    assert [t.url for t in entry.text_links] == urls
    assert {t.origin for t in entry.text_links} <= {LinkOrigin.ABSTRACT}
    assert entry.code_links == ()


def test_text_links_keep_code_column_duplicates_but_not_their_own() -> None:
    entry = one_row(
        "| T | 2025-01-01 | https://github.com/a/b. | https://github.com/a/b | "
        "[Code Link](https://github.com/a/b) |"
    )
    assert [(t.url, t.origin) for t in entry.text_links] == [
        ("https://github.com/a/b", LinkOrigin.ABSTRACT)
    ]
    assert [c.url for c in entry.code_links] == ["https://github.com/a/b"]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        # a table inside a code fence is not a table
        ("```\n" + HEADER + "| T | 2025-01-01 | | | https://github.com/a/b |\n```\n", [(4, "")]),
        # a heading inside a fence is not a section
        ("## Real\n~~~\n# fake\nhttps://github.com/a/b\n~~~\n", [(4, "Real")]),
        # closing hashes and emphasis are not part of the section name
        ("## **Bold** section ##\n\n" + HEADER + "| T | | | | None |\n", [(5, "Bold section")]),
        ("#NoSpace\n" + HEADER + "| T | | | | None |\n", [(4, "")]),
        # a blank line ends a table; a row after it is prose, not an entry
        (HEADER + "| T | | | | None |\n\n| Stray | | | | https://github.com/s/t |\n", [(3, "")]),
        # a separator line inside a table is skipped
        (
            HEADER + "| A | | | | None |\n| --- | --- | --- | --- | --- |\n| B | | | | None |\n",
            [(3, ""), (5, "")],
        ),
    ],
)
def test_structure(text: str, entries: list[tuple[int, str]]) -> None:
    assert [(e.line, e.section) for e in read_digest(text, "s.md").entries] == entries


def test_rows_without_outer_pipes_do_not_swallow_following_prose() -> None:
    text = "Title | Code\n--- | ---\nA | https://github.com/a/a\nB | None\nsome prose after it\n"
    digest = read_digest(text, "p.md")
    assert [(e.line, e.title) for e in digest.entries] == [(3, "A"), (4, "B")]
    assert digest.problems == ()


def test_row_missing_its_trailing_pipe_is_read_alone() -> None:
    text = HEADER + "| A | 2025-01-01 | abs | | None\n| B | 2025-01-02 | abs | | None |\n"
    digest = read_digest(text, "m.md")
    assert [(e.line, e.title, e.code_cell) for e in digest.entries] == [
        (3, "A", "None"),
        (4, "B", "None"),
    ]
