"""Every regular expression outside `reading/` that runs on text a repository, a page, a digest
or a record controls takes time linear in that text (issue 18, item 6).

One row per module-level pattern of `sources/`, `scoring/`, `report/`, `formats/`, `tracking/`
and `cli/` (a test fails when a pattern has no row): its worst-case input (long runs of the
characters it repeats, near misses that almost match) read the way the code reads it, through
the function that applies it where that function is what was super-linear. The text grows until
the smaller run is measurable; then four times the text must take under nine times as long
(linear is about 4, quadratic 16). Ten of these were quadratic or cubic before; the controls
show the check catches two of the old patterns.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from collections.abc import Callable

import pytest

from repro_audit.cli import arguments
from repro_audit.formats import annotated, common, markdown
from repro_audit.report import fix
from repro_audit.scoring import (
    commands,
    completeness,
    documentation,
    entry,
    filenames,
    phrases,
    pins,
    preservation,
    readme,
)
from repro_audit.sources import (
    addresses,
    githost,
    issue_tracker,
    pagecode,
    remote_digest,
    selection,
)
from repro_audit.tracking import compaction, history, page, workflow_text
from tests.hardening.timing import best_time as _time

GROWTH, RATIO = 4, 9.0  # linear: about 4; quadratic: about 16
MEASURABLE = 0.002  # seconds the smaller text must take before a ratio means anything
LONGEST = 1_000_000  # characters (16 x TEXT_LIMIT): this long and still unmeasurable is fine
TOO_SLOW = 0.5  # seconds for any text while growing: a super-linear pattern shows here already
PACKAGES = ("sources", "scoring", "report", "formats", "tracking", "cli")

Make = Callable[[int], str]
Read = Callable[[str], object]


def _readme(text: str) -> object:
    return readme.read_readme.__wrapped__(text)  # uncached: every timing reads the text again


def _table(text: str) -> object:
    return readme.has_table.__wrapped__(readme.read_readme.__wrapped__(text))


def _substance(text: str) -> object:
    return readme.substance.__wrapped__(readme.read_readme.__wrapped__(text))


def _duration(text: str) -> object:
    try:
        return arguments.parse_duration(text)
    except argparse.ArgumentTypeError:
        return None


def _all(patterns: tuple[re.Pattern[str], ...]) -> Read:
    return lambda text: [p.search(text) for p in patterns]


_PLACEHOLDER_TEXT = (
    "will be " + " " * 40 + "we will make   code  will upon the paper is - [ ]" + " " * 30
    + "TODO" + " " * 30 + "x 代码代码 to be \n"
)  # fmt: skip
_MARKERS = tuple(pattern for _, pattern in githost._LICENCE_MARKERS)
_LICENCE_TEXT = "GNU LESSER GENERAL PUBLIC LICENSE " + "Version " * 30 + "the MIT licence " * 10

# "module.NAME" -> (worst-case text of n units, what reads it)
ROWS: dict[str, tuple[Make, Read]] = {
    "sources.addresses._PLAIN_HOST": (lambda n: "a." * n + "!", addresses._PLAIN_HOST.fullmatch),
    "sources.addresses._NUMERIC_HOST": (
        lambda n: "0x" + "0" * n + "g",
        addresses._NUMERIC_HOST.fullmatch,
    ),
    "sources.githost._LICENCE_MARKERS": (lambda n: _LICENCE_TEXT * n, _all(_MARKERS)),
    "sources.issue_tracker._SLUG": (
        lambda n: "a" * n + "/" + "a" * n + "/",
        issue_tracker._SLUG.match,
    ),
    "sources.pagecode._CODE_WORDS": (lambda n: "cod repositor " * n, pagecode._CODE_WORDS.search),
    "sources.remote_digest._BLOB": (lambda n: "/a/b/blob/" + "a" * n, remote_digest._BLOB.match),
    "sources.selection.README": (lambda n: "readme." + "a" * n + "!", selection.README.match),
    "sources.selection.TEXT_DEPENDENCY": (
        lambda n: "requirements" + "a." * n + "/",
        selection.TEXT_DEPENDENCY.match,
    ),
    "scoring.commands._PYTHON": (lambda n: "python3." + "1" * n + "!", commands._PYTHON.match),
    "scoring.commands._PLACEHOLDER": (lambda n: "xx.you path/t" * n, commands._PLACEHOLDER.search),
    "scoring.commands._ASSIGNMENT": (lambda n: "A" * n + "!", commands._ASSIGNMENT.match),
    # was `\s*(?:&&|...)\s*`: a command of blanks was quadratic
    "scoring.commands._SPLIT": (lambda n: "a" + " " * n + "b", commands._parse.__wrapped__),
    "scoring.commands._PROMPT": (lambda n: " " * n + "(" + "a" * n, commands._PROMPT.match),
    "scoring.commands._SHLEX_SPECIAL": (lambda n: "a " * n, commands._SHLEX_SPECIAL.search),
    "scoring.commands._SHLEX_WORD": (lambda n: "a " * n, commands._SHLEX_WORD.findall),
    "scoring.completeness._TRAIN": (lambda n: "_trai." * n, completeness._TRAIN.search),
    "scoring.completeness._EVAL": (lambda n: "_eva." * n, completeness._EVAL.search),
    "scoring.documentation._WORD": (lambda n: "a." * n, documentation._WORD.findall),
    "scoring.entry._ENTRY_NAME": (lambda n: "main_" + "a-" * n + ".p", entry._ENTRY_NAME.match),
    # was one pattern over the path with `[^/]*` after the word: quadratic in a long name
    "scoring.entry._FIGURE_WORD": (
        lambda n: "fig_" * n + "figX" * n + ".ipynb",
        entry._figure_notebook,
    ),
    "scoring.filenames._ANY_CASE": (
        lambda n: "requirements" + "a." * n + "!",
        filenames._ANY_CASE.match,
    ),
    "scoring.filenames._README": (lambda n: "readme." + "a." * n + "/", filenames._README.match),
    "scoring.filenames._LICENSE": (lambda n: "license-" + "a." * n + "/", filenames._LICENSE.match),
    "scoring.filenames._BY_FOLDER": (
        lambda n: "a/" * n + "requirements/",
        filenames._BY_FOLDER.match,
    ),
    "scoring.phrases.PLACEHOLDER_PATTERNS": (
        lambda n: _PLACEHOLDER_TEXT * n,
        _all(phrases.PLACEHOLDER_PATTERNS),
    ),
    "scoring.phrases.PLACEHOLDER_ANY": (
        lambda n: _PLACEHOLDER_TEXT * n,
        phrases.PLACEHOLDER_ANY.search,
    ),
    "scoring.phrases.LICENCE_MENTION": (
        lambda n: "released under the " * n + "CC-BY-" * n,
        phrases.LICENCE_MENTION.search,
    ),
    "scoring.phrases.LICENCE_HEADING": (lambda n: "licen " * n, phrases.LICENCE_HEADING.search),
    "scoring.phrases.ALL_RIGHTS_RESERVED": (
        lambda n: "all  rights " * n,
        phrases.ALL_RIGHTS_RESERVED.search,
    ),
    "scoring.phrases.NON_COMMERCIAL": (
        lambda n: "non-CC-BY-research " * n,
        phrases.NON_COMMERCIAL.search,
    ),
    "scoring.phrases.INSTALL_SECTION": (
        lambda n: "instal set " * n,
        phrases.INSTALL_SECTION.search,
    ),
    "scoring.phrases.USAGE_SECTION": (lambda n: "usag quick " * n, phrases.USAGE_SECTION.search),
    "scoring.phrases.ML_TERMS": (lambda n: "adversaria;" * n, phrases.ML_TERMS.search),
    # was `^\s*-?\s*`: cubic in a run of blank lines (a dependency file of newlines)
    "scoring.phrases.ML_LIBRARIES": (
        lambda n: "\n" * n + " " * n + "- " + "\t" * n,
        phrases.ML_LIBRARIES.search,
    ),
    "scoring.phrases.WEIGHT_WORDS": (lambda n: "pretrai " * n, phrases.WEIGHT_WORDS.search),
    "scoring.phrases.WEIGHT_HOSTS": (
        lambda n: "https://a.s3" * n + "https://hf.co/" + "a" * n,
        phrases.WEIGHT_HOSTS.search,
    ),
    "scoring.pins._COMMENT": (lambda n: " " * n + "x", lambda text: pins._COMMENT.sub("", text)),
    "scoring.pins._CONDA_PIN": (lambda n: "=" + " " * n, pins._CONDA_PIN.findall),
    "scoring.pins._PEP440_PIN": (lambda n: "==" + " " * n, pins._PEP440_PIN.findall),
    "scoring.pins._EXACT_POETRY": (lambda n: "==" + " " * n, pins._EXACT_POETRY.match),
    "scoring.pins._LIST_ITEM": (lambda n: " " * n + "x", pins._LIST_ITEM.match),
    # was `\[(.*?)\]` searched from every opening: quadratic in `install_requires=[` repeated
    "scoring.pins._SETUP_PY": (lambda n: "install_requires=[" * n, pins._setup_py),
    "scoring.pins._QUOTED": (lambda n: '"' + "a" * n, pins._QUOTED.findall),
    "scoring.preservation.DOI": (lambda n: "10.1" * n, preservation.DOI.search),
    "scoring.preservation._BADGE": (lambda n: "zenodo.org/record" * n, preservation._BADGE.search),
    "scoring.readme._FENCE": (lambda n: "```" + " " * n + "!", readme._FENCE.match),
    "scoring.readme._RST_CODE": (lambda n: " " * n + ".. code::" + " " * n, readme._RST_CODE.match),
    # was `(.+?)\s*#*\s*$`: cubic in blanks (a heading of 1,000 spaces took 1 s)
    "scoring.readme._ATX": (lambda n: "# a" + " " * n + "b", _readme),
    "scoring.readme._UNDERLINE": (lambda n: "=" * n + " " * n + "x", readme._UNDERLINE.match),
    # was `(.*?)</h[1-6]>` from every opening: quadratic in `<h1>` repeated; `<h1` too
    "scoring.readme._HTML_HEADING": (lambda n: "<h1>" * n + "<h2" * n, _readme),
    "scoring.readme._BOLD_LINE": (lambda n: " " * n + "**" + "a" * n, readme._BOLD_LINE.match),
    # was `<[^>]+>`: quadratic in `<` repeated
    "scoring.readme._TAG": (lambda n: "<" * n, readme.snippet),
    # was `<code>(.*?)</code>` from every opening
    "scoring.readme._INLINE": (lambda n: "<code>" * n + "`a" * n, _readme),
    # was one pattern with `\s*\|?\s*`: quadratic in a row of blanks
    "scoring.readme._RULE_CELL": (lambda n: "|" + " " * n + "x\n|---" + " " * n + "x", _table),
    "scoring.readme._GRID_RULE": (lambda n: "+" + "---+" * n + "x", readme._GRID_RULE.match),
    "scoring.readme._URL": (lambda n: "http://" * n, readme._URL.findall),
    # was `\]\([^)]*\)|...|<[^>]+>`: quadratic in `](` or `<` repeated
    "scoring.readme._MARKUP_URL": (lambda n: "](" * n + "<a " * n, _substance),
    "scoring.readme._SPACES": (lambda n: " \t" * n, lambda text: readme._SPACES.sub(" ", text)),
    "scoring.readme._MARKUP_CHARS": (
        lambda n: "#*" * n,
        lambda text: readme._MARKUP_CHARS.sub("", text),
    ),
    "scoring.readme._CJK": (lambda n: "a代" * n, readme._CJK.findall),
    "scoring.readme._BIB_START": (lambda n: "@article" + " " * n, readme._BIB_START.search),
    "scoring.readme._BIB_FIELD": (lambda n: "title" + " " * n, readme._BIB_FIELD.search),
    "scoring.readme._PROMPT": (lambda n: " " * n + "(" + "a" * n, readme._PROMPT.match),
    "scoring.readme._COMMAND_START": (lambda n: "A=a " * n + "a." * n, readme._COMMAND_START.match),
    "scoring.readme._INDENT": (lambda n: " " * n, readme._INDENT.match),
    "scoring.readme._SHELL_START": (lambda n: "pip" + " " * n, readme._SHELL_START.match),
    "scoring.readme._SENTENCE_BREAK": (lambda n: ". " * n, readme._SENTENCE_BREAK.findall),
    "report.fix._LINE_BREAK": (lambda n: "\r" * n, fix._LINE_BREAK.findall),
    # was `[^)\s>]+>?[^)]*\)`: cubic in a cell of `](a` repeated
    "report.fix._LINK_TARGET": (lambda n: "](a" * n, lambda text: fix.cell_link(text, frozenset())),
    "formats.annotated._LINE_BREAK": (lambda n: "\r" * n, annotated._LINE_BREAK.findall),
    # was the old delimiter pattern (`\|?[ \t]*` after blanks): quadratic in `|-` and blanks
    "formats.annotated._DELIMITER": (
        lambda n: "|-" + " " * n + "x",
        annotated._DELIMITER.fullmatch,
    ),
    "formats.common._SPACES": (lambda n: " \t" * n, lambda text: common._SPACES.sub(" ", text)),
    "formats.common._REASON_BREAK": (lambda n: " (" * n, common._REASON_BREAK.split),
    "formats.markdown._PINGS": (lambda n: "@" * n, lambda text: markdown._PINGS.sub(r"\1", text)),
    "tracking.compaction._COUNTER": (lambda n: "-" + "1" * n + ".jso", compaction._COUNTER.search),
    "tracking.history._RECORD_NAME": (
        lambda n: "20260101T000000Z-" + "1" * n + ".jso",
        history._RECORD_NAME.match,
    ),
    "tracking.history._UNSAFE": (lambda n: "!a" * n, lambda text: history._UNSAFE.sub("-", text)),
    "tracking.page._SERVER": (lambda n: "http://" + "a." * n + ":1x", page._SERVER.match),
    "tracking.page._REPOSITORY": (
        lambda n: "a-" * n + "/" + "a." * n + "/",
        page._REPOSITORY.match,
    ),
    "tracking.page._SHA": (lambda n: "0" * n, page._SHA.match),
    "tracking.workflow_text._BREAK": (lambda n: "\r\n\r" * n, workflow_text._BREAK.split),
    # an operator's option, but a workflow may pass it on: was quadratic in blanks
    "cli.arguments._DURATION": (lambda n: "1" + " " * n + "x", _duration),
}


def _patterns() -> set[str]:
    """Every module-level pattern (alone, or in a tuple) of the packages outside reading/."""
    found: set[str] = set()
    for package in PACKAGES:
        module = importlib.import_module(f"repro_audit.{package}")
        for info in pkgutil.walk_packages(module.__path__, f"repro_audit.{package}."):
            for name, value in vars(importlib.import_module(info.name)).items():
                # type(), not isinstance: a guard object (scoring's clock) refuses isinstance
                if type(value) not in (tuple, re.Pattern):
                    continue
                items = value if type(value) is tuple else (value,)
                flat = [y for x in items for y in (x if type(x) is tuple else (x,))]
                if any(type(x) is re.Pattern for x in flat):
                    found.add(f"{info.name.removeprefix('repro_audit.')}.{name}")
    return found


def test_every_pattern_has_a_row() -> None:
    assert _patterns() == set(ROWS)


def grows_linearly(make: Make, read: Read) -> tuple[bool, str]:
    """Whether 4 times the text takes under 9 times as long, once the text is measurable."""
    n = 64
    while True:
        text = make(n)
        took = _time(lambda text=text: read(text))
        if took > TOO_SLOW:
            return False, f"{took:.2f} s for {len(text):,} characters"
        if took >= MEASURABLE:
            break
        if len(text) >= LONGEST:
            return True, f"{took * 1000:.2f} ms for {len(text):,} characters"
        n *= 4
    seen = []
    long = make(GROWTH * n)
    for _ in range(3):  # a loaded machine can stall one timing; a quadratic pattern never passes
        first, second = _time(lambda: read(text)), _time(lambda: read(long))
        seen.append(f"{first * 1000:.1f} -> {second * 1000:.1f} ms")
        if second / first < RATIO:
            return True, seen[-1]
    return False, f"{len(text):,} -> {len(long):,} characters: {seen}"


@pytest.mark.parametrize("name", list(ROWS))
def test_time_grows_linearly_with_the_text(name: str) -> None:
    linear, seen = grows_linearly(*ROWS[name])
    assert linear, f"{name}: {seen}"


OLD = {  # two of the patterns as they were, each on its worst case
    "README heading": (
        lambda n: "# a" + " " * n + "b",
        re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$").match,
    ),
    "dependency file": (lambda n: "\n" * n, re.compile(r"(?:^\s*-?\s*|[\"'])torch", re.M).search),
}


@pytest.mark.parametrize("name", list(OLD))
def test_the_check_catches_a_super_linear_pattern(name: str) -> None:
    linear, seen = grows_linearly(*OLD[name])
    assert not linear, seen
