"""Read a markdown paper digest into entries that remember their line numbers.

Digests are generated markdown whose table cells are not escaped (a `|` in an abstract breaks a
naive split) and whose shape drifts between generators, so this reader never raises on text: what
it can only half read becomes a problem pointing at the line, and the audit goes on. Tables are
found line by line with GFM's rules rather than by a full markdown parse, so a 100 MB digest
streams through in one pass without a token tree several times its size.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import islice

from repro_audit.models import Digest, DigestEntry, DigestProblem, FoundLink, LinkKind, LinkOrigin
from repro_audit.reading.decoding import DigestInputError, decode_digest
from repro_audit.reading.links import find_urls, markup_links, normalise_url, resolve_link

__all__ = ["DigestInputError", "decode_digest", "read_digest"]


class _Role(Enum):
    """The columns the reader understands; any other column is kept only for arXiv ids."""

    TITLE = "title"
    DATE = "date"
    ABSTRACT = "abstract"
    COMMENT = "comment"
    CODE = "code"


_HEADER_ROLES: dict[str, _Role] = {
    name: role
    for role, names in (
        (_Role.TITLE, "title paper name papertitle papername"),
        (_Role.DATE, "date published updated publisheddate"),
        (_Role.ABSTRACT, "abstract summary"),
        (_Role.COMMENT, "comment comments note notes"),
        (_Role.CODE, "coderepository code codelink codelinks repository repo github"),
        (_Role.CODE, "implementation"),
    )
    for name in names.split()
}
_NO_LINK = frozenset({"", "none", "null", "nil", "n/a", "na", "-", "--", "\u2014", "\u2013"})
_CODE_KINDS = frozenset(
    {LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES, LinkKind.GITHUB_OTHER, LinkKind.OTHER_HOST}
)
_MAX_JOINED_LINES = 50
MAX_ENTRIES = 200_000
"""Entries read from one digest at most; a problem says where reading stopped."""
MAX_LINKS = 250_000
"""Links kept from one digest at most: link-stuffed input must not grow memory without bound."""
MAX_ROW_LINKS = 50
"""Code links kept per row, from the code cell and from the text: each may cost a request."""

_LINE_BREAK = re.compile(r"\r\n?|\n")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_PIPE = re.compile(r"(?<!\\)\|")
_TAG_OR_PIPE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>|(?<!\\)\|")
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source"})
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # not <https://autolinks>
# The summary may not hold another <summary>: an unclosed one then fails at the next opening
# instead of scanning to the end of the cell, so hostile cells cost linear time, not quadratic.
_SUMMARY = re.compile(
    r"<summary\b[^<>]*>(?:(?!</?summary\b).)*?</summary\s*>", re.IGNORECASE | re.DOTALL
)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?/\d{7})(?!\d)(?:v(\d{1,4}))?"
_ARXIV = re.compile(rf"(?:arxiv\.org/(?:abs|pdf|html)/|\barxiv:\s*){_ARXIV_ID}", re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?!\d)")
_CODEY_TEXT = re.compile(r"\b(?:code|codes|github|repo|repository|implementation)\b", re.I)
_GENERIC_LABEL = re.compile(  # link texts that say nothing about which paper it is
    r"(?:[\W_]|code|codes|links?|github|repo|repository|here|source|official|implementation|our"
    r"|the|project|page|website|homepage|available|at|on|is)*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Table:
    """A table's header, read once and used for every row."""

    names: tuple[str, ...]  # header cells as shown, markup removed
    columns: tuple[int | None, ...]  # each role's column in `_Role` order, looked up once
    others: tuple[int, ...]  # the columns without a role, searched only for arXiv ids
    merge_col: int  # where surplus '|' go: Abstract, else Comment, else Title, else last
    closed: bool  # the header ends with '|', so a row that does not has wrapped onto next lines


def read_digest(text: str, source: str) -> Digest:
    """Read every paper table in `text`; without one, every code-host link in the prose.

    Line numbers are 1-based and count CRLF, LF and lone CR as one line break each.
    """
    entries: list[DigestEntry] = []
    problems: list[DigestProblem] = []
    tables = _read_tables(text, source, entries, problems)
    if tables == 0:
        entries = _read_prose(text, source, problems)
    return Digest(source=source, entries=tuple(entries), problems=tuple(problems), tables=tables)


