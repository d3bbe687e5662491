"""Machine-readable JSON, described by `schema/audit-report.schema.json`.

Keys are written in a fixed order and unknown facts are `null` (never `false`), so consumers can
diff two runs and tell "absent" from "not known". Bump SCHEMA_VERSION with any shape change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime
from typing import Any

import orjson

from repro_audit import TOOL_NAME
from repro_audit.formats import common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import (
    ArchiveFacts,
    AuditReport,
    AuditRow,
    Existence,
    Finding,
    RepoFacts,
    ResolvedLink,
    Score,
    WebCheck,
)
from repro_audit.scoring.base import verdict_shown
from repro_audit.scoring.filenames import dependency_files, readme_file

SCHEMA_VERSION = "1.3"  # 1.1: flags, resolved_repo, web checks, suggestions; 1.2: archive;
# 1.3: origins of the list shapes read since issue 12 (code_label, cell, badge, list_item,
# project_page)

JsonObject = dict[str, Any]

_EXISTS: dict[Existence, bool | None] = {
    Existence.EXISTS: True,
    Existence.MISSING: False,
    Existence.BLOCKED: False,
    Existence.UNKNOWN: None,
}


def _when(moment: datetime | None) -> str | None:
    return None if moment is None else common.iso_utc(moment)


def _day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _facts(facts: RepoFacts | None) -> JsonObject | None:
    if facts is None:
        return None
    names = common.listing(facts)
    readme = None if names is None else readme_file(names)
    deps = None if names is None else list(dependency_files(names))
    return {
        "exists": _EXISTS[facts.existence],
        "archived": facts.is_archived,
        "fork": facts.is_fork,
        "parent": facts.parent,
        "empty": facts.is_empty,
        "private": facts.is_private,
        "disabled": facts.is_disabled,
        "has_license": facts.has_license,
        "license": facts.license_spdx,
        "stars": facts.stars,
        "forks": facts.forks,
        "created_at": _when(facts.created_at),
        "pushed_at": _when(facts.pushed_at),
        "last_commit_at": _when(facts.last_commit_at),
        "default_branch": facts.default_branch,
        "has_readme": None if names is None else readme is not None,
        "readme": readme,
        "has_dependency_spec": None if deps is None else bool(deps),
        "dependency_files": deps,
        "via": facts.via,
        "gaps": list(facts.gaps),
    }


def _finding(finding: Finding) -> JsonObject:
    return {
        "criterion": finding.criterion,
        "title": finding.title,
        "verdict": finding.verdict.value,
        "shown": verdict_shown(finding.verdict, finding.reason),
        "points": round(finding.points, 2),
        "max_points": round(finding.max_points, 2),
        "reason": finding.reason,
        "remediation": finding.remediation,
        "evidence": list(finding.evidence),
    }


def _missed(link: ResolvedLink) -> JsonObject:
    return {
        "url": link.url,
        "kind": link.kind.value,
        "repo": None if link.repo is None else link.repo.slug,
    }


def _score_fields(score: Score | None) -> JsonObject:
    if score is None:
        return {"score": None, "score_range": None, "grade": None, "coverage": None, "findings": []}
    return {
        "score": score.value,
        "score_range": None if score.low is None else [score.low, score.high],
        "grade": score.grade,
        "coverage": round(score.coverage, 4),
        "findings": [_finding(f) for f in score.findings],
    }


def _web(check: WebCheck | None) -> JsonObject | None:
    if check is None:
        return None
    return {
        "state": check.state.value,
        "http_status": check.http_status,
        "final_url": check.final_url,
        "reason": check.reason,
    }


def _archive(facts: ArchiveFacts | None) -> JsonObject | None:
    if facts is None:
        return None
    return {
        "origin": facts.origin,
        "state": facts.state.value,
        "url": facts.url,
        "swhid": facts.swhid,
        "visited_at": _when(facts.visited_at),
        "reason": facts.reason,
    }


def _beyond(row: AuditRow) -> JsonObject:
    """The fields links beyond GitHub repositories added (schema 1.1), and the archive (1.2)."""
    return {
        "flags": [flag.value for flag in row.flags],
        "resolved_repo": row.resolved_repo,
        "web": _web(row.web),
        "archive": _archive(row.archive),
    }


def _suggestion(row: AuditRow) -> JsonObject:
    """A missed link of a row without one, audited like a code link."""
    link = row.link
    return {
        "code_link": None if link is None else link.url,
        "kind": None if link is None else link.kind.value,
        "origin": None if row.origin is None else row.origin.value,
        "repo": None if link is None or link.repo is None else link.repo.slug,
        "link_status": row.status.value,
        "moved_to": common.moved_to(row),
        "reason": row.reason,
        **_beyond(row),
        "facts": _facts(row.facts),
        **_score_fields(row.score),
    }


def _row(row: AuditRow) -> JsonObject:
    entry = row.entry
    link = row.link
    return {
        "source": entry.source,
        "line": entry.line,
        "section": entry.section,
        "title": entry.title,
        "arxiv_id": entry.arxiv_id,
        "arxiv_version": entry.arxiv_version,
        "paper_date": _day(entry.paper_date),
        "code_link": None if link is None else link.url,
        "origin": None if row.origin is None else row.origin.value,
        "repo": None if link is None or link.repo is None else link.repo.slug,
        "link_status": row.status.value,
        "moved_to": common.moved_to(row),
        "reason": row.reason,
        "facts": _facts(row.facts),
        **_score_fields(row.score),
        "missed_links": [_missed(m) for m in row.missed_links],
        **_beyond(row),
        "suggestions": [_suggestion(s) for s in row.suggestions],
    }


def document(report: AuditReport, options: RenderOptions) -> JsonObject:
    """The report as plain JSON-ready data, in the key order the schema documents."""
    return {**_head(report, options), "rows": [_row(row) for row in report.rows]}


def _head(report: AuditReport, options: RenderOptions) -> JsonObject:
    """Everything but the rows (which come last, so they can be written one at a time)."""
    del options  # JSON always carries every row and every finding
    summary = report.summary
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "generated_at": common.iso_utc(report.generated_at),
        "rubric_version": report.rubric_version,
        "sources": list(report.sources),
        "summary": {f.name: getattr(summary, f.name) for f in fields(summary)},
        "requests": {
            "graphql": report.requests.graphql,
            "rest": report.requests.rest,
            "git": report.requests.git,
            "cached": report.requests.cached,
            "web": report.requests.web,
            "archive": report.requests.archive,
            "not_modified": report.requests.not_modified,
        },
        "notes": list(report.notes),
        "problems": [
            {"source": source, "line": problem.line, "message": problem.message}
            for source, problem in report.problems
        ],
    }


def indented(value: Any, depth: int = 0) -> str:
    """`value` as JSON indented by 2 spaces, nested `depth` levels deep.

    orjson encodes in C: Python's indenting encoder is pure Python and took about 2.7 s and
    400 MiB for a 10,000-row report. A newline only ever occurs between tokens (strings escape
    theirs), so shifting a nested value right is one replace.
    """
    text = orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    return text.replace("\n", "\n" + "  " * depth) if depth else text


def chunks(report: AuditReport, options: RenderOptions) -> Iterator[str]:
    """The document in pieces, one row at a time, so writing a 10,000-row report never holds
    every row's JSON (or its dict) at once; the pieces joined are `render`'s text."""
    head = indented(_head(report, options))
    if not report.rows:  # machines filter: every row, always; here there are none
        yield head[:-2] + ',\n  "rows": []\n}\n'
        return
    yield head[:-2] + ',\n  "rows": [\n'
    last = len(report.rows) - 1
    for number, row in enumerate(report.rows):
        yield "    " + indented(_row(row), depth=2) + (",\n" if number < last else "\n")
    yield "  ]\n}\n"


def render(report: AuditReport, options: RenderOptions) -> str:
    """The audit as indented JSON (2 spaces, UTF-8 text, trailing newline); never prints.

    `explain` changes nothing here: findings are always included.
    """
    return "".join(chunks(report, options))
