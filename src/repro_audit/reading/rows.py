"""One table row (possibly continued over several lines) to one entry."""

from __future__ import annotations

from repro_audit.models import DigestEntry, DigestProblem, FoundLink, LinkOrigin
from repro_audit.reading import limits
from repro_audit.reading.cells import fit_cells
from repro_audit.reading.columns import Table
from repro_audit.reading.dates import parse_date
from repro_audit.reading.finding import arxiv, code_urls, comment_text, line_of, text_links
from repro_audit.reading.lines import plain
from repro_audit.reading.links import markup_links


def read_row(
    table: Table,
    parts: list[tuple[int, str]],
    section: str,
    source: str,
    problems: list[DigestProblem],
    room: int,
) -> DigestEntry:
    """One table row to an entry, with at most `room` links (the digest's link budget left) and
    MAX_ROW_LINKS of each kind. Runs once per row, so it builds short lists, not generators:
    starting one costs more than listing these few items."""
    row_links = limits.MAX_ROW_LINKS
    number = parts[0][0]
    notes: list[str] = []
    if len(parts) > 1:
        notes.append(f"row continues over lines {number}-{parts[-1][0]}; read as one row")
    cells, fit_note = fit_cells(table.names, table.merge_col, " ".join([t for _, t in parts]))
    if fit_note:
        notes.append(fit_note)
    title_cell, date_cell, abstract, comment, code_cell = [
        "" if index is None else cells[index] for index in table.columns
    ]
    link = next(iter(markup_links(title_cell)), (title_cell, ""))
    arxiv_id, version = arxiv(title_cell, *[cells[index] for index in table.others])
    paper_date, date_note = parse_date(date_cell)
    notes += [date_note] if date_note else []
    found_urls, code_note = code_urls(code_cell) if room > 0 else ([], "")
    notes += [code_note] if code_note else []
    if len(found_urls) > row_links:
        notes.append(f"code cell names {len(found_urls)} links; the first {row_links} are kept")
    found_urls = found_urls[: min(row_links, room)]
    limit = max(0, min(row_links, room - len(found_urls)))
    in_text = text_links(abstract, comment, parts, limit) if limit else []
    if len(in_text) > limit:
        del in_text[limit:]
        if limit == row_links:
            notes.append(f"abstract and comment name more than {limit} code links; {limit} kept")
    if notes:
        problems.extend(DigestProblem(number, note) for note in notes)
    return DigestEntry(
        source=source,
        line=number,
        section=section,
        title=plain(link[0]),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        paper_date=paper_date,
        comment=comment_text(comment),
        code_cell=code_cell,
        code_links=tuple(
            [FoundLink(u, LinkOrigin.CODE_COLUMN, line_of(u, parts)) for u in found_urls]
        ),
        text_links=tuple(in_text),
        problems=tuple(notes),
    )