def _iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (number, line) lazily, so a huge digest is never held twice as a list of lines."""
    start, number = 0, 1
    for brk in _LINE_BREAK.finditer(text):
        line = text[start : brk.start()]
        yield number, (line.lstrip("\ufeff") if number == 1 else line)
        start, number = brk.end(), number + 1
    if start < len(text):
        yield number, (text[start:].lstrip("\ufeff") if number == 1 else text[start:])


def _heading(line: str) -> str | None:
    """The text of an ATX heading line, or None when the line is not one."""
    match = _HEADING.match(line) if "#" in line[:4] else None
    if match is None:
        return None
    text = line[match.end() :].rstrip()
    bare = text.rstrip("#")  # a closing run of '#' counts only after a space (or alone)
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return _plain(text)


def _read_tables(
    text: str, source: str, entries: list[DigestEntry], problems: list[DigestProblem]
) -> int:
    """Walk the lines once: track headings and code fences, find tables, read their rows."""
    section, fence = "", ""
    table: _Table | None = None
    skipping = False  # inside a table whose columns mean nothing to us
    previous: tuple[int, str] | None = None  # a line that may be a table's header
    pending: list[tuple[int, str]] = []  # one row, over several lines if its abstract wrapped
    count = kept = 0  # tables found, links kept (against MAX_LINKS)

    def flush() -> None:
        nonlocal kept
        if pending and table is not None:
            entry = _read_row(table, pending, section, source, problems, MAX_LINKS - kept)
            entries.append(entry)
            before, kept = kept, kept + len(entry.code_links) + len(entry.text_links)
            if before < MAX_LINKS <= kept:
                problems.append(DigestProblem(entry.line, f"{MAX_LINKS} links read: later rows "
                                              "are read without their links"))  # fmt: skip
        pending.clear()

    for number, line in _iter_lines(text):
        stripped = line.strip()
        if len(entries) >= MAX_ENTRIES and stripped:
            problems.append(DigestProblem(number, _entry_limit(number)))
            break
        if fence:
            fence = "" if _closes(fence, stripped) else fence
            continue
        if pending:
            if stripped and not stripped.startswith("|") and _heading(line) is None:
                pending.append((number, stripped))  # the row's text wrapped onto this line
                if _ends_row(stripped) or len(pending) >= _MAX_JOINED_LINES:
                    flush()
                continue
            flush()
        if table is not None or skipping:
            if stripped and "|" in stripped and _heading(line) is None:
                if table is not None and _DELIMITER.fullmatch(line) is None:
                    pending.append((number, stripped))
                    if not (table.closed and stripped.startswith("|")) or _ends_row(stripped):
                        flush()
                continue
            table, skipping = None, False  # a blank line, prose or a heading ends the table
        fence_match = _FENCE.match(line)
        heading = _heading(line)
        if fence_match is not None:
            fence, previous = fence_match.group(1), None
        elif heading is not None:
            section, previous = heading, None
        elif previous is not None and "|" in stripped and _DELIMITER.fullmatch(line):
            table = _read_header(previous, line, problems)
            skipping, previous = table is None, None
            count += table is not None
        else:
            previous = (number, line) if "|" in stripped else None
    flush()
    return count


def _closes(fence: str, stripped: str) -> bool:
    """Whether a line closes the open code fence (same character, at least as long)."""
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def _ends_row(stripped: str) -> bool:
    return stripped.endswith("|") and not stripped.endswith("\\|")


def _inner(row: str) -> str:
    """The row without its outer pipes."""
    row = row.strip().removeprefix("|")
    return row[:-1] if _ends_row(row) else row


def _split(row: str) -> list[str]:
    """Split a row on unescaped pipes; cells keep their spacing."""
    row = _inner(row)
    return _PIPE.split(row) if "\\|" in row else row.split("|")


def _read_header(
    header: tuple[int, str], delimiter: str, problems: list[DigestProblem]
) -> _Table | None:
    number, line = header
    names = tuple(_plain(cell) for cell in _split(line))
    roles: dict[_Role, int] = {}
    for index, name in enumerate(names):
        role = _HEADER_ROLES.get(re.sub(r"[\s*_`]+", "", name).lower())
        if role is not None and role not in roles:
            roles[role] = index
    if not roles:
        problems.append(DigestProblem(number, f"table with columns {list(names)} skipped: none "
                                      "is a title, abstract, comment or code column"))  # fmt: skip
        return None
    width = len(_split(delimiter))
    if width != len(names):
        problems.append(DigestProblem(
            number, f"header has {len(names)} cells, delimiter row {width}; header used"
        ))  # fmt: skip
    merge = next((roles[r] for r in (_Role.ABSTRACT, _Role.COMMENT, _Role.TITLE) if r in roles),
                 len(names) - 1)  # fmt: skip
    columns = tuple(roles.get(role) for role in _Role)
    others = tuple(i for i in range(len(names)) if i not in columns)
    return _Table(names, columns, others, merge, closed=_ends_row(line.strip()))


def _fit_cells(table: _Table, row: str) -> tuple[list[str], str]:
    """Cells matched to the header, and a problem message when the row did not fit."""
    cells, width = _split(row), len(table.names)
    if len(cells) == width:  # the usual row: no message to build
        return [c.strip() for c in cells], ""
    count, shape = len(cells), f"row has {len(cells)} cells, header has {width}"
    if count < width:
        cells += [""] * (width - count)
        return [c.strip() for c in cells], f"{shape}; missing cells left empty"
    guarded = _split_outside_html(row)
    if len(guarded) != width:  # no HTML explains the pipes: they belong to the free-text column
        at, extra = table.merge_col, count - width
        guarded = [*cells[:at], "|".join(cells[at : at + extra + 1]), *cells[at + extra + 1 :]]
    merged = [name for name, cell in zip(table.names, guarded, strict=True) if _PIPE.search(cell)]
    merged = merged or [table.names[table.merge_col]]
    return [c.strip() for c in guarded], f"{shape}; merged '|' into {', '.join(merged)}"


def _split_outside_html(row: str) -> list[str]:
    """Split on pipes outside open HTML elements: `<p>a | b</p>` stays one cell."""
    row = _inner(row)
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


def _read_row(
    table: _Table,
    parts: list[tuple[int, str]],
    section: str,
    source: str,
    problems: list[DigestProblem],
    room: int = MAX_LINKS,
) -> DigestEntry:
    """One table row (possibly continued over several lines) to an entry, with at most `room`
    links (the digest's link budget left) and MAX_ROW_LINKS of each kind. Runs once per row, so it
    builds short lists, not generators: starting one costs more than listing these few items."""
    number = parts[0][0]
    notes: list[str] = []
    if len(parts) > 1:
        notes.append(f"row continues over lines {number}-{parts[-1][0]}; read as one row")
    cells, fit_note = _fit_cells(table, " ".join([text for _, text in parts]))
    if fit_note:
        notes.append(fit_note)
    title_cell, date_cell, abstract, comment, code_cell = [
        "" if index is None else cells[index] for index in table.columns
    ]
    link = next(iter(markup_links(title_cell)), (title_cell, ""))
    arxiv_id, version = _arxiv(title_cell, *[cells[index] for index in table.others])
    paper_date, date_note = _parse_date(date_cell)
    notes += [date_note] if date_note else []
    code_urls, code_note = _code_urls(code_cell) if room > 0 else ([], "")
    notes += [code_note] if code_note else []
    if len(code_urls) > MAX_ROW_LINKS:
        notes.append(f"code cell names {len(code_urls)} links; the first {MAX_ROW_LINKS} are kept")
    code_urls = code_urls[: min(MAX_ROW_LINKS, room)]
    limit = max(0, min(MAX_ROW_LINKS, room - len(code_urls)))
    text_links = _text_links(abstract, comment, parts, limit) if limit else []
    if len(text_links) > limit:
        del text_links[limit:]
        if limit == MAX_ROW_LINKS:
            notes.append(f"abstract and comment name more than {limit} code links; {limit} kept")
    if notes:
        problems.extend(DigestProblem(number, note) for note in notes)
    return DigestEntry(
        source=source,
        line=number,
        section=section,
        title=_plain(link[0]),
        arxiv_id=arxiv_id,
        arxiv_version=version,
        paper_date=paper_date,
        comment=_comment(comment),
        code_cell=code_cell,
        code_links=tuple(
            [FoundLink(u, LinkOrigin.CODE_COLUMN, _line_of(u, parts)) for u in code_urls]
        ),
        text_links=tuple(text_links),
        problems=tuple(notes),
    )


def _text_links(
    abstract: str, comment: str, parts: list[tuple[int, str]], limit: int
) -> list[FoundLink]:
    """Code links the abstract and comment name, de-duplicated; stops after `limit + 1`, so a
    caller can tell there were more without resolving every URL of a link-stuffed cell."""
    seen: set[str] = set()
    found: list[FoundLink] = []
    for origin, text in ((LinkOrigin.ABSTRACT, abstract), (LinkOrigin.COMMENT, comment)):
        for url in find_urls(_SUMMARY.sub(" ", text) if "<" in text else text, schemeless=True):
            key = url.lower().rstrip("/").removesuffix(".git").rstrip("/")
            if key not in seen and resolve_link(url).kind in _CODE_KINDS:
                seen.add(key)
                found.append(FoundLink(url, origin, _line_of(url, parts)))
                if len(found) > limit:
                    return found
    return found


def _entry_limit(line: int) -> str:
    return f"more than {MAX_ENTRIES} entries: line {line} and the rest were not read"


def _line_of(url: str, parts: list[tuple[int, str]]) -> int:
    """The physical line a URL is on, for rows that span lines; else the row's line."""
    if len(parts) == 1:
        return parts[0][0]
    return next((number for number, text in parts if url in text), parts[0][0])


def _plain(text: str) -> str:
    """Cell markup to reading text: tags, `**`/`__`, backslash escapes and entities removed."""
    text = (_TAG.sub(" ", text) if "<" in text else text).replace("**", "").replace("__", "")
    text = _ESCAPE.sub(r"\1", text) if "\\" in text else text
    return " ".join(html.unescape(text).split())


def _comment(cell: str) -> str:
    """The full comment: a `<details>` block's `<summary>` is only a cut-down copy of it."""
    return _plain(_SUMMARY.sub(" ", cell) if "<" in cell else cell) or _plain(cell)


def _arxiv(*cells: str) -> tuple[str | None, int | None]:
    """The arXiv id and version of the first cell that names one (URL or `arXiv:` tag)."""
    for cell in cells:  # the case-blind regex is slow: start it just before the first "rx"
        lowered = cell.lower()
        at = lowered.find("rx")  # every match holds one, at this place if lower() kept the length
        start = max(at - 1, 0) if len(lowered) == len(cell) else 0
        match = _ARXIV.search(cell, start) if at != -1 else None
        if match is not None:
            return match.group(1), int(match.group(2)) if match.group(2) else None
    return None, None


def _parse_date(cell: str) -> tuple[date | None, str]:
    """A YYYY-MM-DD, YYYY/MM/DD or ISO datetime cell to a date; a note when it is unreadable."""
    text = _plain(cell)
    if not text:
        return None, ""
    match = _DATE.search(text)
    if match is None:
        return None, f"date '{text[:40]}' is not YYYY-MM-DD"
    try:
        return date(int(match.group(1)), int(match.group(3)), int(match.group(4))), ""
    except ValueError:
        return None, f"date '{match.group(0)}' does not exist"


def _code_urls(cell: str) -> tuple[list[str], str]:
    """Every link in the code cell, and a note when the cell says something but links nowhere."""
    if _plain(cell).strip("*_` ").lower() in _NO_LINK:
        return [], ""
    urls = find_urls(cell)  # a scheme-less link is broken: keep it, so the audit can say so
    urls += [dest for _, dest in markup_links(cell) if dest and "://" not in dest]
    note = ""
    if not urls:
        urls = find_urls(_plain(cell), schemeless=True)
        note = (f"code cell names {urls[0]} without a scheme" if urls
                else f"code cell has no link: '{_plain(cell)[:60]}'")  # fmt: skip
    return list(dict.fromkeys(urls)), note


def _read_prose(text: str, source: str, problems: list[DigestProblem]) -> list[DigestEntry]:
    """A digest without tables: each code-host link (or link called "code") is one entry."""
    entries: list[DigestEntry] = []
    section, fence = "", ""
    for number, line in _iter_lines(text):
        stripped = line.strip()
        if fence:
            fence = "" if _closes(fence, stripped) else fence
        elif (fence_match := _FENCE.match(line)) is not None:
            fence = fence_match.group(1)
        elif (heading := _heading(line)) is not None:
            section = heading
            continue
        if "." not in line:
            continue
        named: dict[str, str] = {}
        for label, dest in markup_links(line):
            named.setdefault(normalise_url(dest), _plain(label))
        found = dict.fromkeys(find_urls(line, schemeless=True))  # resolved lazily, up to the limit
        room = MAX_ENTRIES - len(entries) + 1
        urls = list(islice((u for u in found if resolve_link(u).kind in _CODE_KINDS), room))
        urls += [u for u, label in named.items() if "://" in u and _CODEY_TEXT.search(label)]
        arxiv_id, version = _arxiv(line)
        for url in dict.fromkeys(urls):
            if len(entries) >= MAX_ENTRIES:
                problems.append(DigestProblem(number, _entry_limit(number)))
                return entries
            label = named.get(url, "")
            generic = "://" in label or _GENERIC_LABEL.fullmatch(label) is not None
            entries.append(DigestEntry(
                source=source, line=number, section=section, title=section if generic else label,
                arxiv_id=arxiv_id, arxiv_version=version,
                code_links=(FoundLink(url, LinkOrigin.TEXT, number),),
            ))  # fmt: skip
    return entries
