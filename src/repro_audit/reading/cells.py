"""Table rows to cells: unescaped pipes, HTML inside cells, rows with too many or too few cells.

Digest cells are not escaped, so a `|` inside an abstract splits it; a row that does not fit its
header is fitted here and the caller is told how, so the problem list can say it.
"""

from __future__ import annotations

import re

_PIPE = re.compile(r"(?<!\\)\|")
_TAG_OR_PIPE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>|(?<!\\)\|")
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source"})


def ends_row(stripped: str) -> bool:
    """Whether a stripped line ends with an unescaped `|`."""
    return stripped.endswith("|") and not stripped.endswith("\\|")


def inner(row: str) -> str:
    """The row without its outer pipes."""
    row = row.strip()
    start = 1 if row.startswith("|") else 0
    end = len(row) - 1 if len(row) > start and ends_row(row) else len(row)
    return row[start:end]  # one copy of a long row, not three


def split(row: str) -> list[str]:
    """Split a row on unescaped pipes; cells keep their spacing."""
    row = inner(row)
    return _PIPE.split(row) if "\\" in row and "\\|" in row else row.split("|")


def split_outside_html(row: str) -> list[str]:
    """Split on pipes outside open HTML elements: `<p>a | b</p>` stays one cell."""
    row = inner(row)
    cells: list[str] = []
    depth = start = 0
    for match in _TAG_OR_PIPE.finditer(row):
        if match.group(0) == "|":
            if depth == 0:
                cells.append(row[start : match.start()])
                start = match.end()
        elif match.group(3) or match.group(2).lower() in _VOID_TAGS:
            continue
        elif match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
    cells.append(row[start:])
    return cells


def fit_cells(
    names: tuple[str, ...], merge_col: int, row: str, kinds: tuple[str, ...] = ()
) -> tuple[list[str], str]:
    """Cells matched to the header, and a problem message when the row did not fit.

    `kinds` says what each column should hold ("code", "date", "venue", "free" text, other
    "text"):
    a row with a cell too many or too few is fitted the way that puts links in code columns
    and dates in date columns, not only by counting from the left.
    """
    cells, width = split(row), len(names)
    if len(cells) == width:  # the usual row: no message to build
        return [c.strip() for c in cells], ""
    kinds = kinds or ("text",) * width
    count, shape = len(cells), f"row has {len(cells)} cells, header has {width}"
    if count < width:
        gaps = [cells[:at] + [""] * (width - count) + cells[at:] for at in range(count, -1, -1)]
        best = max(gaps, key=lambda cand: _fit(cand, kinds))  # ties: the gap at the end
        if best is gaps[0]:
            return [c.strip() for c in best], f"{shape}; missing cells left empty"
        empty = [name for name, cell in zip(names, best, strict=True) if not cell.strip()]
        return [c.strip() for c in best], f"{shape}; cells placed by content, empty: {empty}"
    guarded = split_outside_html(row)
    if len(guarded) == width:  # HTML explains the pipes
        return _merged(names, guarded, merge_col, shape)
    extra = count - width
    if all(not cell.strip() for cell in cells[width:]):  # a stray '|' at the end
        return [c.strip() for c in cells[:width]], f"{shape}; stray '|' at the end ignored"
    order = [merge_col, *(at for at in range(width) if at != merge_col)]
    candidates = [
        [*cells[:at], "|".join(cells[at : at + extra + 1]), *cells[at + extra + 1 :]]
        for at in order
    ]
    best = max(candidates, key=lambda cand: _fit(cand, kinds))  # ties: the free-text column
    return _merged(names, best, merge_col, shape)


def _merged(
    names: tuple[str, ...], cells: list[str], merge_col: int, shape: str
) -> tuple[list[str], str]:
    merged = [name for name, cell in zip(names, cells, strict=True) if _PIPE.search(cell)]
    merged = merged or [names[merge_col]]
    return [c.strip() for c in cells], f"{shape}; merged '|' into {', '.join(merged)}"


_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WORD = re.compile(r"[A-Za-z]{3,}")
_MONTH_NAMES = "jan feb mar apr may jun jul aug sep oct nov dec"
_MONTHS = frozenset(_MONTH_NAMES.split())
_NO_LINK = frozenset({"none", "null", "nil", "n/a", "na", "-", "--", "\u2014", "\u2013"})


def _is_date(text: str) -> bool:
    """A year and no word but a month's (`2024-06-03`, `3 Jun 2024`): a date, not a venue."""
    return bool(_YEARISH.search(text)) and all(
        word[:3].lower() in _MONTHS for word in _WORD.findall(text)
    )


def _fit(cells: list[str], kinds: tuple[str, ...]) -> int:
    """How well cells sit in columns: links in code columns, dates in date columns, a venue
    (`CVPR 2023`, a word and a year) in the venue column rather than the date's."""
    score = 0
    for cell, kind in zip(cells, kinds, strict=True):
        text = cell.strip()
        if not text:
            continue
        linky = "://" in text or text.strip("*_` ").lower() in _NO_LINK
        if kind == "code":  # surplus pipes belong elsewhere: a code cell's are rare
            score += (2 if linky else -2) - ("|" in text)
        elif kind == "date":
            dated = len(text) <= 40 and _YEARISH.search(text)
            score += (2 if _is_date(text) else 0) if dated else -2
        elif kind == "venue" and "|" not in text:
            score += -1 if _is_date(text) else (1 if _YEARISH.search(text) else 0)
        elif kind != "free" and "|" in text:
            score -= 1  # surplus pipes belong in free text
        elif kind == "text" and linky and "github" in text.lower():
            score -= 1  # code links belong in the code column
    return score
