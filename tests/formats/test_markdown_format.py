"""Markdown: every cell escaped, rows never split, legend and rubric version present."""

from __future__ import annotations

import pytest

from repro_audit.formats import RenderOptions, markdown
from repro_audit.formats.common import HEADERS
from tests.formats.samples import AWKWARD_TITLE, MISSED_URL, report


def _cell_boundaries(line: str) -> int:
    """Pipes that GFM treats as cell boundaries: those not escaped by a backslash."""
    count, escaped = 0, False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            count += 1
    return count


def _main_table(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("| " + " | ".join(HEADERS) + " |")
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return table


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("a\nb", "a b"),
        ("  padded\t", "padded"),
        ("<b>x</b>", "&lt;b>x&lt;/b>"),
        ("back\\slash", "back\\\\slash"),
        ("a\\|b", "a\\\\\\|b"),  # an existing "\|" cannot turn into a boundary
        ("plain text", "plain text"),
    ],
)
def test_cell_escaping(raw: str, escaped: str) -> None:
    assert markdown.cell(raw) == escaped
    assert _cell_boundaries("| " + markdown.cell(raw) + " |") == 2


@pytest.mark.parametrize("options", [RenderOptions(), RenderOptions(show_all=True)])
def test_every_row_has_as_many_cells_as_the_header(options: RenderOptions) -> None:
    table = _main_table(markdown.render(report(), options))
    expected = len(HEADERS) + 1
    assert len(table) == 2 + (7 if options.show_all else 6)
    assert all(_cell_boundaries(line) == expected for line in table)


def test_pipes_newlines_and_html_in_titles_are_escaped() -> None:
    text = markdown.render(report(), RenderOptions())
    assert "Pipes \\| and newlines &lt;b>bold&lt;/b> L9" in text
    assert AWKWARD_TITLE not in text
    assert "<b>" not in text


def test_no_link_rows_only_with_show_all() -> None:
    hidden = markdown.render(report(), RenderOptions())
    shown = markdown.render(report(), RenderOptions(show_all=True))
    assert "No link paper" not in hidden
    assert "| No link paper L20 |" in shown
    # the summary counts them and lists the missed link either way
    for text in (hidden, shown):
        assert "| no code link | 1 |" in text
        assert f"- L20 {MISSED_URL}" in text


def test_unknown_row_shows_question_marks() -> None:
    table = _main_table(markdown.render(report(), RenderOptions()))
    row = next(line for line in table if "busy/repo" in line)
    assert row.endswith("| ? | ? | ? | ? | ? | ? |")
    assert "| no |" not in row


def test_header_legend_summary_and_problems() -> None:
    text = markdown.render(report(), RenderOptions())
    assert "rubric 0.1" in text
    legend = next(line for line in text.splitlines() if line.startswith("Legend:"))
    assert "? = unknown" in legend
    assert "licence 7" in legend
    assert "A ≥ 85" in legend
    assert "- examples/digest.md:L3 row has 4 cells \\| expected 5" in text
    assert "- anonymous budget will not fit" in text
    assert "Requests: graphql 2, rest 5, git 1; answered from cache: 0." in text
    assert "### Findings" not in text


def test_explain_lists_every_finding_in_escaped_tables() -> None:
    text = markdown.render(report(), RenderOptions(explain=True))
    assert "### Findings" in text
    assert "#### L5 lab/paper-code: 72 B (coverage 85%)" in text
    assert (
        "| Dependency specification | fail | 0/20 | no dependency specification \\| at the root"
        " | Add a requirements.txt |"
    ) in text
    assert "| Community uptake | unknown | — | stars unknown |  |" in text
    assert "#### L7 gone/repo: 0 F (coverage 15%)" in text
    finding_rows = [
        line for line in text.split("### Findings")[1].splitlines() if line.startswith("| ")
    ]
    assert all(_cell_boundaries(line) == 6 for line in finding_rows)


def test_empty_report_says_so() -> None:
    sample = report()
    only_no_link = type(sample)(
        generated_at=sample.generated_at,
        tool_version=sample.tool_version,
        rubric_version=sample.rubric_version,
        sources=sample.sources,
        rows=sample.rows[-1:],
        summary=sample.summary,
    )
    text = markdown.render(only_no_link, RenderOptions())
    assert "_No rows with a code link to show._" in text
    assert "| Paper |" not in text
