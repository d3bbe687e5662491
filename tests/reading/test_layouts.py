"""Whatever the layout, every code-host link written is found, on its line: generated lists of
10,000 rows of each layout, and property tests over rows drawn at random."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repro_audit.models import Digest
from repro_audit.reading.digest import read_digest
from repro_audit.reading.finding import CODE_HOST_KINDS
from tests.reading import layouts


def found_links(digest: Digest) -> set[tuple[int, str]]:
    """(line, url) of every code-host link read, code column or elsewhere, badges aside (a badge
    repeats a repository, it is not a link written)."""
    return {
        (found.line, found.url)
        for entry in digest.entries
        for found in (*entry.code_links, *entry.text_links)
        if found.link.kind in CODE_HOST_KINDS and not found.written.startswith("https://img.")
    }


@pytest.mark.parametrize("name", sorted(layouts.MAKERS))
def test_ten_thousand_rows_of_each_layout(name: str) -> None:
    text, written = layouts.build(name, 10_000)
    digest = read_digest(text, f"{name}.md")
    assert len(digest.entries) == 10_000
    assert found_links(digest) == set(written)
    code = {(f.line, f.url) for e in digest.entries for f in e.code_links}
    if name != "latex_abstract":  # there the code is only in the abstract: missed, not given
        assert code == set(written)


rows = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(layouts.MAKERS)), picks=rows)
def test_links_found_equal_links_written_whatever_the_layout(name: str, picks: list[int]) -> None:
    header = "# A list\n\n" + layouts.HEADERS[name]
    first = header.count("\n") + 1
    lines, written = [], set()
    for i in picks:
        row, urls = layouts.MAKERS[name](i)
        lines.append(row)
        written |= layouts.placed(first, row, urls)
        first += row.count("\n") + 1
    digest = read_digest(header + "\n".join(lines) + "\n", "p.md")
    assert len(digest.entries) == len(picks)
    assert found_links(digest) == written


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(sorted(layouts.MAKERS)), st.integers(0, 999)),
        min_size=1,
        max_size=12,
    )
)
def test_links_found_equal_links_written_across_mixed_tables(
    picks: list[tuple[str, int]],
) -> None:
    """Several tables and lists of different layouts in one file, each under its own heading."""
    parts, written, line = [], set(), 1
    for number, (name, i) in enumerate(picks):
        block = f"## Part {number}\n\n" + layouts.HEADERS[name]
        row, urls = layouts.MAKERS[name](i)
        line += block.count("\n")
        written |= layouts.placed(line, row, urls)
        parts.append(block + row + "\n\n")
        line += row.count("\n") + 2
    digest = read_digest("".join(parts), "mixed.md")
    assert len(digest.entries) == len(picks)
    assert found_links(digest) == written
