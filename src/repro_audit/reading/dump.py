"""`audit --dump FILE`: what the reader found, entry by entry and link by link, as text.

How a curator checks the reading without asking any server (lychee has `--dump` for the same
reason): each entry with its line, title, date and venue, then each link with its line and
column, where it was found (origin, table column) and what it points at.
"""

from __future__ import annotations

from repro_audit.models import Digest, DigestEntry, FoundLink


def render_dump(digests: list[Digest]) -> str:
    """Every digest's entries, links and reading problems, in file order."""
    out: list[str] = []
    for digest in digests:
        links = sum(len(e.code_links) + len(e.text_links) for e in digest.entries)
        layout = f"{digest.tables} table(s)" if digest.tables else f"{digest.items} list item(s)"
        out.append(f"{digest.source}: {len(digest.entries)} entries, {links} links, {layout}, "
                   f"{len(digest.problems)} problem(s)")  # fmt: skip
        for entry in digest.entries:
            out.append(_entry(entry))
            out += [_link(found, "code") for found in entry.code_links]
            out += [_link(found, "also") for found in entry.text_links]
        out += [f"  L{problem.line}: problem: {problem.message}" for problem in digest.problems]
    return "\n".join(out) + "\n"


def _entry(entry: DigestEntry) -> str:
    parts = [f"  L{entry.line}: entry {entry.title!r}"]
    if entry.paper_date is not None:
        parts.append(f"date {entry.paper_date.isoformat()}")
    if entry.venue:
        parts.append(f"venue {entry.venue!r}")
    if entry.arxiv_id:
        version = f"v{entry.arxiv_version}" if entry.arxiv_version else ""
        parts.append(f"arXiv {entry.arxiv_id}{version}")
    if entry.section:
        parts.append(f"section {entry.section!r}")
    if not entry.code_links:
        parts.append("no code link")
    return ", ".join(parts)


def _link(found: FoundLink, role: str) -> str:
    where = f"L{found.line}:{found.column}" if found.column else f"L{found.line}"
    column = f" [{found.cell}]" if found.cell else ""
    link = found.link
    target = link.repo.slug if link.repo is not None else link.reason
    written = f" (written {found.written!r})" if found.written else ""
    return (f"    {where} {role} {found.origin.value}{column} {found.url} -> "
            f"{link.kind.value} {target}{written}")  # fmt: skip
