"""One table row (possibly continued over several lines) to one entry.

Which cell is which comes from the table (columns.py); what each cell holds is read here: the
title (never a badge's alt text, never a `[code]` label), the date (from the date column, else
the year of the venue column), the code links (every code column, and links labelled code in
any cell) and the code-host links written elsewhere in the row (missed ones).
"""

from __future__ import annotations

import re

from repro_audit.models import DigestEntry, DigestProblem, LinkKind, LinkOrigin
from repro_audit.reading.cells import fit_cells
from repro_audit.reading.columns import Role, Table
from repro_audit.reading.dates import full_date, parse_date, venue_year
from repro_audit.reading.finding import (
    IMAGE,
    arxiv,
    cell_hits,
    code_cell_hits,
    comment_text,
    is_paper_link,
    may_name_code,
    only_says_code,
    says_code,
    text_hits,
)
from repro_audit.reading.lines import link_labels, plain
from repro_audit.reading.links import (
    markup_spans,
    names_code_host,
    resolve_link,
)
from repro_audit.reading.typed import RowLinks, Where

# An HTML anchor, dropped with its label like a markdown link; the label stops at the next
# `<a` or `</a` (an anchor left open fails there: linear, as urls._HTML_LINK).
_ANCHOR = re.compile(r"<a\b[^<>]*>(?:(?!</?a\b).){0,500}?</a\s*>", re.IGNORECASE | re.DOTALL)
# `AAAI24`, `CVPR 2024`, `NeurIPS'23`, `ICLR-2024 (oral)`: a venue and its year
_VENUE_LIKE = re.compile(r"[A-Za-z][A-Za-z&-]{1,20}[ '\u2019-]?(?:19|20)?\d\d(?:[ ,(][^|]{0,30})?")
_PREPRINTS = frozenset({"arxiv", "biorxiv", "medrxiv", "chemrxiv", "openreview", "preprint"})
GENERIC_LABEL = re.compile(  # link texts that are a link's kind, never a paper's title
    r"(?:[\W_]|code|codes|links?|github|repo|repository|here|implementation|paper|pdf|arxiv"
    r"|stars?)*",
    re.IGNORECASE,
)


def title_of(cell: str) -> str:
    """The paper's title in a cell: its first link with a telling label, else its text without
    links; badge images and `[code]`-like labels are never a title."""
    text = IMAGE.sub(" ", cell) if "![" in cell else cell
    spans = markup_spans(text) if "](" in text or "<a" in text.lower() else []
    for _, label, _ in spans:
        shown = plain(IMAGE.sub(" ", label) if "![" in label else label)
        if shown and GENERIC_LABEL.fullmatch(shown) is None:
            return shown
    if not spans:
        return plain(text)
    for _, label, dest in spans:  # drop the links: what is left is the plain title, if any
        text = text.replace(f"[{label}]({dest})", " ")
    text = _ANCHOR.sub(" ", text) if "<" in text else text
    return plain(text.replace("[]", " ").replace("[ ]", " "))


def read_row(table: Table, parts: list[tuple[int, str]], where: Where) -> DigestEntry:
    """One table row to an entry, with at most `where.room` links (the digest's budget left)."""
    number = parts[0][0]
    notes: list[str] = []
    if len(parts) > 1:
        notes.append(f"row continues over lines {number}-{parts[-1][0]}; read as one row")
    joined = parts[0][1].strip() if len(parts) == 1 else " ".join([t.strip() for _, t in parts])
    cells, fit_note = fit_cells(table.names, table.merge_col, joined, table.kinds)
    if fit_note:
        notes.append(fit_note)
    _, date_cell, abstract, comment, _, venue_cell, _ = [
        "" if index is None else cells[index] for index in table.columns
    ]
    title_cell = "" if table.title_at is None else cells[table.title_at]
    others = table.others
    arxiv_id, version = arxiv(
        title_cell, *[cells[i] for i in others], date_cell, venue_cell, *table_code(table, cells)
    )
    date_text = plain(link_labels(date_cell))
    paper_date, date_note = parse_date(date_text)
    venue = plain(link_labels(venue_cell))
    if not venue and _venue_like(date_text) and full_date(date_text) is None:
        # `| Published |` holding `[AAAI24](paper)` or `[arxiv](paper)`: a venue, read as one
        venue, date_note = date_text, ""
    if paper_date is None and venue:
        paper_date = venue_year(venue)
    notes += [date_note] if date_note else []
    links = RowLinks(parts, where)
    for index in table.code:
        hits, note = code_cell_hits(cells[index]) if where.room > 0 else ([], "")
        notes += [note] if note and index == table.code[0] else []
        links.within = cells[index]
        for hit in hits:
            links.add_code(hit, LinkOrigin.CODE_COLUMN, table.names[index])
    for index in table.link_cells:
        _other_cell(links, cells[index], table.names[index])
    for origin, text in ((LinkOrigin.ABSTRACT, abstract), (LinkOrigin.COMMENT, comment)):
        links.within = text
        for hit in text_hits(text) if text and links.room else ():
            links.add_elsewhere(hit, origin)
    code_links, elsewhere, link_notes = links.finish()
    notes += link_notes
    if notes:
        where.problems.extend(DigestProblem(number, note) for note in notes)
    return DigestEntry(
        source=where.source,
        line=number,
        section=where.section,
        title=_title(table, cells, title_cell),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        paper_date=paper_date,
        venue=venue,
        comment=comment_text(comment),
        code_cell=cells[table.code[0]] if table.code else "",
        code_links=code_links,
        text_links=elsewhere,
        problems=tuple(notes),
    )


def _venue_like(text: str) -> bool:
    """A venue rather than a date: `AAAI24`, `CVPR 2024`, an acronym (`TIP`) or a preprint
    server (`arxiv`); `yesterday` or `TBD 2025-01` are not."""
    if not text:
        return False
    if _VENUE_LIKE.fullmatch(text) is not None:
        return True
    return text.lower() in _PREPRINTS or (text.isupper() and text.isalpha() and len(text) <= 10)


def _title(table: Table, cells: list[str], title_cell: str) -> str:
    """The title cell's title; with no column named for titles, the label of the first code
    link when it names something (`| Implementation | Language |` of `[Warp 3DGS](url)`)."""
    if table.role(Role.TITLE) is None and table.code:
        named = title_of(cells[table.code[0]])
        if named and "](" in cells[table.code[0]]:
            return named
    return title_of(title_cell)


def table_code(table: Table, cells: list[str]) -> list[str]:
    """The row's code cells, in column order."""
    return [cells[index] for index in table.code]


def _other_cell(links: RowLinks, cell: str, name: str) -> None:
    """A cell that is not a code column: a link labelled code is a code link (unless it is a
    paper or a profile); any other code-host link is a missed one."""
    if "." not in cell or not may_name_code(cell):
        return
    links.within = cell
    for hit in cell_hits(cell):
        labelled = says_code(hit.label)
        # a paper labelled only code (`[Code](https://arxiv.org/...)`) is said by add_code
        if (
            labelled
            and not _profile(hit.url, links.hosts)
            and (not is_paper_link(hit.url) or only_says_code(hit.label))
        ):
            links.add_code(hit, LinkOrigin.CODE_LABEL, name)
            continue
        links.add_elsewhere(hit, LinkOrigin.CELL, name)


def _profile(url: str, hosts: frozenset[str]) -> bool:
    """A github.com page that is no repository: a user's profile in an author list."""
    return names_code_host(url, hosts) and resolve_link(url, hosts).kind is LinkKind.GITHUB_OTHER
