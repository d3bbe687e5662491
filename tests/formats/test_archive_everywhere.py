"""A dead link's archived copy (or its absence) is said in every format a reader or a machine
gets, not only in the table, markdown, JSON and HTML: CSV columns, the SARIF message and the
annotated digest's audit cell carry it too. Unknown archive status is never shown as lost."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from repro_audit.formats import RenderOptions, annotated, render
from repro_audit.formats.options import OutputFormat
from repro_audit.models import ArchiveFacts, ArchiveState, AuditReport
from tests.formats import samples

SNAPSHOT = "https://archive.softwareheritage.org/browse/snapshot/abc/"
VISITED = datetime(2025, 6, 12, tzinfo=timezone.utc)
DEAD_ROW = 2  # samples.rows(): gone/repo, dead


def _with_archive(state: ArchiveState) -> AuditReport:
    base = samples.report()
    rows = list(base.rows)
    url, visited = (SNAPSHOT, VISITED) if state is ArchiveState.ARCHIVED else (None, None)
    facts = ArchiveFacts("https://github.com/gone/repo", state, url, None, visited, "")
    rows[DEAD_ROW] = replace(rows[DEAD_ROW], archive=facts)
    return replace(base, rows=tuple(rows))


def _csv_cells(report: AuditReport) -> tuple[str, str]:
    records = list(csv.DictReader(io.StringIO(render(report, OutputFormat.CSV))))
    [dead] = [r for r in records if r["repo"] == "gone/repo"]
    return dead["archive"], dead["archive_url"]


def _sarif_message(report: AuditReport) -> str:
    document = json.loads(render(report, OutputFormat.SARIF))
    [result] = [r for r in document["runs"][0]["results"] if "gone/repo" in r["message"]["text"]]
    return str(result["message"]["text"])


@pytest.mark.parametrize(
    ("state", "note", "url"),
    [
        (ArchiveState.ARCHIVED, "archived 2025-06-12", SNAPSHOT),
        (ArchiveState.NOT_ARCHIVED, "not archived", ""),
        (ArchiveState.UNKNOWN, "", ""),  # the archive did not answer: nothing is claimed
    ],
)
def test_the_archive_status_reaches_csv_sarif_and_the_annotated_digest(
    state: ArchiveState, note: str, url: str
) -> None:
    report = _with_archive(state)
    assert _csv_cells(report) == (note, url)
    message = _sarif_message(report)
    badge = annotated.badge(report.rows[DEAD_ROW])
    if note:
        assert f"{note} in Software Heritage" in message and note in badge
    else:
        assert "archived" not in message and "archived" not in badge


def test_csv_keeps_its_earlier_columns_in_place() -> None:
    header = render(samples.report(), OutputFormat.CSV, RenderOptions()).splitlines()[0]
    columns = header.split(",")
    assert columns[:3] == ["source", "line", "section"] and columns[-2:] == [
        "archive",
        "archive_url",
    ]
