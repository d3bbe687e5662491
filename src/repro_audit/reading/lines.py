"""Lines, headings, code fences and cell markup: the pieces every layout reader shares."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

LINE_BREAK = re.compile(r"\r\n?|\n")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # not <https://autolinks>
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (number, line) lazily, so a huge digest is never held twice as a list of lines.

    Numbers are 1-based and count CRLF, LF and lone CR as one line break each.
    """
    start, number = 0, 1
    for brk in LINE_BREAK.finditer(text):
        line = text[start : brk.start()]
        yield number, (line.lstrip("\ufeff") if number == 1 else line)
        start, number = brk.end(), number + 1
    if start < len(text):
        yield number, (text[start:].lstrip("\ufeff") if number == 1 else text[start:])


def heading(line: str) -> str | None:
    """The text of an ATX heading line, or None when the line is not one."""
    match = _HEADING.match(line) if "#" in line[:4] else None
    if match is None:
        return None
    text = line[match.end() :].rstrip()
    bare = text.rstrip("#")  # a closing run of '#' counts only after a space (or alone)
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return plain(text)


def closes(fence: str, stripped: str) -> bool:
    """Whether a line closes the open code fence (same character, at least as long)."""
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def plain(text: str) -> str:
    """Cell markup to reading text: tags, `**`/`__`, backslash escapes and entities removed."""
    text = (_TAG.sub(" ", text) if "<" in text else text).replace("**", "").replace("__", "")
    text = _ESCAPE.sub(r"\1", text) if "\\" in text else text
    return " ".join(html.unescape(text).split())
