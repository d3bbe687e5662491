"""The reader on odd, random and large input: it never raises and stays proportional."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from repro_audit.reading.digest import read_digest
from tests.reading.common import EXAMPLE, HEADER

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
