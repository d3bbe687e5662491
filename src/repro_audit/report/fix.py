"""Fixing a digest: moved repositories get their new URL, rows without code get the missed link,
and with `archive_links` dead code links get their Software Heritage copy (or, when the same row
names live code, that code: it is preferred over an archived copy).

Pure: the digest's text and the audit's rows in, the new text (and what changed) out. Only the
code cell of a row is ever rewritten, and only the text inside it; every other byte, line ending
and space stays as it was, so `git diff` of a fixed digest shows exactly the cells that changed.
A change that cannot be placed with certainty (a cell that cannot be found, or is ambiguous) is
skipped and said, never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from repro_audit.models import ArchiveState, AuditRow, LinkKind, LinkOrigin, LinkStatus, RowFlag
from repro_audit.reading.links import find_urls, markup_links, normalise_url, resolve_link

_LINE_BREAK = re.compile(r"\r\n?|\n")
_ALIVE = frozenset({LinkStatus.ALIVE, LinkStatus.MOVED})


@dataclass(frozen=True, slots=True)
class Fix:
    """One cell rewritten: where, the cell text before and after, and why."""

    line: int  # 1-based, as the digest reader counts (CR, LF and CRLF each end a line)
    start: int  # offset of the cell text within the line
    old: str
    new: str
    why: str


# possessive, and no `(` inside: `[^)\s>]+>?[^)]*` split each target every way (cubic in a cell
# of `](a` repeated)
_LINK_TARGET = re.compile(r"\]\(\s*+<?([^()\s<>]++)>?[^()]*+\)")


def cell_link(cell: str, hosts: frozenset[str]) -> str:
    """What a code cell points at, shortly: `owner/name` on GitHub, else the URL or the text."""
    found = _LINK_TARGET.search(cell)
    target = (found.group(1) if found else cell).strip()
    parts = urlsplit(target)
    host = parts.netloc.lower().removeprefix("www.")
    if host in hosts and parts.path.strip("/").count("/") == 1:
        return parts.path.strip("/").removesuffix(".git")
    return target or "(empty)"


def changed_cell(fix: Fix, hosts: frozenset[str]) -> str:
    """`L61 code: old/name → new/name  (why)`: one fix as a reader wants to see it."""
    return (
        f"L{fix.line} code: {cell_link(fix.old, hosts)} → {cell_link(fix.new, hosts)}  ({fix.why})"
    )


@dataclass(frozen=True, slots=True)
class FixPlan:
    """The fixes to make, and the ones wanted but not made (with the reason)."""

    fixes: tuple[Fix, ...] = ()
    skipped: tuple[str, ...] = ()


def split_lines(text: str) -> list[tuple[str, str]]:
    """(line, line break) pairs that join back to `text` exactly."""
    pieces: list[tuple[str, str]] = []
    start = 0
    for brk in _LINE_BREAK.finditer(text):
        pieces.append((text[start : brk.start()], brk.group(0)))
        start = brk.end()
    if start < len(text):
        pieces.append((text[start:], ""))
    return pieces


def cell_spans(line: str, content: str) -> list[int]:
    """Offsets where `content` stands as a whole table cell (pipes, or line ends, around it)."""
    if not content:
        return []
    spans = []
    at = line.find(content)
    while at != -1:
        before = line[:at].rstrip(" \t")
        after = line[at + len(content) :].lstrip(" \t")
        opened = before == "" or (before.endswith("|") and not before.endswith("\\|"))
        if opened and (after == "" or after.startswith("|")):
            spans.append(at)
        at = line.find(content, at + 1)
    return spans


def moved_url(url: str, new_slug: str) -> str:
    """`url` with its `owner/name` replaced by `new_slug`; `.git`, deeper path and query kept."""
    scheme_end = url.find("://")
    path_start = url.find("/", scheme_end + 3) if scheme_end != -1 else -1
    if path_start == -1:
        return url
    marks = [at for at in (url.find("?", path_start), url.find("#", path_start)) if at != -1]
    cut = min(marks, default=len(url))
    segments = url[path_start + 1 : cut].split("/", 2)
    if len(segments) < 2:
        return url
    git = ".git" if segments[1].lower().endswith(".git") else ""
    rest = "/" + segments[2] if len(segments) > 2 else ""
    return f"{url[:path_start]}/{new_slug}{git}{rest}{url[cut:]}"


def _replace_urls(cell: str, key: str, new_slug: str, hosts: frozenset[str]) -> str:
    """Every URL in `cell` naming repository `key`, rewritten to `new_slug`."""
    result = cell
    for url in dict.fromkeys(find_urls(cell)):
        link = resolve_link(url, hosts)
        if link.kind is not LinkKind.GITHUB_REPO or link.repo is None or link.repo.key != key:
            continue
        replacement = moved_url(url, new_slug)
        pattern = re.escape(url) + r"(?![A-Za-z0-9._~%+-])"
        result = re.sub(pattern, replacement.replace("\\", "\\\\"), result)
    return result


def link_style(rows: Sequence[AuditRow]) -> str | None:
    """The label the digest's code cells use (`Code Link`), so a filled cell looks like the rest."""
    for row in rows:
        for label, target in markup_links(row.entry.code_cell):
            if "://" in target and label.strip():
                return label
    return None


