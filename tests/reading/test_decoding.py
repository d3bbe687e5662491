"""Bytes to text, and line endings to line numbers: what the reader sees before any table."""

from __future__ import annotations

import random

import pytest

from repro_audit.reading.digest import DigestInputError, decode_digest, read_digest
from tests.reading.common import HEADER

# --- decoding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"plain ascii", "plain ascii"),
        ("caf\u00e9 \u2014 \u4ee3\u7801".encode(), "caf\u00e9 \u2014 \u4ee3\u7801"),
        (b"\xef\xbb\xbf# With BOM", "# With BOM"),
        (
            "caf\u00e9 \u2019quoted\u2019 \u20ac5".encode("cp1252"),
            "caf\u00e9 \u2019quoted\u2019 \u20ac5",
        ),
        (b"undefined in cp1252: \x81\x8d", "undefined in cp1252: \x81\x8d"),
        # mostly UTF-8 with one damaged byte stays UTF-8 (the damage becomes U+FFFD)
        ("\u00e9\u00e8\u00ea\u00eb ok ".encode() + b"\xff", "\u00e9\u00e8\u00ea\u00eb ok \ufffd"),
        (b"a\r\nb\rc\n", "a\r\nb\rc\n"),
        (b"", ""),
        (b"\xe9t\xe9", "\u00e9t\u00e9"),
        (
            "Ann\u00e9e \u2013 r\u00e9sum\u00e9 ".encode("cp1252") * 20,
            "Ann\u00e9e \u2013 r\u00e9sum\u00e9 " * 20,
        ),
        (b"\x1b[1mbold\x1b[0m and a tab\t", "\x1b[1mbold\x1b[0m and a tab\t"),
    ],
)
def test_decode_digest(data: bytes, text: str) -> None:
    assert decode_digest(data, "d.md") == text


@pytest.mark.parametrize(
    ("data", "message_part"),
    [
        (b"# digest\x00with a NUL", "NUL byte at offset 8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "NUL byte"),
        (b"\xff\xfe#\x00 \x00", "UTF-16"),
        (bytes(range(1, 32)) * 40, "mostly non-text"),
        (bytes(b or 1 for b in random.Random(7).randbytes(4000)), "mostly non-text"),
    ],
)
def test_decode_digest_refuses_binary(data: bytes, message_part: str) -> None:
    with pytest.raises(DigestInputError) as caught:
        decode_digest(data, "bad.bin")
    message = str(caught.value)
    assert message_part in message
    assert message.startswith("bad.bin: ")
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_decode_refuses_a_nul_byte_anywhere() -> None:
    """Not only in the first 8 KiB: binary data after a text head is still binary (issue 18)."""
    data = b"# digest\n" + b"x" * 9000 + b"\x00"
    with pytest.raises(DigestInputError, match="NUL byte at offset 9009"):
        decode_digest(data, "late.md")


# --- line endings and line numbers ---------------------------------------------------------------

ENDINGS_DIGEST = (
    "# Title\n\n## Section A\n\n"
    + HEADER
    + "| **[One](http://arxiv.org/abs/2501.00001v1)** | 2025-01-01 | Abs. | | None |\n"
    + "| **[Two](http://arxiv.org/abs/2501.00002v1)** | 2025-01-02 | See github.com/o/two. | | "
    + "[Code Link](https://github.com/o/two) |\n\n## Section B\n\n"
    + HEADER
    + "| **[Three](http://arxiv.org/abs/2501.00003v1)** | 2025-01-03 | Abs. | | None |"
)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_line_endings_keep_line_numbers(ending: str, bom: str) -> None:
    digest = read_digest(bom + ENDINGS_DIGEST.replace("\n", ending), "e.md")
    assert [(e.line, e.section, e.title) for e in digest.entries] == [
        (7, "Section A", "One"),
        (8, "Section A", "Two"),
        (14, "Section B", "Three"),
    ]
    assert [(t.url, t.line) for t in digest.entries[1].text_links] == [
        ("https://github.com/o/two", 8)
    ]
    assert digest.problems == ()


def test_other_unicode_line_separators_are_not_line_breaks() -> None:
    text = "## A\u2028B\n\n" + HEADER + "| T\u0085x | 2025-01-01 | a\u000cb | | None |\n"
    digest = read_digest(text, "u.md")
    assert [(e.line, e.section) for e in digest.entries] == [(5, "A B")]
