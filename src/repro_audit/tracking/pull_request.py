"""The pull-request comment's text, from the JSON report of a `--changed-since` run. Pure.

The report is data that a pull request shaped (titles, links), so every value is rendered as
text: table cells escaped, `@mentions` broken so nobody is pinged, image syntax defused so no
tracking pixel loads. Dead and moved links need attention; unknown ones are listed as not
checked, never as bad.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from repro_audit.formats import common
from repro_audit.formats.markdown import cell

ATTENTION = ("dead", "moved")
_NOT_CHECKED = "unknown"
_AUDITED_OUT = ("no_link", "unchanged")
_HEADING = "### repro-audit: code links this pull request adds or changes"
_FOOTER = (
    "_Posted by repro-audit for the rows added or changed since the base commit; it is edited "
    "on every push, never posted twice._"
)


class ReportError(Exception):
    """The JSON report is not one `audit --format json` wrote; one line for the CLI."""


@dataclass(frozen=True, slots=True)
class LinkLine:
    """One audited code link of the report, as the comment needs it."""

    source: str
    line: int
    title: str
    link: str
    status: str
    moved_to: str
    reason: str
    grade: str


@dataclass(frozen=True, slots=True)
class Comment:
    """`body` when something needs attention, else None; `resolved` for an all-clear edit."""

    body: str | None
    resolved: str
    attention: int
    audited: int


def safe(text: str) -> str:
    """A table cell that pings nobody and loads nothing (markdown.cell escapes brackets and puts
    a zero-width space after `@` and `#`)."""
    return cell(text)


def links_of(document: Mapping[str, Any]) -> list[LinkLine]:
    """The audited code links of a JSON report (rows without one, or unchanged, are skipped)."""
    rows = document.get("rows")
    if not isinstance(rows, list) or not isinstance(document.get("summary"), dict):
        raise ReportError("not a repro-audit JSON report (no rows or summary)")
    found: list[LinkLine] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise ReportError("not a repro-audit JSON report (a row is not an object)")
        status = str(row.get("link_status", ""))
        if status in _AUDITED_OUT:
            continue
        line = row.get("line")
        found.append(
            LinkLine(
                source=str(row.get("source", "")),
                line=line if isinstance(line, int) and not isinstance(line, bool) else 0,
                title=str(row.get("title") or ""),
                link=str(row.get("repo") or row.get("code_link") or ""),
                status=status,
                moved_to=str(row.get("moved_to") or ""),
                reason=str(row.get("reason") or ""),
                grade=_grade(row),
            )
        )
    return found


def _grade(row: Mapping[str, Any]) -> str:
    score, grade = row.get("score"), row.get("grade")
    return f"{score} {grade}" if isinstance(score, int) and isinstance(grade, str) else "?"


def _status(link: LinkLine) -> str:
    return f"moved → {link.moved_to}" if link.status == "moved" and link.moved_to else link.status


def _table(links: Sequence[LinkLine], with_grade: bool) -> list[str]:
    head = "| Digest | Line | Paper | Link | Status | Why |"
    rule = "|---|---:|---|---|---|---|"
    if with_grade:
        head, rule = head + " Score |", rule + "---:|"
    lines = [head, rule]
    for link in links:
        cells = [
            safe(link.source),
            str(link.line),
            safe(common.shorten(link.title, common.TITLE_LIMIT)),
            safe(link.link),
            safe(_status(link)),
            safe(common.short_reason(link.reason)),
        ]
        if with_grade:
            cells.append(safe(link.grade))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def run_url(env: Mapping[str, str]) -> str:
    """The workflow run's page (annotations, job summary) from the runner's own variables."""
    parts = [env.get(name, "") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY")]
    run_id = env.get("GITHUB_RUN_ID", "")
    if not all(parts) or not run_id.isdigit():
        return ""
    return f"{parts[0].rstrip('/')}/{parts[1]}/actions/runs/{run_id}"


def comment_for(document: Mapping[str, Any], revision: str = "", details: str = "") -> Comment:
    """The comment for this push; `revision` (the head commit) is named and `details` (the
    run's page) linked when given."""
    links = links_of(document)
    attention = [link for link in links if link.status in ATTENTION]
    unknown = [link for link in links if link.status == _NOT_CHECKED]
    at = f" (audited at {safe(revision[:12])})" if revision else ""
    links_of_pr = f"the {len(links)} code link(s) this pull request adds or changes"
    resolved_lines = [_HEADING, "", f"✅ All clear: {links_of_pr} are neither dead nor moved{at}."]
    if unknown:
        resolved_lines.append(f"{len(unknown)} could not be checked (GitHub did not answer).")
    footer = [f"[The run: annotations on the digest lines and the job summary]({details})", ""]
    footer = [*(footer if details.startswith(("https://", "http://")) else []), _FOOTER]
    resolved = "\n".join([*resolved_lines, "", *footer]) + "\n"
    if not attention:
        return Comment(None, resolved, 0, len(links))
    lines = [
        _HEADING,
        "",
        f"⚠️ {len(attention)} of {links_of_pr} need attention{at}: a dead link does not lead "
        "readers to code, and a moved one should name the repository's new home.",
        "",
        *_table(attention, with_grade=False),
    ]
    if unknown:
        lines += [
            "",
            f"Not checked ({len(unknown)}; GitHub did not answer, which says nothing against "
            "them):",
            "",
            *_table(unknown, with_grade=False),
        ]
    lines += [
        "",
        f"<details><summary>All {len(links)} audited code links</summary>",
        "",
        *_table(links, with_grade=True),
        "",
        "</details>",
        "",
        *footer,
    ]
    return Comment("\n".join(lines) + "\n", resolved, len(attention), len(links))