def code_url(suggestion: AuditRow) -> str | None:
    """Where the code a suggestion found lives, or None when it should not fill a cell."""
    if suggestion.status not in _ALIVE or RowFlag.TEMPORARY in suggestion.flags:
        return None
    link = suggestion.link
    if link is None:
        return None
    if link.kind is LinkKind.GITHUB_REPO and link.repo is not None:
        scheme = link.url.split("://", 1)[0].lower()  # a GitHub Enterprise server may be http
        return f"{scheme}://{link.repo.host}/{suggestion.moved_to or link.repo.slug}"
    if link.kind is LinkKind.GITHUB_PAGES:
        if RowFlag.MISSED_LINK in suggestion.flags:
            return None  # a project page named in the row is not code: nor is its site's source
        if suggestion.resolved_repo and link.repo is not None:  # the curator's code column
            return f"https://{link.repo.host}/{suggestion.resolved_repo}"
    facts = suggestion.facts
    if facts is not None and facts.via == "git" and facts.html_url:
        return facts.html_url
    return None


def plan_fixes(
    text: str,
    rows: Sequence[AuditRow],
    github_hosts: frozenset[str] = frozenset({"github.com"}),
    archive_links: bool = False,
) -> FixPlan:
    """What to change in `text` (the digest the rows were read from); `archive_links` also
    mends dead code links (see `archive_fix`)."""
    lines = split_lines(text)
    style = link_style(rows)
    live = live_code(rows) if archive_links else {}
    fixes: dict[tuple[int, int], Fix] = {}
    skipped: list[str] = []
    for row in rows:
        entry = row.entry
        want = _wanted(row, style, github_hosts)
        if want is None and archive_links:
            want = archive_fix(row, live.get(id(entry)), github_hosts)
        if want is None:
            skipped += _pages_only(row)
            continue
        new_cell, why = want
        line_no = _code_line(row)
        line = lines[line_no - 1][0] if 0 < line_no <= len(lines) else ""
        spans = cell_spans(line, entry.code_cell)
        if len(spans) != 1:
            problem = "not found on its line" if not spans else "found more than once"
            skipped.append(f"L{line_no}: {why} not applied: the code cell is {problem}")
            continue
        start = spans[0]
        previous = fixes.get((line_no, start))
        if previous is not None:
            new_cell = _merge(previous.new, row, github_hosts)
            why = f"{previous.why}; {why}"
        fixes[(line_no, start)] = Fix(line_no, start, entry.code_cell, new_cell, why)
    ordered = tuple(sorted(fixes.values(), key=lambda fix: (fix.line, fix.start)))
    return FixPlan(fixes=tuple(f for f in ordered if f.new != f.old), skipped=tuple(skipped))


def _pages_only(row: AuditRow) -> list[str]:
    """A row without code whose only lead is a project page: said, and nothing filled."""
    if row.status is not LinkStatus.NO_LINK or not row.entry.code_cell.strip():
        return []
    pages = [s.link.url for s in row.suggestions if s.link and s.link.kind is LinkKind.GITHUB_PAGES]
    if not pages or len(pages) != len(row.suggestions):
        return []
    return [f"L{row.entry.line}: project page without a code link ({pages[0]}); nothing filled"]


def _merge(cell: str, row: AuditRow, hosts: frozenset[str]) -> str:
    """A second moved link in a cell already being rewritten."""
    if row.link is not None and row.link.repo is not None and row.moved_to:
        return _replace_urls(cell, row.link.repo.key, row.moved_to, hosts)
    return cell


