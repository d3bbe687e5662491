"""Lines, headings, code fences and cell markup: the pieces every layout reader shares."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # not <https://autolinks>
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# A markdown link `[label](dest)`, its label captured: replaced by it or by a blank.
LINK = re.compile(r"\[([^\[\]]{0,500})\]\([^()\s]{0,2048}\)")


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (number, line) lazily, so a huge digest is never held twice as a list of lines.

    Numbers are 1-based and count CRLF, LF and lone CR as one line break each. Breaks are
    found with `str.find` (a C scan), ten times faster than a regex stepping through each line;
    the next CR is looked up again only once passed, so a lone CR far ahead costs one scan.
    """
    start, number, end = 0, 1, len(text)
    cr = text.find("\r")
    while True:
        lf = text.find("\n", start)
        if cr != -1 and cr < start:
            cr = text.find("\r", start)
        if lf == -1 and cr == -1:
            break
        if cr == -1 or (lf != -1 and lf < cr):
            stop, start_next = lf, lf + 1
        else:  # CR, or CRLF
            stop, start_next = cr, cr + 2 if lf == cr + 1 else cr + 1
        line = text[start:stop]
        yield number, (line.lstrip("\ufeff") if number == 1 else line)
        start, number = start_next, number + 1
    if start < end:
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
    if not text:
        return ""  # half of all calls: empty cells
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "*" in text or "_" in text:
        text = text.replace("**", "").replace("__", "")
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return " ".join((html.unescape(text) if "&" in text else text).split())


def link_labels(text: str) -> str:
    """Markdown links replaced by their labels: a venue cell `[CVPR 2022](https://...)` shows
    `CVPR 2022`."""
    return LINK.sub(r"\1", text) if "](" in text else text


# An HTML comment, or one left open to the end of the text, as a browser reads it.
_COMMENT = re.compile(r"<!--(?:.*?-->|.*\Z)", re.DOTALL)
_NOT_BREAK = re.compile(r"[^\r\n]")


def uncommented(text: str) -> str:
    """The text with its HTML comments blanked (`<!-- - [Paper](url) -->` shows nothing): each
    character of a comment but its line breaks becomes a space, so lines and columns stay."""
    if "<!--" not in text:
        return text
    return _COMMENT.sub(lambda found: _NOT_BREAK.sub(" ", found.group()), text)
