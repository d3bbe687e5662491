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
    row = row.strip().removeprefix("|")
    return row[:-1] if ends_row(row) else row


def split(row: str) -> list[str]:
    """Split a row on unescaped pipes; cells keep their spacing."""
    row = inner(row)
    return _PIPE.split(row) if "\\|" in row else row.split("|")


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


def fit_cells(names: tuple[str, ...], merge_col: int, row: str) -> tuple[list[str], str]:
    """Cells matched to the header, and a problem message when the row did not fit."""
    cells, width = split(row), len(names)
    if len(cells) == width:  # the usual row: no message to build
        return [c.strip() for c in cells], ""
    count, shape = len(cells), f"row has {len(cells)} cells, header has {width}"
    if count < width:
        cells += [""] * (width - count)
        return [c.strip() for c in cells], f"{shape}; missing cells left empty"
    guarded = split_outside_html(row)
    if len(guarded) != width:  # no HTML explains the pipes: they belong to the free-text column
        at, extra = merge_col, count - width
        guarded = [*cells[:at], "|".join(cells[at : at + extra + 1]), *cells[at + extra + 1 :]]
    merged = [name for name, cell in zip(names, guarded, strict=True) if _PIPE.search(cell)]
    merged = merged or [names[merge_col]]
    return [c.strip() for c in guarded], f"{shape}; merged '|' into {', '.join(merged)}"
