"""The shapes that made a regular expression quadratic now take time linear in the text (issue
18, item 6).

Each case builds a hostile text through the function that really reads it (the digest reader,
the README licence finder, the pin counter) at N and at 4N units; the larger must take less than
9 times as long as the smaller (linear is about 4, quadratic 16): a ratio within one run, not a
clock limit. Each case's N is large enough that the smaller text takes measurable time. The
control runs the table-delimiter pattern as it was and sees the ratio above the bound.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from repro_audit.reading.digest import read_digest
from repro_audit.scoring import phrases, pins
from tests.hardening.timing import best_time as _time

GROWTH = 4  # the larger text is this many times the smaller
RATIO = 9.0  # linear: about 4; quadratic: about 16


def _digest(text: str) -> object:
    return read_digest("| a | b |\n" + text + "\n| c | d |\n", "d.md")


# case -> (the hostile text of n units, what reads it, n); texts are built before the clock runs
CASES: dict[str, tuple[Callable[[int], str], Callable[[str], object], int]] = {
    # through the reader; was: 32 K spaces 6 s, 128 K 70 s
    "digest: |- then spaces": (lambda n: "|-" + " " * n + "x", _digest, 200_000),
    # the README licence finder's pattern; was: 10,900 repeats 81 s per repository
    "README: CC-BY- repeated": (lambda n: "CC-BY-" * n, phrases.LICENCE_MENTION.search, 5_000),
    # the exact-pin pattern on a pyproject version value; was: 64,000 spaces 39 s
    "pyproject: a version of spaces": (lambda n: " " * n, pins._EXACT_POETRY.match, 200_000),
    "pyproject: == then spaces": (lambda n: "==" + " " * n, pins._EXACT_POETRY.match, 200_000),
}
PROBE, TOO_SLOW = 50, 0.2  # a 50 times smaller text first: over 0.2 s, no need to go on


@pytest.mark.parametrize("case", list(CASES))
def test_time_grows_linearly_with_the_text(case: str) -> None:
    make, read, n = CASES[case]
    small, short, long = make(n // PROBE), make(n), make(GROWTH * n)
    started = time.perf_counter()
    read(small)
    probe = time.perf_counter() - started
    assert probe < TOO_SLOW, f"{case}: {probe:.1f} s for {n // PROBE} units"
    seen = []
    for _ in range(3):  # a loaded machine can stall one timing; a quadratic pattern never passes
        first, second = _time(lambda: read(short)), _time(lambda: read(long))
        seen.append(f"{first * 1000:.1f} ms -> {second * 1000:.1f} ms")
        if second / first < RATIO:
            return
    raise AssertionError(f"{case}: {seen}")


def test_the_check_catches_a_quadratic_pattern() -> None:
    """The control: the delimiter pattern as it was (two runs of blanks side by side)."""
    old = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
    short, long = "|-" + " " * 1_500 + "x", "|-" + " " * GROWTH * 1_500 + "x"
    first, second = _time(lambda: old.fullmatch(short)), _time(lambda: old.fullmatch(long))
    assert second / first > RATIO
