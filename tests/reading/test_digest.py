"""The digest reader on the real example digest and on the fixture digests."""

from __future__ import annotations

import re
from datetime import date

import pytest

from repro_audit.models import Digest, LinkOrigin
from repro_audit.reading.digest import decode_digest, read_digest
from tests.reading.common import DIGESTS, EXAMPLE, line_of, read_fixture

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
