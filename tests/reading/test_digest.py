"""Tests for the digest reader: the real example, fixture digests and inline edge cases."""

from __future__ import annotations

import random
import re
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from repro_audit.models import Digest, DigestEntry, LinkOrigin
from repro_audit.reading.digest import DigestInputError, decode_digest, read_digest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "digest.md"
DIGESTS = Path(__file__).resolve().parents[1] / "data" / "digests"

HEADER = "| Title | Date | Abstract | Comment | CodeRepository |\n| --- | --- | --- | --- | --- |\n"


def read_fixture(name: str) -> Digest:
    path = DIGESTS / name
    return read_digest(decode_digest(path.read_bytes(), str(path)), name)


def one_row(row: str, header: str = HEADER) -> DigestEntry:
    digest = read_digest(header + row + "\n", "inline.md")
    assert len(digest.entries) == 1
    return digest.entries[0]


def line_of(text: str, marker: str) -> int:
    """1-based number of the first line holding `marker`: an oracle independent of the reader."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(marker)


# --- the real example digest -------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> Digest:
    return read_digest(decode_digest(EXAMPLE.read_bytes(), "examples/digest.md"), "ex.md")


def test_example_counts(example: Digest) -> None:
    assert example.tables == 1
    assert example.problems == ()
    assert len(example.entries) == 200
    assert sum(1 for e in example.entries if e.code_links) == 42
    assert sum(1 for e in example.entries if not e.code_links) == 158
    assert all(len(e.code_links) <= 1 for e in example.entries)
    assert all(e.code_cell == "None" for e in example.entries if not e.code_links)


def test_example_line_numbers_and_section(example: Digest) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    row_lines = [n for n, line in enumerate(lines, start=1) if line.startswith("| **[")]
    assert [e.line for e in example.entries] == row_lines
    assert example.entries[0].line == 5
    assert {e.section for e in example.entries} == {"Image Classification"}
    for entry in example.entries:
        assert entry.title and entry.title in lines[entry.line - 1]
        assert all(link.line == entry.line for link in entry.code_links + entry.text_links)


def test_example_first_row(example: Digest) -> None:
    first = example.entries[0]
    assert first.title.startswith("Rethinking Hebbian Principle: Low-Dimensional")
    assert (first.arxiv_id, first.arxiv_version) == ("2510.14810", 1)
    assert first.paper_date == date(2025, 10, 16)
    assert first.code_cell == "[Code Link](https://github.com/brain-intelligence-lab/SPHeRe)"
    assert [(c.url, c.origin) for c in first.code_links] == [
        ("https://github.com/brain-intelligence-lab/SPHeRe", LinkOrigin.CODE_COLUMN)
    ]
    # the abstract names the same repository: reported too, the caller decides
    assert [t.url for t in first.text_links] == ["https://github.com/brain-intelligence-lab/SPHeRe"]


def test_example_arxiv_and_date_on_every_row(example: Digest) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for entry in example.entries:
        match = re.search(r"arxiv\.org/abs/(\d{4}\.\d{5})v(\d+)", text[entry.line - 1])
        assert match is not None
        assert entry.arxiv_id == match.group(1)
        assert entry.arxiv_version == int(match.group(2))
        assert entry.paper_date is not None
        assert entry.paper_date.isoformat() in text[entry.line - 1]


def test_example_missed_code_link_in_abstract(example: Digest) -> None:
    (ego,) = [e for e in example.entries if "EgoAgent" in e.title]
    assert ego.code_links == ()
    assert [(t.url, t.origin) for t in ego.text_links] == [
        ("https://github.com/zju3dv/EgoAgent", LinkOrigin.ABSTRACT)
    ]
    urls = {t.url for e in example.entries for t in e.text_links}
    assert "https://github.com/NK-JittorCV/Self-Supervised/" in urls
    assert "https://anonymous.4open.science/r/MemAttack-5413/" in urls
    assert "https://github.com/multimodallearning/MetaFormerMedImaging/tree/clean_code" in urls
    assert not any(url.endswith((".", ",")) for url in urls)
    assert not any("doi.org" in url or "polytechnique" in url for url in urls)


def test_example_comments_take_the_full_details_text(example: Digest) -> None:
    by_start = {e.title.split(":")[0]: e for e in example.entries}
    assert by_start["FedPPA"].comment == "8 pages, TrustCom 2025 Conference"
    assert all("..." not in e.comment and "<" not in e.comment for e in example.entries)
    diffuse = [e for e in example.entries if "https://diffusemix.github.io/" in e.comment]
    assert len(diffuse) == 1
    assert [(t.url, t.origin) for t in diffuse[0].text_links] == [
        ("https://diffusemix.github.io/", LinkOrigin.COMMENT)
    ]


# --- fixture digests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marker", "code_urls", "problem"),
    [
        ("Bold link cell", ["https://github.com/alpha/one"], None),
        ("Null cell", [], None),
        ("Upper null cell", [], None),
        ("Not applicable", [], None),
        ("Hyphen", [], None),
        ("Em dash", [], None),
        ("Anchor tag", ["https://github.com/alpha/two"], None),
        ("Bare URL", ["https://github.com/alpha/three"], None),
        ("Two links", ["https://github.com/alpha/four", "https://gitlab.com/alpha/four"], None),
        ("Empty cell", [], None),
        ("Promise", [], "code cell has no link: 'Coming soon'"),
        ("Scheme-less link", ["github.com/alpha/five"], None),
        ("Word None", [], None),  # 'sometime in 2024' names its year: read as 2024-01-01
        ("Old style id", [], "date '2024-02-30' does not exist"),
        ("Written id", ["https://github.com/alpha/six"], None),
    ],
)
def test_code_column_variants(marker: str, code_urls: list[str], problem: str | None) -> None:
    digest = read_fixture("code_column_variants.md")
    text = (DIGESTS / "code_column_variants.md").read_text(encoding="utf-8")
    (entry,) = [e for e in digest.entries if e.title.startswith(marker)]
    assert entry.line == line_of(text, marker)
    assert entry.section == "Code column shapes"
    assert [link.url for link in entry.code_links] == code_urls
    assert all(link.origin is LinkOrigin.CODE_COLUMN for link in entry.code_links)
    assert entry.code_cell == text.splitlines()[entry.line - 1].rsplit("|", 2)[1].strip()
    assert entry.problems == ((problem,) if problem else ())


@pytest.mark.parametrize(
    ("marker", "arxiv_id", "version", "paper_date"),
    [
        ("Bold link cell", "2401.00001", 3, date(2024, 1, 2)),
        ("Null cell", "2401.00002", 1, date(2024, 1, 3)),
        ("Upper null cell", "2401.00003", 2, date(2024, 1, 4)),
        ("Old style id", "hep-th/9901001", 2, None),
        ("Written id", "2402.12345", 4, None),
    ],
)
def test_fixture_ids_and_dates(
    marker: str, arxiv_id: str, version: int, paper_date: date | None
) -> None:
    digest = read_fixture("code_column_variants.md")
    (entry,) = [e for e in digest.entries if e.title.startswith(marker)]
    assert (entry.arxiv_id, entry.arxiv_version, entry.paper_date) == (
        arxiv_id,
        version,
        paper_date,
    )


def test_fixture_problems_are_collected_with_their_lines() -> None:
    digest = read_fixture("code_column_variants.md")
    assert len(digest.entries) == 15
    assert [(p.line, p.message) for p in digest.problems] == [
        (17, "code cell has no link: 'Coming soon'"),
        (20, "date '2024-02-30' does not exist"),
    ]


def test_no_code_column() -> None:
    digest = read_fixture("no_code_column.md")
    assert digest.tables == 1
    assert [e.line for e in digest.entries] == [5, 6, 7]
    assert all(e.code_cell == "" and e.code_links == () for e in digest.entries)
    first, nothing, repeats = digest.entries
    assert [(t.url, t.origin) for t in first.text_links] == [
        ("https://github.com/beta/plain", LinkOrigin.ABSTRACT),
        ("https://gitlab.com/beta/mirror", LinkOrigin.ABSTRACT),
        ("https://github.com/beta/inComment.git", LinkOrigin.COMMENT),
    ]
    assert first.comment == "Code at https://github.com/beta/inComment.git"
    assert nothing.text_links == ()
    assert nothing.comment == "12 pages"
    # one repository named three ways in one row is reported once, as first written
    assert [t.url for t in repeats.text_links] == ["https://github.com/beta/Same"]


def test_no_table_collects_code_links_from_prose() -> None:
    digest = read_fixture("no_table.md")
    assert digest.tables == 0
    found = [
        (e.line, e.section, e.title, [(c.url, c.origin, c.line) for c in e.code_links])
        for e in digest.entries
    ]
    text, item = LinkOrigin.TEXT, LinkOrigin.LIST_ITEM
    # list items are papers (issue 12): one entry each, titled by their text or first label
    assert found == [
        (7, "Vision", "A paper", [("https://github.com/gamma/vision", item, 7)]),
        (8, "Vision", "MyTool", [("https://github.com/gamma/tool", item, 8)]),
        (9, "Vision", "Another mirror", [("https://gitlab.com/gamma/mirror", item, 9)]),
        (13, "Language", "Language", [("https://example.org/download/model.zip", text, 13)]),
        (17, "Language", "Language", [("https://github.com/gamma/language.git", text, 17)]),
    ]
    assert [link.url for link in digest.entries[0].text_links] == [
        "https://gamma.github.io/vision/"
    ]
    assert (digest.entries[1].arxiv_id, digest.entries[1].arxiv_version) == ("2405.01234", 2)
    assert digest.items == 3


def test_crlf_fixture() -> None:
    raw = (DIGESTS / "crlf.md").read_bytes()
    assert b"\r\n" in raw, "the fixture must keep its CRLF line endings"
    digest = read_fixture("crlf.md")
    assert digest.tables == 2
    assert [(e.line, e.section, e.title) for e in digest.entries] == [
        (5, "CRLF digest", "First"),
        (6, "CRLF digest", "Second"),
        (12, "After", "Third"),
    ]
    assert digest.entries[0].text_links[0].url == "https://github.com/delta/first"
    assert digest.entries[1].comment == "8 pages"
    assert not any("\r" in e.code_cell + e.comment + e.title for e in digest.entries)


@pytest.mark.parametrize(
    ("marker", "code_urls", "comment", "problem"),
    [
        (
            "Pipe in HTML",
            ["https://github.com/eps/html"],
            "8 pages",
            "row has 7 cells, header has 5; merged '|' into Abstract",
        ),
        ("Pipe in plain text", [], "", "row has 9 cells, header has 5; merged '|' into Abstract"),
        (
            "Pipe in comment",
            ["https://github.com/eps/comment"],
            "A | B track",
            "row has 7 cells, header has 5; merged '|' into Comment",
        ),
        ("Too few cells", [], "", "row has 3 cells, header has 5; missing cells left empty"),
        (
            "Wrapped row",
            ["https://github.com/eps/wrapped"],
            "",
            "row continues over lines 9-10; read as one row",
        ),
        ("After the wrap", [], "", None),
    ],
)
def test_unescaped_pipes_and_wrong_cell_counts(
    marker: str, code_urls: list[str], comment: str, problem: str | None
) -> None:
    digest = read_fixture("pipe_in_abstract.md")
    text = (DIGESTS / "pipe_in_abstract.md").read_text(encoding="utf-8")
    (entry,) = [e for e in digest.entries if e.title == marker]
    assert entry.line == line_of(text, marker)
    assert [c.url for c in entry.code_links] == code_urls
    assert entry.comment == comment
    assert entry.problems == ((problem,) if problem else ())
    if problem:
        assert (entry.line, problem) in {(p.line, p.message) for p in digest.problems}


def test_wrapped_row_links_point_at_their_physical_line() -> None:
    digest = read_fixture("pipe_in_abstract.md")
    (entry,) = [e for e in digest.entries if e.title == "Wrapped row"]
    assert entry.line == 9
    assert [(t.url, t.line) for t in entry.text_links] == [("https://github.com/eps/wrapped", 10)]
    assert [c.line for c in entry.code_links] == [10]
    assert len(digest.entries) == 6


def test_two_tables_under_two_headings() -> None:
    digest = read_fixture("two_tables.md")
    assert digest.tables == 2
    assert [(e.line, e.section, e.title) for e in digest.entries] == [
        (7, "Image Classification", "Classifier"),
        (8, "Image Classification", "Another classifier"),
        (14, "Object Detection", "Detector"),
    ]
    detector = digest.entries[2]
    assert [c.url for c in detector.code_links] == ["https://github.com/zeta/detector"]
    assert (detector.arxiv_id, detector.arxiv_version) == ("2408.00003", 2)
    assert detector.paper_date == date(2024, 8, 3)


# --- decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain ascii", "plain ascii"),
        ("caf\u00e9 \u2014 \u4ee3\u7801".encode(), "caf\u00e9 \u2014 \u4ee3\u7801"),
        (b"\xef\xbb\xbf# With BOM", "# With BOM"),
        (
            "caf\u00e9 \u2019quoted\u2019 \u20ac5".encode("cp1252"),
            "caf\u00e9 \u2019quoted\u2019 \u20ac5",
        ),
        (b"undefined in cp1252: \x81\x8d", "undefined in cp1252: \x81\x8d"),
        # mostly UTF-8 with one damaged byte stays UTF-8 (the damage becomes U+FFFD)
        ("\u00e9\u00e8\u00ea\u00eb ok ".encode() + b"\xff", "\u00e9\u00e8\u00ea\u00eb ok \ufffd"),
        (b"a\r\nb\rc\n", "a\r\nb\rc\n"),
        (b"", ""),
        (b"\xe9t\xe9", "\u00e9t\u00e9"),
        (
            "Ann\u00e9e \u2013 r\u00e9sum\u00e9 ".encode("cp1252") * 20,
            "Ann\u00e9e \u2013 r\u00e9sum\u00e9 " * 20,
        ),
        (b"\x1b[1mbold\x1b[0m and a tab\t", "\x1b[1mbold\x1b[0m and a tab\t"),
    ],
)
def test_decode_digest(data: bytes, text: str) -> None:
    assert decode_digest(data, "d.md") == text


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        (b"# digest\x00with a NUL", "NUL byte at offset 8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte"),
        (b"\xff\xfe#\x00 \x00", "UTF-16"),
        (bytes(range(1, 32)) * 40, "mostly non-text"),
        (bytes(b or 1 for b in random.Random(7).randbytes(4000)), "mostly non-text"),
    ],
)
def test_decode_digest_refuses_binary(data: bytes, message_part: str) -> None:
    with pytest.raises(DigestInputError) as caught:
        decode_digest(data, "bad.bin")
    message = str(caught.value)
    assert message_part in message
    assert message.startswith("bad.bin: ")
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_decode_refuses_a_nul_byte_anywhere() -> None:
    """Not only in the first 8 KiB: binary data after a text head is still binary (issue 18)."""
    data = b"# digest\n" + b"x" * 9000 + b"\x00"
    with pytest.raises(DigestInputError, match="NUL byte at offset 9009"):
        decode_digest(data, "late.md")


# --- line endings and line numbers ---------------------------------------------------------------

ENDINGS_DIGEST = (
    "# Title\n\n## Section A\n\n"
    + HEADER
    + "| **[One](http://arxiv.org/abs/2501.00001v1)** | 2025-01-01 | Abs. | | None |\n"
    + "| **[Two](http://arxiv.org/abs/2501.00002v1)** | 2025-01-02 | See github.com/o/two. | | "
    + "[Code Link](https://github.com/o/two) |\n\n## Section B\n\n"
    + HEADER
    + "| **[Three](http://arxiv.org/abs/2501.00003v1)** | 2025-01-03 | Abs. | | None |"
)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_line_endings_keep_line_numbers(ending: str, bom: str) -> None:
    digest = read_digest(bom + ENDINGS_DIGEST.replace("\n", ending), "e.md")
    assert [(e.line, e.section, e.title) for e in digest.entries] == [
        (7, "Section A", "One"),
        (8, "Section A", "Two"),
        (14, "Section B", "Three"),
    ]
    assert [(t.url, t.line) for t in digest.entries[1].text_links] == [
        ("https://github.com/o/two", 8)
    ]
    assert digest.problems == ()


def test_other_unicode_line_separators_are_not_line_breaks() -> None:
    text = "## A\u2028B\n\n" + HEADER + "| T\u0085x | 2025-01-01 | a\u000cb | | None |\n"
    digest = read_digest(text, "u.md")
    assert [(e.line, e.section) for e in digest.entries] == [(5, "A B")]


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


def test_table_without_known_columns_is_skipped_with_a_problem() -> None:
    text = "| Key | Value |\n| --- | --- |\n| a | https://github.com/k/v |\n\n" + HEADER
    text += "| Real | 2025-01-01 | | | None |\n"
    digest = read_digest(text, "t.md")
    assert digest.tables == 1
    assert [(e.line, e.title) for e in digest.entries] == [(7, "Real")]
    assert digest.problems[0].line == 1
    assert "skipped" in digest.problems[0].message


def test_only_unknown_tables_fall_back_to_prose() -> None:
    digest = read_digest("| Key | Value |\n| --- | --- |\n| a | https://github.com/k/v |\n", "t.md")
    assert digest.tables == 0
    assert [(e.line, e.code_links[0].url) for e in digest.entries] == [
        (3, "https://github.com/k/v")
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


# --- robustness and cost -------------------------------------------------------------------------

NASTY = [
    "",
    "\n\n\n",
    "|",
    "||||\n|-|\n|",
    "| a |\n| - |\n" + "|" * 1000,
    "| Title |\n|---|\n| [unclosed(http://arxiv.org/abs/ |\n",
    '| Code |\n|---|\n| <a href="x | \\| | ](( |\n',
    "# \n## \n###### ####\n",
    "```\nunclosed fence | a |\n| - |\n",
    HEADER + "| " + "<p>" * 500 + " | " * 300 + "\n",
    HEADER + "| T | 9999-99-99 | | | https://[ |\n",
    HEADER + "| T | 2025-01-01 | arXiv:2401.12345v" + "9" * 5000 + " | | None |\n",
    "https://" + "a" * 10_000 + ".github.io/" + ")" * 1000,
    "\ufeff\x00\x01\ud800 | weird | \n| - | - |\n| \x85 | \u2028 |\n",
    "[" * 2000 + "](" * 2000 + "github.com/" * 500,
]


@pytest.mark.parametrize("text", NASTY)
def test_never_raises_on_odd_text(text: str) -> None:
    digest = read_digest(text, "odd.md")
    line_count = text.count("\n") + text.count("\r") + 1
    assert all(1 <= e.line <= line_count for e in digest.entries)


def test_never_raises_on_random_markdown() -> None:
    alphabet = [
        "|",
        "-",
        " ",
        "\n",
        "\r",
        "#",
        "*",
        "[",
        "]",
        "(",
        ")",
        "<p>",
        "</p>",
        "`",
        "https://github.com/a/b",
        "github.com/",
        ".",
        "None",
        "2025-01-01",
        ":",
        "\\",
    ]
    rng = random.Random(20251016)
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))
        digest = read_digest(HEADER + text if rng.random() < 0.5 else text, "r.md")
        assert isinstance(digest.entries, tuple)
        for entry in digest.entries:
            assert all(link.line >= entry.line for link in entry.code_links + entry.text_links)


def _big_digest(rows: int) -> str:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.startswith("| **[")]
    return "\n".join(lines[:4] + [body[i % len(body)] for i in range(rows)]) + "\n"


def test_ten_thousand_rows_are_all_read() -> None:
    """How fast is bench/bench_reading.py's to say (house rule: tests check behaviour)."""
    text = _big_digest(10_000)
    digest = read_digest(text, "big.md")
    assert len(digest.entries) == 10_000
    assert digest.entries[-1].line == 10_004


def test_memory_stays_proportional_to_the_input() -> None:
    text = _big_digest(2_000)  # about 3.3 MB of real rows
    tracemalloc.start()
    try:
        read_digest(text, "big.md")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(text), f"peak {peak} bytes for {len(text)} characters of input"
