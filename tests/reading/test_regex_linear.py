"""Every regular expression of the reader runs in time linear in its text (issue 18, item 6).

One row per pattern of `src/repro_audit/reading/`, each with the input that makes it work
hardest (a near miss repeated, or one long run after an opening), applied the way the reader
applies it (`search` through every match, `match`, `fullmatch`). The check is the one of
tests/hardening/test_regex_audit.py, which covers the packages outside reading/: the text grows
until the smaller run is measurable, then four times the text must take under nine times as long
(linear: about 4, quadratic: 16). A test fails when a pattern of the package has no row, and a
control shows the check fails the table-delimiter pattern as it was (quadratic on `|-` and
blanks).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repro_audit import reading
from repro_audit.reading import (
    cells,
    changed,
    columns,
    dates,
    digest,
    finding,
    items,
    leads,
    lines,
    links,
    prose,
    rows,
    sites,
    tables,
    urls,
)
from tests.hardening.test_regex_audit import grows_linearly

MODULES = {m.__name__.rsplit(".", 1)[1]: m for m in (cells, changed, columns, dates, digest,
           finding, items, leads, lines, links, prose, rows, sites, tables, urls)}  # fmt: skip


def _all(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return lambda text: sum(1 for _ in pattern.finditer(text))


def _match(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return pattern.match


def _full(pattern: re.Pattern[str]) -> Callable[[str], object]:
    return pattern.fullmatch


Row = tuple[str, Callable[[re.Pattern[str]], Callable[[str], object]], Callable[[int], str]]
# (module.NAME of the pattern, how the reader applies it, the hostile text of n units)
ROWS: list[Row] = [
    ("cells._PIPE", _all, lambda n: "\\|" * n),
    ("cells._TAG_OR_PIPE", _all, lambda n: "<a " * n),
    ("cells._TAG_OR_PIPE", _all, lambda n: "<a" + " x=y" * n),
    ("cells._YEARISH", _all, lambda n: "20245" * n),
    ("cells._WORD", _all, lambda n: "ab " * n),
    ("columns._NAME_NOISE", _all, lambda n: " *_`x" * n),
    ("dates._GLUED_YEAR", _all, lambda n: "a-" * n),
    ("dates._DATE", _all, lambda n: "2024-1" * n),
    ("dates._YEAR_MONTH", _all, lambda n: "2024-1/" * n),
    ("dates._MONTH_YEAR", _all, lambda n: "12 jan " * n),
    ("dates._MONTH_YEAR", _all, lambda n: "1 january" + " " * n + "x"),
    ("dates._YEAR", _all, lambda n: "2024." * n),
    ("dates._BROKEN", _all, lambda n: "1-x" * n),
    ("dates._SHORT_YEAR", _all, lambda n: "'2x" * n),
    ("digest._FIRST_ITEM", _match, lambda n: "-" + " " * n),
    ("digest._ITEM_AFTER_LF", _all, lambda n: "\n-" * n),
    ("digest._ITEM_AFTER_LF", _all, lambda n: "\n- " + " \t" * n),
    ("digest._ITEM_AFTER_CR", _all, lambda n: "\r1." * n),
    ("finding._DOUBLE_SCHEME", _match, lambda n: "https://" * n),
    ("finding.CODEY_LABEL", _all, lambda n: "cod " * n),
    ("finding._SUMMARY", _all, lambda n: "<summary>" * n),
    ("finding._SUMMARY", _all, lambda n: "<summary" * n),
    ("finding._SUMMARY_OPEN", _all, lambda n: "<summar" * n),
    ("finding._ARXIV", _all, lambda n: "arxiv:" * n),
    ("finding._ARXIV", _all, lambda n: "arxiv.org/abs/" + "a-" * n),
    ("finding._LATEX", _all, lambda n: "\\href{" * n),
    ("finding._MALFORMED", _all, lambda n: "http:/" * n),
    ("finding._URL_REST", _all, lambda n: "x" * n),
    ("finding._URL_PARTS", _match, lambda n: "a://" + "@" * n),
    ("finding._URL_PARTS", _match, lambda n: "a://" + "x:" * n),
    ("finding._ONE_LINK", _full, lambda n: "[code](https://a" + ".b" * n + ")"),
    ("finding._ONE_LINK", _full, lambda n: "[code](https://a.b" + "/c." * n + ")"),
    ("finding._BADGE_REPO", _all, lambda n: "/github/" * n),
    ("items._VENUE_HEAD", _all, lambda n: "aB " * n),
    ("items._ACRONYM", _full, lambda n: "AB" + "1" * n),
    ("items._DOCUMENT", _all, lambda n: ".pdf" * n),
    ("leads._YEAR_VENUE", _match, lambda n: "2016-" + "a" * 20 + " " * n),
    ("leads._BRACKET_VENUE", _match, lambda n: "(" + "a" * n),
    ("leads._HAS_YEAR", _all, lambda n: "'1" * n),
    ("leads._INDEX", _match, lambda n: "[" + "1" * n),
    ("leads._ARXIV_TAG", _match, lambda n: "[arXiv:2409." + "1" * n),
    ("items._YEAR_STAR", _all, lambda n: "1" * n),
    ("items._SHORTCODE", _all, lambda n: ":" + "a" * n),
    ("items._QUOTED", _match, lambda n: '"' + "a" * n),
    ("items._CODE_SPAN", _all, lambda n: "`" * n),
    ("items._BRACKETS", _all, lambda n: "[" * n),
    ("items._FIELD", _match, lambda n: " " * 16 + "a" * n + ":"),
    ("items._FIELD", _match, lambda n: "- **" + "a " * n),
    ("items._PAPER_LABEL", _full, lambda n: "!" * n + "x"),
    ("items._ITALIC_VENUE", _all, lambda n: "*a" * n),
    ("items._ITALIC_VENUE", _all, lambda n: "*a" + " " * n + "2024*"),
    ("items.ITEM", _match, lambda n: " -" + " " * n),
    ("items.BOLD_LINE", _full, lambda n: "**" + "a" * n),
    ("items._BOLD", _all, lambda n: "**a" * n),
    ("items._BRACKETED", _all, lambda n: "(2024" * n),
    ("items._BRACKETED", _all, lambda n: "[" * n),
    ("items._BRACKETED", _all, lambda n: "(" + "a" * n),
    ("items._YEAR_DIGITS", _all, lambda n: "19" * n),
    ("items._VENUE_WORD", _all, lambda n: "ICCV 202" * n),
    ("items._DAY_LIKE", _full, lambda n: "1" * n),
    ("lines._COMMENT", _all, lambda n: "<!--" * n),
    ("lines._COMMENT", _all, lambda n: "<!-- -->" * n),
    ("lines._NOT_BREAK", _all, lambda n: "a\n" * n),
    ("lines.LINK", _all, lambda n: "[" * n),
    ("lines.LINK", _all, lambda n: "[a](" * n),
    ("lines.LINK", _all, lambda n: "[](" * n),
    ("lines.LINK", _all, lambda n: "[" + "a" * n),
    ("lines.FENCE", _match, lambda n: "`" * n),
    ("lines._HEADING", _match, lambda n: "#" + " " * n),
    ("lines._TAG", _all, lambda n: "<a " * n),
    ("lines._TAG", _all, lambda n: "<a" + " x" * n),
    ("lines._ESCAPE", _all, lambda n: "\\" * n),
    ("links._SCHEME", _match, lambda n: "a" * n),
    ("links._SPACE", _all, lambda n: "x" * n),
    ("links._HOST_LABELS", _full, lambda n: "a" * n + "-"),
    ("links._HOST_LABELS", _full, lambda n: "a-." * n),
    ("links._IPV6", _full, lambda n: "[" + ":" * n),
    ("prose._NUMBERED", _match, lambda n: "[" + "1" * n),
    ("prose._NUMBERED", _match, lambda n: "[1]" + " " * n),
    ("prose._GENERIC_LABEL", _full, lambda n: "code" * n + "x"),
    ("prose._GENERIC_LABEL", _full, lambda n: "!" * n + "x"),
    ("finding.IMAGE", _all, lambda n: "![" * n),
    ("finding._ONLY_CODE", _full, lambda n: "official" + "_" * n),
    ("finding._ONLY_CODE", _full, lambda n: " " * n + "codex"),
    ("finding.IMAGE", _all, lambda n: "![](" * n),
    ("rows._VENUE_LIKE", _full, lambda n: "a" * 21 + "1" * n),
    ("rows._VENUE_LIKE", _full, lambda n: "ab24 " + "x" * n),
    ("rows._ANCHOR", _all, lambda n: "<a>" * n),
    ("rows._ANCHOR", _all, lambda n: "<a " * n),
    ("rows._ANCHOR", _all, lambda n: "<a>" + "x" * n),
    ("rows.GENERIC_LABEL", _full, lambda n: "paper" * n + "x"),
    ("rows.GENERIC_LABEL", _full, lambda n: "!" * n + "x"),
    ("sites.OWNER", _full, lambda n: "a" * n),
    ("sites.REPO_NAME", _full, lambda n: "a" * n),
    ("sites.PAGE_FILE", _full, lambda n: "a." * n),
    ("sites.PAGE_FILE", _full, lambda n: "." * n + "x"),
    ("tables._DELIMITER_CHARS", _full, lambda n: "|-" * n + "x"),
    ("urls._URL_TAIL", _match, lambda n: "x" * n),
    ("urls._HOST_MENTION", _all, lambda n: "github.co" * n),
    ("urls._HOST_HINT", _all, lambda n: ".c" * n),
    ("urls._HOST_RUN", _match, lambda n: "a." * n),
    ("urls._MD_LINK", _all, lambda n: "[" * n),
    ("urls._MD_LINK", _all, lambda n: "[\\" * n),
    ("urls._MD_LINK", _all, lambda n: "[[]" * n),
    ("urls._MD_LINK", _all, lambda n: "[a](" * n),
    ("urls._HTML_LINK", _all, lambda n: "<a href='" * n),
    ("urls._HTML_LINK", _all, lambda n: "<a href='x'>" * n),
    ("urls._HTML_LINK", _all, lambda n: "<a " * n),
]


def _pattern(name: str) -> re.Pattern[str]:
    module, attribute = name.split(".")
    found: re.Pattern[str] = getattr(MODULES[module], attribute)
    return found


@pytest.mark.parametrize(
    ("name", "how", "make"), ROWS, ids=[f"{row[0]}-{i}" for i, row in enumerate(ROWS)]
)
def test_every_reading_pattern_is_linear(
    name: str, how: Callable[[re.Pattern[str]], Callable[[str], object]], make: Callable[[int], str]
) -> None:
    linear, seen = grows_linearly(make, how(_pattern(name)))
    assert linear, f"{name}: {seen}"


def test_the_diff_hunk_pattern_is_linear() -> None:
    """changed.py's pattern reads `git diff` output, as bytes."""
    for make in (lambda n: "@@ -1," + "1" * n, lambda n: "\n@@ -1 +" * n):
        linear, seen = grows_linearly(
            make, lambda text: sum(1 for _ in changed._HUNK.finditer(text.encode()))
        )
        assert linear, seen


