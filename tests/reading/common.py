"""What the reader's tests share: the example digest, the fixture folder, a table header and
small readers of one row or one fixture."""

from __future__ import annotations

from pathlib import Path

from repro_audit.models import Digest, DigestEntry
from repro_audit.reading.digest import decode_digest, read_digest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "digest.md"
DIGESTS = Path(__file__).resolve().parents[1] / "data" / "digests"

HEADER = "| Title | Date | Abstract | Comment | CodeRepository |\n| --- | --- | --- | --- | --- |\n"


def read_fixture(name: str) -> Digest:
    path = DIGESTS / name
    return read_digest(decode_digest(path.read_bytes(), str(path)), name)


def one_row(row: str, header: str = HEADER) -> DigestEntry:
    digest = read_digest(header + row + "\n", "inline.md")
    assert len(digest.entries) == 1
    return digest.entries[0]


def line_of(text: str, marker: str) -> int:
    """1-based number of the first line holding `marker`: an oracle independent of the reader."""
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(marker)
