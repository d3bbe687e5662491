"""SARIF 2.1.0, so GitHub code scanning shows dead and moved links on the digest's own lines.

One result per code link that needs attention (dead, moved, unknown), located at the digest row
that names it. A partial fingerprint made of the digest and the link keeps an alert the same alert
when rows above it are added or removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from repro_audit import TOOL_NAME
from repro_audit.formats import common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow, LinkStatus

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "reproAuditLink/v1"


@dataclass(frozen=True, slots=True)
class Rule:
    """A SARIF rule: one per link status worth an alert."""

    id: str
    name: str
    level: str  # SARIF level: "error", "warning" or "note"
    short: str
    full: str
    help: str


RULES: dict[LinkStatus, Rule] = {
    LinkStatus.DEAD: Rule(
        "dead-code-link",
        "DeadCodeLink",
        "error",
        "Code link is dead",
        "GitHub answers that the linked repository is gone, private, disabled or blocked.",
        "Find where the code lives now (a fork, a new name, the authors' page) and fix the "
        "link, or write None when the code is gone for good.",
    ),
    LinkStatus.MOVED: Rule(
        "moved-code-link",
        "MovedCodeLink",
        "warning",
        "Code link points at an old name",
        "The repository was renamed or transferred; GitHub still redirects, but only until "
        "someone takes the old name.",
        "Replace the link with the repository's current owner/name.",
    ),
    LinkStatus.UNKNOWN: Rule(
        "unknown-code-link",
        "UnknownCodeLink",
        "note",
        "Code link could not be checked",
        "GitHub did not answer (timeout, server error or rate limit); this says nothing about "
        "the repository itself.",
        "Nothing to fix in the digest; the next run will check again.",
    ),
}
"""Statuses that become results, with their rules, in the order the rules are listed."""


def _uri(source: str) -> str:
    """The digest path as a relative URI reference (forward slashes, no "./", escaped)."""
    path = source.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return quote(path, safe="/")


def _rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level},
        "properties": {"tags": ["links", "reproducibility"]},
    }


def _message(row: AuditRow) -> str:
    label = common.repo_label(row) or "code link"
    paper = f" (paper: {common.shorten(row.entry.title, 80)})" if row.entry.title.strip() else ""
    reason = f": {common.one_line(row.reason)}" if row.reason.strip() else ""
    if row.status is LinkStatus.MOVED:
        return f"{label} now answers as {common.moved_to(row)}{reason}; update the link{paper}."
    if row.status is LinkStatus.DEAD:
        note = common.archive_note(row)
        copy = f"; {note} in Software Heritage" if note else ""
        return f"{label} is dead{reason}{copy}{paper}."
    return f"{label} could not be checked{reason}{paper}."


def _fingerprint(row: AuditRow) -> str:
    link = row.link.repo.key if row.link and row.link.repo else (common.repo_label(row) or "")
    return f"{_uri(row.entry.source)}:{link.lower()}"


def _result(row: AuditRow, index: int, rule: Rule) -> dict[str, Any]:
    return {
        "ruleId": rule.id,
        "ruleIndex": index,
        "level": rule.level,
        "message": {"text": _message(row)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(row.entry.source)},
                    "region": {"startLine": max(1, row.entry.line)},
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: _fingerprint(row)},
    }


def document(report: AuditReport) -> dict[str, Any]:
    """The SARIF log as plain data: one run, the three rules, one result per link to look at."""
    statuses = list(RULES)
    results = [
        _result(row, statuses.index(row.status), RULES[row.status])
        for row in report.rows
        if row.status in RULES
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "rules": [_rule_json(RULES[status]) for status in statuses],
                    }
                },
                "results": results,
                "properties": {
                    "rubricVersion": report.rubric_version,
                    "generatedAt": common.iso_utc(report.generated_at),
                },
            }
        ],
    }


def render(report: AuditReport, options: RenderOptions) -> str:
    """The SARIF log as indented JSON; `show_all` and `explain` change nothing here."""
    del options  # code scanning wants every alert, and findings are not alerts
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
