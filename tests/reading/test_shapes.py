"""Every list shape of issue 12, one hand-written fixture each: links, lines, origins, titles,
dates. The expectations are written from the fixture text, not from the reader's output."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from repro_audit.models import Digest, LinkKind, LinkOrigin
from repro_audit.reading.digest import read_digest
from repro_audit.reading.finding import CODE_HOST_KINDS

SHAPES = Path(__file__).resolve().parents[1] / "data" / "digests" / "shapes"
CODE, LABEL, ABSTRACT, COMMENT = (
    LinkOrigin.CODE_COLUMN,
    LinkOrigin.CODE_LABEL,
    LinkOrigin.ABSTRACT,
    LinkOrigin.COMMENT,
)
CELL, BADGE, ITEM = LinkOrigin.CELL, LinkOrigin.BADGE, LinkOrigin.LIST_ITEM


def read_shape(name: str) -> Digest:
    path = SHAPES / name
    return read_digest(path.read_text(encoding="utf-8"), name)


def line_of(name: str, marker: str) -> int:
    """The 1-based line holding `marker`, found without the reader."""
    lines = (SHAPES / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if marker in line)


def code_host_links(digest: Digest) -> list[tuple[int, str, LinkOrigin]]:
    return [
        (found.line, found.url, found.origin)
        for entry in digest.entries
        for found in (*entry.code_links, *entry.text_links)
        if found.link.kind in CODE_HOST_KINDS
    ]


# (fixture, [(marker on the link's line, url, origin)]) for every code-host link written in it
LINKS = [
    (
        "latex.md",
        [
            ("sparse-lab", "https://github.com/sparse-lab/mixers", ABSTRACT),
            ("tiny-org", "https://github.com/tiny-org/solvers", ABSTRACT),
            ("both/ways)", "https://github.com/both/ways", CODE),
            ("both/ways)", "https://gitlab.com/both/ways", ABSTRACT),
            ("both/ways)", "https://both.github.io/ways/", ABSTRACT),
        ],
    ),
    (
        "ragged.md",
        [
            ("stray/end", "https://github.com/stray/end", CODE),
            ("pipe/title", "https://github.com/pipe/title", CODE),
            ("missing/venue", "https://github.com/missing/venue", CODE),
            ("missing/date", "https://github.com/missing/date", CODE),
            ("whole/row", "https://github.com/whole/row", CODE),
        ],
    ),
    (
        "badges.md",
        [
            ("fast-gnn", "https://github.com/graph-lab/fast-gnn", CODE),
            ("fast-gnn", "https://github.com/graph-lab/fast-gnn", BADGE),
            ("seg-any", "https://github.com/vision-team/seg-any", BADGE),
            ("long-ctx", "https://github.com/nlp-group/long-ctx", CODE),
            ("long-ctx", "https://github.com/nlp-group/long-ctx", BADGE),
        ],
    ),
    (
        "dates.md",
        [
            ("pc-lab", "https://github.com/pc-lab/anew", CODE),
            ("classic/old", "https://github.com/classic/old", CODE),
            ("venue/paper", "https://github.com/venue/paper", CODE),
            ("short/year", "https://github.com/short/year", CODE),
            ("pub/paper", "https://github.com/pub/paper", CODE),
            ("sub/paper", "https://github.com/sub/paper", CODE),
        ],
    ),
    (
        "columns.md",
        [
            ("page/one", "https://github.com/page/one", CODE),
            ("page/two", "https://github.com/page/two", CODE),
            ("links/one", "https://github.com/links/one", CODE),
            ("two/cols", "https://github.com/two/cols", CODE),
            ("two/cols", "https://gitlab.com/two/cols-port", CODE),
            ("impl/paper", "https://github.com/impl/paper", CODE),
            ("unnamed/last", "https://github.com/unnamed/last", CODE),
            ("inline/code", "https://github.com/inline/code", LABEL),
            ("missed/elsewhere", "https://github.com/missed/elsewhere", CELL),
        ],
    ),
    (
        "bullets.md",
        [
            ("blur/depth", "https://github.com/blur/depth", ITEM),
            ("fields/survey)", "https://github.com/fields/survey", ITEM),
            ("fields.github.io", "https://fields.github.io/survey/", ITEM),
            ("wrapped/item", "https://gitlab.com/wrapped/item", ITEM),
        ],
    ),
    (
        "noise.md",
        [
            ("one/slash", "https://github.com/one/slash", CODE),
            ("profile/authors", "https://github.com/profile/authors", CODE),
        ],
    ),
    (  # papers-with-code lists: a bold title, then `- Code: url` items (issue 12, real lists)
        "blocks.md",
        [
            ("Homepage: https://quiet-lab", "https://quiet-lab.github.io/quiet-depth/", ITEM),
            (
                "Code: https://github.com/quiet-lab",
                "https://github.com/quiet-lab/quiet-depth",
                ITEM,
            ),
            ("tiny-robots", "https://gitlab.com/tiny-robots/sparse-flow", ITEM),
        ],
    ),
    (  # awesome lists of paragraphs: bold title, authors, venue and links, date; hard breaks
        "paragraphs.md",
        [
            ("sched-lab", "https://github.com/sched-lab/revisited", ITEM),
            ("guide-team", "https://guide-team.github.io/again/", ITEM),
        ],
    ),
    (  # DailyArXiv tables without a code column: code only in abstracts, some scheme-less
        "daily_no_code_column.md",
        [
            ("few-points", "https://github.com/few-points/forecast", ABSTRACT),
            ("stream-lab/anomalies", "https://github.com/stream-lab/anomalies", ABSTRACT),
            ("stream-lab/anomalies", "https://stream-lab.github.io/anomalies/", ABSTRACT),
            ("cond/density", "https://gitlab.com/cond/density", ABSTRACT),
        ],
    ),
    (  # shapes a review of the reader met beyond the fixtures above
        "wild.md",
        [
            ("wild-lab/stars-link)", "https://github.com/wild-lab/stars-link", CODE),
            ("wild-lab/html-anchor", "https://github.com/wild-lab/html-anchor", CODE),
            (
                "[code](https://github.com/wild-lab/old-badge",
                "https://github.com/wild-lab/old-badge",
                CODE,
            ),
            ("old-badge.svg", "https://github.com/wild-lab/old-badge", BADGE),
            ("anchor-title", "https://github.com/wild-lab/anchor-title", LABEL),
            ("my\\_repo", "https://github.com/esc-lab/my_repo", ABSTRACT),
            ("cell\\_repo", "https://github.com/esc-lab/cell_repo", CODE),
            ("names/weak", "https://github.com/names/weak", CODE),
            ("names/shifted", "https://github.com/names/shifted", LABEL),
            ("names/linked", "https://github.com/names/linked", CODE),
            ("pages-lab.github.io/untitled", "https://pages-lab.github.io/untitled/", CELL),
            ("pages-lab/second", "https://github.com/pages-lab/second", CODE),
            ("pages-lab/second", "https://pages-lab.github.io/second/", CELL),
            ("bullets/slash", "https://github.com/bullets/slash", ITEM),
            ("badge-first)", "https://github.com/bullets/badge-first", ITEM),
            ("badge-first)", "https://github.com/bullets/badge-first", BADGE),
            ("bullets/codes", "https://github.com/bullets/codes", ITEM),
            ("bullets/field", "https://github.com/bullets/field", ITEM),
            ("bullets/nick-net", "https://github.com/bullets/nick-net", ITEM),
        ],
    ),
    (  # shapes a second review met on eight more public lists
        "more_lists.md",
        [
            ("nest/one", "https://github.com/nest/one", ITEM),
            ("nest/two", "https://github.com/nest/two", ITEM),
            ("sib/parent", "https://github.com/sib/parent", ITEM),
            ("sib/child", "https://github.com/sib/child", ITEM),
            ("lazy/net", "https://github.com/lazy/net", ITEM),
            ("openai/gym", "https://github.com/openai/gym", ITEM),
            ("openai/gym", "https://github.com/mwydmuch/ViZDoom", ITEM),
            ("graph/paper", "https://github.com/graph/paper", ITEM),
            ("pdf-lab/code", "https://github.com/pdf-lab/code", ITEM),
            (
                "pdf-lab/code",
                "https://github.com/pdf-lab/pdf-lab.github.io/blob/main/paper.pdf",
                ITEM,
            ),
            ("venue/first", "https://github.com/venue/first", ITEM),
            ("prose/claimed", "https://github.com/prose/claimed", LinkOrigin.TEXT),
        ],
    ),
    (
        "more_tables.md",
        [
            ("vdc/code", "https://github.com/vdc/code", CODE),
            ("pdc/code", "https://github.com/pdc/code", CODE),
            ("tools/named", "https://github.com/tools/named", CODE),
        ],
    ),
    (  # shapes a third review met on nine more public lists
        "third_lists.md",
        [
            ("lead/year-venue", "https://github.com/lead/year-venue", ITEM),
            ("lead/paren", "https://github.com/lead/paren", ITEM),
            ("lead/curly", "https://github.com/lead/curly", ITEM),
            ("lead/indexed", "https://github.com/lead/indexed", ITEM),
            ("lead/resource", "https://github.com/lead/resource", ITEM),
            ("lead/workshop", "https://github.com/lead/workshop", ITEM),
            ("lead/doubled", "https://github.com/lead/doubled", ITEM),
            ("lead/slides-code", "https://github.com/lead/slides-code", ITEM),
            ("lead/slides-code", "https://github.com/lead/talks/blob/main/slides.pdf", ITEM),
            ("numbered/twelve", "https://github.com/numbered/twelve", ITEM),
        ],  # nothing from the HTML comments
    ),
    (
        "project_page.md",
        [
            ("pageonly", "https://pageonly.github.io/", COMMENT),
            ("proj-site", "https://site-lab.github.io/proj-site/", COMMENT),
        ],
    ),
]


@pytest.mark.parametrize(("name", "expected"), LINKS, ids=[name for name, _ in LINKS])
def test_every_code_host_link_on_its_line_with_its_origin(
    name: str, expected: list[tuple[str, str, LinkOrigin]]
) -> None:
    found = code_host_links(read_shape(name))
    wanted = [(line_of(name, marker), url, origin) for marker, url, origin in expected]
    assert sorted(found, key=str) == sorted(wanted, key=str)


TITLES = [
    ("badges.md", ["Fast Graph Nets", "Segment More", "Long Context", "No Badge Here"]),
    ("ragged.md", ["Stray Pipe At End", "Pipe In Title | Part Two", "Missing Venue",
                   "Missing Date", "Whole Row"]),
    ("bullets.md", ["Depth From Blur", "Flow Without Labels", "Neural Fields Survey",
                    "Wrapped Item"]),
    ("blocks.md", ["Quiet Depth: Monocular Depth Without Labels",
                   "Stereo Again: A Second Look at Matching", "Sparse Flow for Tiny Robots"]),
    ("paragraphs.md", ["Noise Schedules Revisited", "Guidance Without Classifiers, Again",
                       "A Paper Without Code"]),
    ("wild.md", ["Stars As Link", "Html Badge Anchor", "Svg Badge Title", "Anchor In Title",
                 "Escaped Abstract",
                 "Escaped Cell", "Weak Title Name", "Shifted Row", "Linked Venue",
                 "Untitled Column", "Second Page", "Slash Bullet", "Paper As Code", "Bullets",
                 "Codes In Title", "Field Named Title", "Nick-Net"]),
    ("more_lists.md", ["Nested Paper One", "Nested Paper Two", "Sibling Parent", "Sibling Child",
                       "Lazy-Net", "World Models Again", "Graph Paper", "Pdf In A Repo",
                       "Bracketed Venue First Then The Title", "Detection"]),
    ("third_lists.md", ["Year And Venue First", "Venue In Parentheses First", "Curly Quote Venue",
                        "Indexed Title", "Tagged Preprint", "named-resource", "Workshop Venue",
                        "Doubled Scheme", "Slides In A Repo", "Code Field Off GitHub",
                        "Mapping Numbered Papers: One Per Number",
                        "A Numbered Paper Without Code"]),
    ("more_tables.md", ["Venue In Date Column", "Preprint In Date Column", "Named Tool"]),
    ("columns.md", ["Page Paper", "Page Paper Two", "Links Paper", "Links Paper Two",
                    "Two Columns", "Impl Paper", "Unnamed Paper", "Unnamed Paper Two",
                    "Inline Paper", "Missed Paper"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "titles"), TITLES, ids=[name for name, _ in TITLES])
def test_titles_are_never_badge_text_nor_code_labels(name: str, titles: list[str]) -> None:
    digest = read_shape(name)
    assert [entry.title for entry in digest.entries] == titles
    assert not any(e.title.lower() in {"star", "stars", "code", "github"} for e in digest.entries)


DATES = [
    ("Point Clouds Anew", date(2025, 1, 15)),  # Publish Date
    ("No Code Yet", date(2025, 1, 16)),
    ("Old Classic", date(2019, 1, 1)),  # Year
    ("Venue Paper", date(2023, 1, 1)),  # Venue with a year
    ("Short Year", date(2024, 1, 1)),  # ICLR'24
    ("Published Paper", date(2024, 3, 12)),  # Published: 12 Mar 2024
    ("Submitted Paper", date(2024, 7, 9)),  # Submitted: 2024/07/09
]


def test_dates_come_from_every_date_like_column() -> None:
    digest = read_shape("dates.md")
    assert [(entry.title, entry.paper_date) for entry in digest.entries] == DATES
    assert digest.problems == ()


def test_bullet_items_give_venue_and_date() -> None:
    entries = read_shape("bullets.md").entries
    assert [(e.venue, e.paper_date) for e in entries] == [
        ("CVPR 2024", date(2024, 1, 1)),
        ("ECCV 2022", date(2022, 1, 1)),
        ("ICCV 2023", date(2023, 1, 1)),
        ("NeurIPS 2021", date(2021, 1, 1)),
    ]
    assert [e.line for e in entries] == [line_of("bullets.md", t) for t in
                                         ("Depth", "Flow", "Neural", "Wrapped")]  # fmt: skip
    assert entries[1].code_links == ()  # a paper without code is still an entry


def test_paper_blocks_are_one_entry_each_from_their_title_line() -> None:
    """A bold title line and what follows it (its paragraph, or its `- Field: url` items) are
    one paper: not one entry per item titled 'Code', nor one per link titled by the section."""
    blocks = read_shape("blocks.md").entries
    assert [e.line for e in blocks] == [line_of("blocks.md", t) for t in ("**Quiet", "**Stereo",
                                                                          "**Sparse")]  # fmt: skip
    assert [len(e.code_links) for e in blocks] == [1, 0, 1]  # `Code: None` is no link
    assert blocks[0].text_links[0].link.kind is LinkKind.GITHUB_PAGES  # the homepage is not code
    paragraphs = read_shape("paragraphs.md").entries
    assert [(e.venue, e.paper_date) for e in paragraphs] == [
        ("arXiv 2023", date(2023, 9, 12)),  # the date line, more precise than the venue's year
        ("ICLR 2024", date(2023, 10, 3)),
        ("arXiv 2023", date(2023, 11, 1)),
    ]
    assert [e.arxiv_id for e in paragraphs] == ["2309.09999", "2310.08888", "2311.07777"]


def test_noise_is_not_code_and_malformed_links_are_repaired_and_said() -> None:
    digest = read_shape("noise.md")
    by_title = {entry.title: entry for entry in digest.entries}
    dataset = by_title["Dataset Paper"].code_links[0].link
    assert (dataset.kind, dataset.reason) == (LinkKind.WEB, "Hugging Face dataset, not code")
    assert by_title["Arxiv As Code"].code_links == ()
    slash = by_title["One Slash"].code_links[0]
    assert slash.url == "https://github.com/one/slash"
    assert slash.written == "https:/github.com/one/slash"
    assert by_title["Profile Authors"].text_links == ()  # author profiles are people, not code
    messages = {(p.line, p.message) for p in digest.problems}
    assert (line_of("noise.md", "Arxiv As"), "code link https://arxiv.org/abs/2409.03333 "
            "points to arXiv, a paper, not code") in messages  # fmt: skip
    assert (line_of("noise.md", "one/slash"), "malformed link 'https:/github.com/one/slash' read "
            "as https://github.com/one/slash; fix it") in messages  # fmt: skip


def test_columns_chosen_by_content_are_said_on_the_header_line() -> None:
    digest = read_shape("columns.md")
    said = [(p.line, p.message.split(":")[0]) for p in digest.problems]
    assert said == [
        (line_of("columns.md", "| Paper | Page |"), "column 'Page' read as a code column"),
        (line_of("columns.md", "| Links |"), "column 'Links' read as a code column"),
        (line_of("columns.md", "| Project |"), "column 'Project' read as a code column"),
        (line_of("columns.md", "| Project |"), "column 'Resources' read as a code column"),
        (line_of("columns.md", "| Year | |"), "column '(unnamed column 3)' read as a code column"),
    ]


def test_ragged_rows_say_how_they_were_fitted() -> None:
    digest = read_shape("ragged.md")
    assert [(p.line, p.message) for p in digest.problems] == [
        (5, "row has 5 cells, header has 4; stray '|' at the end ignored"),
        (6, "row has 5 cells, header has 4; merged '|' into Title"),
        (7, "row has 3 cells, header has 4; cells placed by content, empty: ['Venue']"),
        # `CVPR 2023` is a venue, not a date: the missing cell is the date
        (8, "row has 3 cells, header has 4; cells placed by content, empty: ['Date']"),
    ]
    assert [e.venue for e in digest.entries] == [
        "ICML 2024",
        "ICML 2024",
        "",
        "CVPR 2023",
        "NeurIPS 2024",
    ]


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "digest.md"


@pytest.mark.parametrize(
    "path", [EXAMPLE, *sorted(SHAPES.glob("*.md"))], ids=lambda path: path.name
)
def test_links_know_their_column_on_the_line(path: Path) -> None:
    """Each link's column points at its own text, also when the abstract and the code column
    name the same URL on one line."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    columns = []
    for entry in read_digest(text, path.name).entries:
        for found in (*entry.code_links, *entry.text_links):
            shown = found.written or found.url
            there = lines[found.line - 1][found.column - 1 :]
            assert found.column > 0
            assert there.startswith(shown) or there.startswith(shown.split("://")[1])
            columns.append((found.line, found.column, found.origin))
    assert len(set(columns)) == len(columns)  # no two links of a row at the same place
