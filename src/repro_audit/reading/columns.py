"""A table's header: which column holds the title, the date, the abstract, the comment, the code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from repro_audit.models import DigestProblem
from repro_audit.reading.cells import ends_row, split
from repro_audit.reading.lines import plain


class Role(Enum):
    """The columns the reader understands; any other column is kept only for arXiv ids."""

    TITLE = "title"
    DATE = "date"
    ABSTRACT = "abstract"
    COMMENT = "comment"
    CODE = "code"


HEADER_ROLES: dict[str, Role] = {
    name: role
    for role, names in (
        (Role.TITLE, "title paper name papertitle papername"),
        (Role.DATE, "date published updated publisheddate"),
        (Role.ABSTRACT, "abstract summary"),
        (Role.COMMENT, "comment comments note notes"),
        (Role.CODE, "coderepository code codelink codelinks repository repo github"),
        (Role.CODE, "implementation"),
    )
    for name in names.split()
}
_NAME_NOISE = re.compile(r"[\s*_`]+")


@dataclass(frozen=True, slots=True)
class Table:
    """A table's header, read once and used for every row."""

    names: tuple[str, ...]  # header cells as shown, markup removed
    columns: tuple[int | None, ...]  # each role's column in `Role` order, looked up once
    others: tuple[int, ...]  # the columns without a role, searched only for arXiv ids
    merge_col: int  # where surplus '|' go: Abstract, else Comment, else Title, else last
    closed: bool  # the header ends with '|', so a row that does not has wrapped onto next lines


def role_of(name: str) -> Role | None:
    """The role a header name gives its column, if any."""
    return HEADER_ROLES.get(_NAME_NOISE.sub("", name).lower())


def read_header(
    header: tuple[int, str], delimiter: str, problems: list[DigestProblem]
) -> Table | None:
    """The table a header and its delimiter row open, or None (and a problem) for one we skip."""
    number, line = header
    names = tuple(plain(cell) for cell in split(line))
    roles: dict[Role, int] = {}
    for index, name in enumerate(names):
        role = role_of(name)
        if role is not None and role not in roles:
            roles[role] = index
    if not roles:
        problems.append(DigestProblem(number, f"table with columns {list(names)} skipped: none "
                                      "is a title, abstract, comment or code column"))  # fmt: skip
        return None
    width = len(split(delimiter))
    if width != len(names):
        problems.append(DigestProblem(
            number, f"header has {len(names)} cells, delimiter row {width}; header used"
        ))  # fmt: skip
    merge = next((roles[r] for r in (Role.ABSTRACT, Role.COMMENT, Role.TITLE) if r in roles),
                 len(names) - 1)  # fmt: skip
    columns = tuple(roles.get(role) for role in Role)
    others = tuple(i for i in range(len(names)) if i not in columns)
    return Table(names, columns, others, merge, closed=ends_row(line.strip()))
