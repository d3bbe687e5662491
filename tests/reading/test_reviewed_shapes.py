"""The shapes three reviews of real public lists met (wild.md, more_lists.md, more_tables.md,
third_lists.md): what a curator expects of each, beyond the links test_shapes.py checks."""

from __future__ import annotations

from datetime import date

from repro_audit.models import LinkKind
from tests.reading.test_shapes import line_of, read_shape


def test_what_the_review_met_is_read_and_said() -> None:
    """wild.md: dates and venues under other names, malformed and paper links said in bullets,
    escapes read as the page shows them and not called malformed, a column of project pages
    not taken for code."""
    digest = read_shape("wild.md")
    by_title = {entry.title: entry for entry in digest.entries}
    weak = by_title["Weak Title Name"]  # `| Method | Last Updated | Conf. | Code |`
    assert (weak.paper_date, weak.venue) == (date(2024, 5, 6), "NeurIPS 2023")
    assert by_title["Linked Venue"].venue == "ICLR 2024"  # the link's label, not its markup
    nick = by_title["Nick-Net"]  # `**[Nick-Net]** Title | **[ECCV' 16]** |`
    assert (nick.venue, nick.paper_date) == ("ECCV' 16", date(2016, 1, 1))
    assert by_title["Untitled Column"].paper_date == date(2024, 7, 8)  # Release Date
    assert by_title["Untitled Column"].code_links == ()  # project pages are no code column
    messages = {(p.line, p.message) for p in digest.problems}
    assert (line_of("wild.md", "bullets/slash"), "malformed link 'https:/github.com/bullets/slash'"
            " read as https://github.com/bullets/slash; fix it") in messages  # fmt: skip
    assert (line_of("wild.md", "Paper As Code"), "code link https://arxiv.org/abs/2305.00003 "
            "points to arXiv, a paper, not code") in messages  # fmt: skip
    assert not any("\\_" in message or "Output Codes" in message for _, message in messages)
    assert not any("column 'Project Page'" in message for _, message in messages)


def test_what_the_second_review_met_is_read_as_a_curator_would() -> None:
    """more_lists.md and more_tables.md: papers nested under a heading item are entries of
    their own; benchmarks in a field and a paper PDF in a repository are not code; venues and
    dates from italics, words and a date column of venues; the list's own links are no papers."""
    listed = {entry.title: entry for entry in read_shape("more_lists.md").entries}
    assert (listed["Sibling Child"].venue, listed["Sibling Child"].paper_date) == (
        "IROS, Apr 2023",
        date(2023, 4, 1),
    )
    assert listed["Graph Paper"].venue == "ICML 2019"  # not its paper link's address
    assert listed["World Models Again"].code_links == ()  # gym and ViZDoom are its benchmarks
    assert [link.url for link in listed["Pdf In A Repo"].code_links] == [
        "https://github.com/pdf-lab/code"
    ]
    assert "Datasets" not in listed and "Contents" not in listed  # no links, or only anchors
    tables = {entry.title: entry for entry in read_shape("more_tables.md").entries}
    assert (tables["Venue In Date Column"].venue, tables["Venue In Date Column"].paper_date) == (
        "AAAI24",
        date(2024, 1, 1),
    )
    assert tables["Preprint In Date Column"].arxiv_id == "2401.10006"
    assert read_shape("more_tables.md").problems == ()


def test_what_the_third_review_met_is_read_as_a_curator_would() -> None:
    """third_lists.md: leads before the title give the venue and date (or nothing, an index),
    a preprint's number its month, a field named code its link whatever the host; what an HTML
    comment hides is not read; numbered papers are one entry each."""
    digest = read_shape("third_lists.md")
    by_title = {entry.title: entry for entry in digest.entries}
    assert [(by_title[t].venue, by_title[t].paper_date) for t in (
        "Year And Venue First", "Venue In Parentheses First", "Curly Quote Venue",
        "Indexed Title", "Tagged Preprint", "Workshop Venue",
    )] == [
        ("ICLR", date(2016, 1, 1)), ("NAACL'21", date(2021, 1, 1)),
        ("TKDE\u201823", date(2023, 1, 1)), ("", date(2024, 3, 1)),
        ("arXiv", date(2024, 9, 1)), ("NeurIPS Workshop 2022", date(2022, 1, 1)),
    ]  # fmt: skip
    field = by_title["Code Field Off GitHub"].code_links
    assert [(link.url, link.link.kind) for link in field] == [
        ("https://zigma.example.org/code/", LinkKind.WEB)
    ]
    assert [p.message for p in digest.problems] == [
        "malformed link 'https://https://github.com/lead/doubled' read as "
        "https://github.com/lead/doubled; fix it"
    ]
    assert not any("Commented" in t or "Inline Comment" in t for t in by_title)
