"""A table's header, and what its cells hold: which columns give the title, date, venue, code.

A header name settles a column's role when it is unmistakable (`Title`, `Abstract`, `Code`).
Any other column (`Link`, `Page`, `Project`, `Resources`, `Authors`, an unnamed one) is decided
by what its cells hold, from the table's first rows, so a list whose code sits in
`Links` is read like one whose code sits in `Code` and the choice is said as a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from repro_audit.models import DigestProblem, LinkKind
from repro_audit.reading.cells import ends_row, split
from repro_audit.reading.finding import CODEY_LABEL, NO_LINK, cell_hits
from repro_audit.reading.lines import plain
from repro_audit.reading.links import names_code_host, resolve_link


class Role(Enum):
    """The columns the reader understands; the first of each role is the one read."""

    TITLE = "title"
    DATE = "date"
    ABSTRACT = "abstract"
    COMMENT = "comment"
    CODE = "code"
    VENUE = "venue"
    AUTHORS = "authors"  # read for missed links only: its GitHub links are people, not code


HEADER_ROLES: dict[str, Role] = {
    name: role
    for role, names in (
        (Role.TITLE, "title paper papers name papertitle papername titleauthors paperauthors"),
        (Role.DATE, "date published updated publisheddate publishdate publicationdate"),
        (Role.DATE, "year submitted submissiondate submitteddate time lastupdated pubdate"),
        (Role.DATE, "releasedate release released publicationyear pubyear dateadded"),
        (Role.ABSTRACT, "abstract summary tldr"),
        (Role.COMMENT, "comment comments note notes remark remarks"),
        (Role.CODE, "coderepository code codes codelink codelinks repository repo repos github"),
        (Role.CODE, "implementation implementations sourcecode officialcode"),
        (Role.VENUE, "venue conference conf journal publication booktitle pub publishedin"),
        (Role.AUTHORS, "author authors writers contributors"),
    )
    for name in names.split()
}
# Names a list gives the column of what it lists when it is not titled `Title` or `Paper`: the
# title only when no column is so titled (`| Model | Paper | Code |` is titled by Paper).
_WEAK_TITLE_NAMES = "method methods model models work works article articles approach algorithm"
WEAK_TITLES = frozenset(_WEAK_TITLE_NAMES.split())
FREE_TEXT = (Role.ABSTRACT, Role.COMMENT, Role.TITLE)
_PAPER_ROLES = frozenset({Role.TITLE, Role.ABSTRACT, Role.COMMENT, Role.CODE})
SAMPLE_ROWS = 30
"""Rows of a table read before its columns are decided by content."""
# blanks, markup and punctuation: `Pub. Date`, `Title & Authors`
_NAME_NOISE = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Table:
    """A table's header, read once and used for every row."""

    line: int  # the header's line
    names: tuple[str, ...]  # header cells as shown, markup removed
    columns: tuple[int | None, ...]  # each role's column in `Role` order, looked up once
    code: tuple[int, ...]  # every column read as code: named so, or holding code links
    maybe: tuple[int, ...]  # columns whose cells decide whether they hold code
    merge_col: int  # where surplus '|' go: Abstract, else Comment, else Title, else last
    closed: bool  # the header ends with '|', so a row that does not has wrapped onto next lines
    decided: bool = False  # whether `maybe` columns were judged by their cells yet
    kinds: tuple[str, ...] = ()  # what each column should hold, for fitting rows that do not
    others: tuple[int, ...] = ()  # columns with no role that are not code: read for missed links
    title_at: int | None = None  # the title column, else the first column with no role
    link_cells: tuple[int, ...] = ()  # read for links outside the code: title, others, date, venue
    unnamed: bool = False  # no header name says a role: read only if a column's cells link code

    def role(self, role: Role) -> int | None:
        """The column of `role`, if the table has one."""
        return self.columns[_ROLE_INDEX[role]]


_ROLE_INDEX = {role: index for index, role in enumerate(Role)}