def _code_line(row: AuditRow) -> int:
    if row.link is not None:
        for found in row.entry.code_links:
            if normalise_url(found.url) == row.link.url:
                return found.line
    return row.entry.line


def _wanted(row: AuditRow, style: str | None, hosts: frozenset[str]) -> tuple[str, str] | None:
    """(new cell text, why) for a row that needs a change, else None."""
    cell = row.entry.code_cell
    if row.status is LinkStatus.MOVED and row.origin is LinkOrigin.CODE_COLUMN:
        link = row.link
        if link is None or link.kind is not LinkKind.GITHUB_REPO or link.repo is None:
            return None
        if not row.moved_to:
            return None
        new = _replace_urls(cell, link.repo.key, row.moved_to, hosts)
        return new, f"{link.repo.slug} moved to {row.moved_to}"
    if row.status is LinkStatus.NO_LINK and cell.strip():
        for suggestion in row.suggestions:
            url = code_url(suggestion)
            if url is not None:
                new = f"[{style}]({url})" if style else url
                origin = suggestion.origin.value if suggestion.origin else "text"
                return new, f"code link found in the {origin.replace('_', ' ')}: {url}"
    return None


def live_code(rows: Sequence[AuditRow]) -> dict[int, tuple[str, str]]:
    """Per entry (by identity), the first live GitHub repository its rows lead to: (slug, how it
    was found). A project page's repository counts, and so does a suggestion's."""
    found: dict[int, tuple[str, str]] = {}
    for row in rows:
        for candidate in (row, *row.suggestions):
            url = code_url(candidate)
            link = candidate.link
            if url is None or link is None or link.repo is None:
                continue
            slug = candidate.resolved_repo or candidate.moved_to or link.repo.slug
            how = "project page" if link.kind is LinkKind.GITHUB_PAGES else "code link"
            if candidate is not row:
                origin = candidate.origin.value if candidate.origin else "text"
                how = origin.replace("_", " ")
            found.setdefault(id(row.entry), (slug, how))
    return found


def archive_fix(
    row: AuditRow, live: tuple[str, str] | None, hosts: frozenset[str]
) -> tuple[str, str] | None:
    """(new cell, why) for a dead code-column repository link: pointed at the live code the same
    row names (preferred), else annotated with its Software Heritage copy; None otherwise.
    A cell that already names an archived copy is left alone, so fixing twice changes nothing."""
    link, archive, cell = row.link, row.archive, row.entry.code_cell
    if row.status is not LinkStatus.DEAD or row.origin is not LinkOrigin.CODE_COLUMN:
        return None
    if link is None or link.repo is None or link.kind is not LinkKind.GITHUB_REPO:
        return None
    dead = link.repo.slug
    if live is not None and live[0].lower() != link.repo.key:
        slug, how = live
        new = _replace_urls(cell, link.repo.key, slug, hosts)
        return new, f"{dead} is dead; live code at {slug} (via the {how}) used, not an archive"
    if archive is None or archive.state is not ArchiveState.ARCHIVED or not archive.url:
        return None
    if archive.url in cell or "softwareheritage.org" in cell or "swh:1:" in cell:
        return None
    day = archive.visited_at.date().isoformat() if archive.visited_at else "copy"
    new = f"{cell} ([archived {day}]({archive.url}))"
    return new, f"{dead} is dead; Software Heritage copy of {day} linked: {archive.url}"


def apply_fixes(text: str, plan: FixPlan) -> str:
    """`text` with every planned cell replaced; raises ValueError if a cell is not where planned."""
    lines = split_lines(text)
    for fix in reversed(plan.fixes):
        line, brk = lines[fix.line - 1]
        if line[fix.start : fix.start + len(fix.old)] != fix.old:
            raise ValueError(f"L{fix.line}: the code cell changed since it was read")
        line = line[: fix.start] + fix.new + line[fix.start + len(fix.old) :]
        lines[fix.line - 1] = (line, brk)
    return "".join(line + brk for line, brk in lines)


def unified_diff(old: str, new: str, name: str) -> str:
    """A `diff -u` of the two texts, with a/ and b/ prefixes as git shows them."""
    before = [line + (brk or "\n") for line, brk in split_lines(old)]
    after = [line + (brk or "\n") for line, brk in split_lines(new)]
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}"))