def test_table_delimiter_rows_are_read_in_linear_time() -> None:
    """The delimiter row is checked by hand now, on the near misses that made patterns work."""
    for make in (
        lambda n: "|-" * n + "x",
        lambda n: "|-" + " " * n + "x",
        lambda n: "|-" * n + "::",
    ):
        linear, seen = grows_linearly(make, tables.is_delimiter)
        assert linear, seen


def test_every_pattern_of_the_package_has_a_row() -> None:
    """A pattern added to reading/ without a row here fails this test (an imported pattern is
    the same object under another name: one row for any of its names is enough)."""
    covered = {name for name, _, _ in ROWS} | {"changed._HUNK"}
    names: dict[int, set[str]] = {}
    for info in pkgutil.iter_modules(reading.__path__):
        module = importlib.import_module(f"{reading.__name__}.{info.name}")
        for attribute, value in vars(module).items():
            if type(value) is re.Pattern:
                names.setdefault(id(value), set()).add(f"{info.name}.{attribute}")
    missing = [sorted(aliases) for aliases in names.values() if not aliases & covered]
    assert missing == []


# The delimiter pattern of the reader before issue 12 (commit 76109df): `[ \t]*` twice in a row
# around an optional group, so `|-` then n blanks then a letter costs n * n steps.
OLD_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def test_the_check_fails_the_delimiter_pattern_as_it_was() -> None:
    """The control: the same check, on the pattern that was replaced, where it was slow
    (measured here: 36 ms for 4,000 blanks, 0.6 s for 16,000, 9.3 s for 64,000)."""
    linear, seen = grows_linearly(lambda n: "|-" + " " * n + "x", OLD_DELIMITER.fullmatch)
    assert not linear, seen


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([" ", "\t", "|", ":", "-", "--", "x", "    "]), max_size=12))
def test_the_delimiter_check_reads_as_the_pattern_did(pieces: list[str]) -> None:
    line = "".join(pieces)
    assert tables.is_delimiter(line) == (OLD_DELIMITER.fullmatch(line) is not None), repr(line)
