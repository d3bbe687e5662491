"""A digest's bytes to text, or one line saying why they are not text.

Kept apart from the reader so reading stays pure string work: this is the only place that guesses
an encoding, and it does so in bounded memory (a few copies of the input at most, never one per
guess), because a digest may be 100 MB and comes from anyone who can open a pull request.
"""

from __future__ import annotations

import codecs

__all__ = ["DigestInputError", "decode_digest"]


class DigestInputError(ValueError):
    """The input is not text at all; raised only by `decode_digest`, never by `read_digest`."""


_SAMPLE = 8192
_CHUNK = 1 << 20  # bytes decoded at a time while counting damage
# ASCII bytes that occur in text: printable ones, tab, line and page breaks, bell, escape.
_TEXT_ASCII = bytes(sorted({7, 8, 9, 10, 11, 12, 13, 27, *range(0x20, 0x7F)}))


def decode_digest(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (BOM or not); cp1252, else latin-1, only when clearly not UTF-8.

    Binary input is refused with a one-line `DigestInputError` so the CLI can say which file
    was wrong instead of auditing garbage.
    """
    sample = data[:_SAMPLE]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DigestInputError(f"{source}: UTF-16 text is not supported; save it as UTF-8")
    nul = data.find(b"\x00")  # anywhere: NUL bytes past the first 8 KiB are binary data too
    if nul != -1:
        raise DigestInputError(f"{source}: binary data (NUL byte at offset {nul}), not markdown")
    # Control bytes weigh most (text has none), bytes that are not UTF-8 less (cp1252 prose has
    # some): random data scores about 0.7, accent-heavy cp1252 0.3. A few bytes say too little.
    odd = 3 * len(sample.translate(None, _TEXT_ASCII + bytes(range(0x80, 0x100))))
    odd += codecs.getincrementaldecoder("utf-8")("replace").decode(sample).count("\ufffd")
    if len(sample) >= 64 and odd > 0.5 * len(sample):
        raise DigestInputError(f"{source}: mostly non-text bytes, not a markdown digest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    damaged, non_ascii = _utf8_damage(data)
    if non_ascii - damaged > damaged:  # real UTF-8 with a few bad bytes: keep it
        return data.decode("utf-8-sig", errors="replace")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _utf8_damage(data: bytes) -> tuple[int, int]:
    """(characters lost to bad bytes, non-ASCII characters) of a lenient UTF-8 reading, counted a
    chunk at a time so the whole lenient text is never held beside the one finally returned."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")
    damaged = non_ascii = 0
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK):
        part = decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        damaged += part.count("\ufffd")
        non_ascii += len(part) - len(part.encode("ascii", "ignore"))
    return damaged - data.count(b"\xef\xbf\xbd"), non_ascii