def _settled(table: Table) -> Table:
    """The table with `kinds` and `others` worked out once, for every row."""
    kinds = ["text"] * len(table.names)
    for index in table.code:
        kinds[index] = "code"
    for role, kind in (
        (Role.DATE, "date"),
        (Role.VENUE, "venue"),
        *((r, "free") for r in FREE_TEXT),
    ):
        at = table.role(role)
        if at is not None:
            kinds[at] = kind
    authors = table.role(Role.AUTHORS)
    others = tuple(
        i
        for i in range(len(table.names))
        if (i not in table.columns or i == authors) and i not in table.code
    )
    title = table.role(Role.TITLE)
    if title is None:  # `| Topic | Date | Code |`: the first column of no other role names it
        title = next((i for i in others if i != authors), None)
    # title first; a date or venue cell may hold a link too when a row is shifted
    read = (title, *others, table.role(Role.DATE), table.role(Role.VENUE))
    link_cells = tuple(dict.fromkeys(i for i in read if i is not None and i not in table.code))
    return replace(table, kinds=tuple(kinds), others=others, title_at=title, link_cells=link_cells)


def role_of(name: str) -> Role | None:
    """The role a header name gives its column, if any."""
    return HEADER_ROLES.get(_NAME_NOISE.sub("", name).lower())


def _weak_title(name: str) -> bool:
    return _NAME_NOISE.sub("", name).lower() in WEAK_TITLES


def read_header(header: tuple[int, str], delimiter: str, problems: list[DigestProblem]) -> Table:
    """The table a header and its delimiter row open. One whose header names no title,
    abstract, comment or code column (`| 标题 | 日期 | 代码 |`, `| Dataset | Link |`) is
    `unnamed`: read only when its cells link code."""
    number, line = header
    names = tuple(plain(cell) for cell in split(line))
    roles: dict[Role, int] = {}
    code: list[int] = []
    for index, name in enumerate(names):
        role = role_of(name)
        if role is Role.CODE:
            code.append(index)
        if role is not None and role not in roles:
            roles[role] = index
    weak = next((i for i, name in enumerate(names) if _weak_title(name)), None)
    if Role.TITLE not in roles and weak is not None:
        roles[Role.TITLE] = weak
    width = len(split(delimiter))
    if width != len(names):
        problems.append(DigestProblem(
            number, f"header has {len(names)} cells, delimiter row {width}; header used"
        ))  # fmt: skip
    merge = next((roles[r] for r in FREE_TEXT if r in roles), len(names) - 1)
    columns = tuple(roles.get(role) for role in Role)
    maybe = tuple(
        i for i, name in enumerate(names) if role_of(name) is None and i != roles.get(Role.TITLE)
    )
    table = Table(number, names, columns, tuple(code), maybe, merge, ends_row(line.strip()))
    # a date, venue or authors column alone does not make a paper table (`| Detector | VOC07 |
    # COCO | Published In |` is a table of results): such a table too is read only by content
    return _settled(replace(table, unnamed=not roles.keys() & _PAPER_ROLES))


def skipped_note(table: Table) -> DigestProblem:
    """Why a table whose header names no role and whose cells link no code is not read."""
    return DigestProblem(table.line, f"table with columns {list(table.names)} skipped: none is a "
                         "title, abstract, comment or code column, nor links code")  # fmt: skip


_REPOSITORY_KINDS = frozenset({LinkKind.GITHUB_REPO, LinkKind.OTHER_HOST})


def holds_code(cell: str) -> bool | None:
    """Whether a cell links code (a code-host link, or a link labelled code); None when empty."""
    if plain(cell).strip("*_` ").lower() in NO_LINK:
        return None
    for hit in cell_hits(cell, schemeless=False):
        if hit.badge:
            continue
        if CODEY_LABEL.search(hit.label):
            return True
        # repositories, not GitHub Pages sites: a column of project pages is not code
        if names_code_host(hit.url) and resolve_link(hit.url).kind in _REPOSITORY_KINDS:
            return True
    return False


def decide(table: Table, rows: list[list[str]], problems: list[DigestProblem]) -> Table:
    """The table with every `maybe` column whose sampled cells mostly link code read as code."""
    chosen: list[int] = []
    for index in table.maybe:
        verdicts = [holds_code(cells[index]) for cells in rows if index < len(cells)]
        said = [v for v in verdicts if v is not None]
        codey = sum(said)
        if codey and 2 * codey >= len(said):
            chosen.append(index)
            name = table.names[index] or f"(unnamed column {index + 1})"
            problems.append(DigestProblem(
                table.line, f"column '{name}' read as a code column: {codey} of {len(said)} "
                "cells read link code"
            ))  # fmt: skip
    code = tuple(sorted({*table.code, *chosen}))
    maybe = tuple(i for i in table.maybe if i not in chosen)
    return _settled(replace(table, code=code, maybe=maybe, decided=True))
