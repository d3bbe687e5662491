"""Generated paper lists in each layout the reader knows, with the code links each row holds.

Used by the layout tests (a 10,000-row list of each), the property tests and bench/; each
layout is written from its shape, with made-up titles and repositories.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "digest.md"

Row = tuple[str, list[str]]  # one row's markdown, and the code-host links written in it
RowMaker = Callable[[int], Row]


def _repo(i: int) -> str:
    return f"https://github.com/lab{i % 97}/model-{i}"


def cv_daily(i: int) -> Row:
    code = f"**[link]({_repo(i)})**" if i % 3 else "null"
    row = (f"|**2024-{1 + i % 12:02d}-{1 + i % 28:02d}**|**Paper number {i}**|Ann Author et.al."
           f"|[2401.{10000 + i}](http://arxiv.org/abs/2401.{10000 + i}v1)|{code}|")  # fmt: skip
    return row, [_repo(i)] if i % 3 else []


def awesome(i: int) -> Row:
    badge = f"![Star](https://img.shields.io/github/stars/lab{i % 97}/model-{i}?style=social)"
    code = f"[code]({_repo(i)})" if i % 2 else "-"
    title = f"[Paper {i}: a study](https://arxiv.org/abs/2402.{10000 + i})"
    row = f"| {title} {badge if i % 2 else ''} | CVPR {2018 + i % 7} | 2024-03-01 | {code} |"
    return row, [_repo(i)] if i % 2 else []


def links_column(i: int) -> Row:
    links = f"[Paper](https://arxiv.org/abs/2403.{10000 + i})"
    if i % 4:
        links += f" [Github]({_repo(i)})"
    return f"| Paper {i} | NeurIPS {2019 + i % 6} | {links} |", [_repo(i)] if i % 4 else []


def unnamed_last(i: int) -> Row:
    last = f"[GitHub]({_repo(i)})" if i % 5 else ""
    return f"| Paper {i} | {2015 + i % 10} | {last} |", [_repo(i)] if i % 5 else []


def inline_code(i: int) -> Row:
    code = f" [[code]]({_repo(i)})" if i % 2 else ""
    return (f"| [Paper {i}](https://arxiv.org/abs/2404.{10000 + i}){code} | ICLR 2024 |",
            [_repo(i)] if i % 2 else [])  # fmt: skip


def latex_abstract(i: int) -> Row:
    where = f"\\href{{{_repo(i)}}}{{here}}" if i % 2 else "on request"
    return (f"| Paper {i} | 2025-01-0{1 + i % 9} | We study things; code is {where}. | None |",
            [_repo(i)] if i % 2 else [])  # fmt: skip


def ragged(i: int) -> Row:
    """Rows with a stray '|' at the end or a missing cell, the code still in its column."""
    code = f"[code]({_repo(i)})"
    if i % 2:
        return f"| Paper {i} | 2024-05-0{1 + i % 9} | A summary. | {code} | |", [_repo(i)]
    return f"| Paper {i} | 2024-05-0{1 + i % 9} | {code} |", [_repo(i)]


def bullets(i: int) -> Row:
    code = f" [[code]]({_repo(i)})" if i % 3 else ""
    row = f"- **Paper {i}** (ECCV {2016 + i % 8}) [[paper](https://arxiv.org/abs/2405.{10000 + i})]"
    return row + code, [_repo(i)] if i % 3 else []


def blocks(i: int) -> Row:
    """Papers-with-code lists: a bold title line, then `- Field: url` items, a blank line."""
    code = f"\n- Code: {_repo(i)}" if i % 3 else "\n- Code: None"
    row = f"**Paper {i}: a study**\n\n- Paper: https://arxiv.org/abs/2406.{10000 + i}{code}\n"
    return row, [_repo(i)] if i % 3 else []


def paragraphs(i: int) -> Row:
    """Awesome lists of paragraphs: title, authors, venue and links, date; hard line breaks."""
    code = f" [[Github]({_repo(i)})]" if i % 2 else ""
    row = (f"**Paper {i}: a study** \\\n*Ann Author, Ben Writer* \\\n"
           f"ICLR {2018 + i % 7}. [[Paper](https://arxiv.org/abs/2407.{10000 + i})]{code} \\\n"
           f"{1 + i % 28} Sep {2018 + i % 7}\n")  # fmt: skip
    return row, [_repo(i)] if i % 2 else []


def placed(first: int, row: str, urls: list[str]) -> set[tuple[int, str]]:
    """(line, url) of each code link of a row whose first line is `first`."""
    lines = row.split("\n")
    return {(first + next(k for k, text in enumerate(lines) if url in text), url) for url in urls}


HEADERS: dict[str, str] = {
    "cv_daily": "|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n",
    "awesome": "| Title | Venue | Date | Code |\n|:---|:---|:---|:---|\n",
    "links_column": "| Paper | Venue | Links |\n| --- | --- | --- |\n",
    "unnamed_last": "| Title | Year | |\n| --- | --- | --- |\n",
    "inline_code": "| Title | Venue |\n| --- | --- |\n",
    "latex_abstract": "| Title | Date | Abstract | Code |\n| --- | --- | --- | --- |\n",
    "ragged": "| Title | Date | Abstract | Code |\n| --- | --- | --- | --- |\n",
    "bullets": "",
    "blocks": "",
    "paragraphs": "",
}
MAKERS: dict[str, RowMaker] = {
    "cv_daily": cv_daily,
    "awesome": awesome,
    "links_column": links_column,
    "unnamed_last": unnamed_last,
    "inline_code": inline_code,
    "latex_abstract": latex_abstract,
    "ragged": ragged,
    "bullets": bullets,
    "blocks": blocks,
    "paragraphs": paragraphs,
}


def build(name: str, rows: int) -> tuple[str, list[tuple[int, str]]]:
    """A list of `rows` rows in layout `name`, and (line, url) of every code link in it."""
    header = "# A paper list\n\n" + HEADERS[name]
    first = header.count("\n") + 1
    lines, links = [], []
    for i in range(rows):
        row, urls = MAKERS[name](i)
        lines.append(row)
        links += sorted(placed(first, row, urls))
        first += row.count("\n") + 1
    return header + "\n".join(lines) + "\n", links


def example_rows(rows: int) -> str:
    """The example digest's rows repeated to `rows` rows."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.startswith("| **[")]
    return "\n".join(lines[:4] + [body[i % len(body)] for i in range(rows)]) + "\n"


LAYOUTS: dict[str, Callable[[int], str]] = {
    "example": example_rows,
    **{name: (lambda rows, name=name: build(name, rows)[0]) for name in MAKERS},
}
