"""Reading's peak memory grows linearly with the text, by a small factor (issue 18, item 8).

40 MB of `github.io.` once took 2.4 GB (59 times the input): every host name in the run became
a URL of up to 260 characters, held in a list. Each shape here is read at N and 4N units under
tracemalloc (the input itself is allocated before, so only what reading adds is counted): the
larger may cost at most 6 times the smaller (linear: 4), and at most FACTOR bytes per input
character. bench/bench_memory_reading.py measures the same at 4 and 40 MB in fresh processes.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest

from repro_audit.reading.digest import read_digest

HEADER = "| Title | Date | Abstract | Comment | Code |\n| --- | --- | --- | --- | --- |\n"
GROWTH, LINEAR = 4, 6.0
# (hostile text of n units, bytes reading may add per input character at most)
SHAPES: dict[str, tuple[Callable[[int], str], float]] = {
    "github.io run": (lambda n: "github.io." * n, 4.0),  # 54 before
    "host names in one cell": (
        lambda n: HEADER + "| t | 2025-01-01 | " + "gitlab.com/" * n + " | c | None |\n",
        20.0,
    ),
    "web URLs in one abstract": (
        lambda n: (
            HEADER
            + "| t | 2025-01-01 | "
            + " ".join(f"https://x.y/p{i}" for i in range(n))
            + " | c | None |\n"
        ),
        25.0,
    ),
    # one entry per code link outside tables: the entries are the output, 46 x for 20-character
    # links; the entry limit bounds it
    "code links on one prose line": (
        lambda n: " ".join(f"github.com/o/r{i}" for i in range(n)),
        60.0,
    ),
    "a table of rows": (
        lambda n: (
            HEADER
            + "".join(
                f"| t{i} | 2025-01-01 | a | c | https://github.com/o/r{i} |\n"
                for i in range(n // 5)
            )
        ),
        20.0,
    ),
}


def _peak(text: str) -> int:
    tracemalloc.start()
    try:
        read_digest(text, "m.md")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", list(SHAPES))
def test_peak_memory_grows_linearly_by_a_small_factor(shape: str) -> None:
    make, factor = SHAPES[shape]
    small, large = make(10_000), make(GROWTH * 10_000)
    first, second = _peak(small), _peak(large)
    assert second < LINEAR * first, f"{shape}: {first:,} -> {second:,} bytes"
    assert second < factor * len(large), f"{shape}: {second / len(large):.1f} bytes per character"
