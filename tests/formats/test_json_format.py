"""JSON: valid against the published schema, stable key order, null for unknown."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import repro_audit
from repro_audit.formats import RenderOptions
from repro_audit.formats import json as json_format
from tests.formats.samples import report

SCHEMA_PATH = Path(repro_audit.__file__).parent / "schema" / "audit-report.schema.json"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

TOP_KEYS = [
    "schema_version",
    "tool",
    "generated_at",
    "rubric_version",
    "sources",
    "summary",
    "requests",
    "notes",
    "problems",
    "rows",
]
ROW_KEYS = [
    "source",
    "line",
    "section",
    "title",
    "arxiv_id",
    "arxiv_version",
    "paper_date",
    "code_link",
    "origin",
    "repo",
    "link_status",
    "moved_to",
    "reason",
    "facts",
    "score",
    "score_range",
    "grade",
    "coverage",
    "findings",
    "missed_links",
    "flags",
    "resolved_repo",
    "web",
    "archive",
    "suggestions",
]


def _doc(options: RenderOptions | None = None) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(
        json_format.render(report(), options or RenderOptions(show_all=True))
    )
    return parsed


def _rows(doc: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {row["line"]: row for row in doc["rows"]}


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    "options", [RenderOptions(), RenderOptions(show_all=True, explain=True)], ids=str
)
def test_output_validates_against_the_schema(options: RenderOptions) -> None:
    VALIDATOR.validate(_doc(options))


def test_key_order_and_layout_are_stable() -> None:
    text = json_format.render(report(), RenderOptions())
    assert text.startswith('{\n  "schema_version": "1.3",\n  "tool": {\n    "name"')
    assert text.endswith("}\n")
    doc = json.loads(text)
    assert list(doc) == TOP_KEYS
    assert all(list(row) == ROW_KEYS for row in doc["rows"])
    assert text == json_format.render(report(), RenderOptions())


def test_header_fields() -> None:
    doc = _doc()
    assert doc["tool"] == {"name": "repro-audit", "version": "0.1.0"}
    assert doc["generated_at"] == "2025-11-01T12:00:00Z"
    assert doc["rubric_version"] == "0.1"
    assert doc["summary"]["entries"] == 7
    counts = {"graphql": 2, "rest": 5, "git": 1, "cached": 0, "web": 0, "archive": 0}
    assert doc["requests"] == {**counts, "not_modified": 0}
    assert doc["problems"] == [
        {"source": "examples/digest.md", "line": 3, "message": "row has 4 cells | expected 5"}
    ]


def test_no_link_rows_are_always_in_json() -> None:
    assert _rows(_doc(RenderOptions())) == _rows(_doc(RenderOptions(show_all=True)))
    row = _rows(_doc(RenderOptions()))[20]
    assert (row["link_status"], row["code_link"], row["facts"], row["score"]) == (
        "no_link",
        None,
        None,
        None,
    )
    assert row["missed_links"] == [
        {"url": "https://github.com/missed/code", "kind": "github_repo", "repo": "missed/code"}
    ]


def test_tri_state_facts() -> None:
    rows = _rows(_doc())
    alive = rows[5]["facts"]
    assert (alive["exists"], alive["archived"], alive["has_readme"]) == (True, False, True)
    assert alive["dependency_files"] == ["environment.yml"]
    assert alive["last_commit_at"] == "2025-10-20T23:30:00Z"
    unknown = rows[9]["facts"]
    for key in ("archived", "has_license", "has_readme", "has_dependency_spec", "stars"):
        assert unknown[key] is None, key  # unknown is null, never false
    assert unknown["dependency_files"] is None
    assert rows[7]["facts"]["exists"] is False
    assert rows[8]["facts"]["exists"] is None
    assert rows[10]["facts"] is None  # no repository was asked about


def test_scores_and_findings() -> None:
    rows = _rows(_doc())
    alive = rows[5]
    assert (alive["score"], alive["grade"], alive["coverage"]) == (72, "B", 0.85)
    fail = alive["findings"][1]
    assert fail == {
        "criterion": "dependencies",
        "title": "Dependency specification",
        "verdict": "fail",
        "shown": "fail",
        "points": 0.0,
        "max_points": 20.0,
        "reason": "no dependency specification | at the root",
        "remediation": "Add a requirements.txt",
        "evidence": ["none found"],
    }
    assert rows[6]["moved_to"] == "new/name"
    assert (rows[8]["score"], rows[8]["grade"]) == (None, None)
    assert rows[10]["findings"] == []


def _broken(change: str) -> dict[str, Any]:
    doc = copy.deepcopy(_doc())
    row = doc["rows"][0]
    if change == "missing row key":
        del row["reason"]
    elif change == "extra row key":
        row["stars"] = 3
    elif change == "bad status":
        row["link_status"] = "broken"
    elif change == "bad verdict":
        row["findings"][0]["verdict"] = "ok"
    elif change == "extra fact":
        row["facts"]["size"] = 12
    elif change == "false for unknown exists":
        row["facts"]["exists"] = "unknown"
    elif change == "local time":
        doc["generated_at"] = "2025-11-01T12:00:00+01:00"
    elif change == "missing summary field":
        del doc["summary"]["moved"]
    elif change == "score over 100":
        row["score"] = 101
    return doc


@pytest.mark.parametrize(
    "change",
    [
        "missing row key",
        "extra row key",
        "bad status",
        "bad verdict",
        "extra fact",
        "false for unknown exists",
        "local time",
        "missing summary field",
        "score over 100",
    ],
)
def test_schema_catches_drift(change: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(_broken(change))


@pytest.mark.parametrize("kept", [0, 1, 3, None], ids=["no rows", "one row", "three", "all"])
def test_rows_written_one_at_a_time_make_the_same_document(kept: int | None) -> None:
    """`chunks` streams the rows; joined, they are the indented text of `document`."""
    full = report()
    sample = replace(full, rows=full.rows[:kept])
    pieces = list(json_format.chunks(sample, RenderOptions()))
    text = "".join(pieces)
    assert text == json_format.render(sample, RenderOptions())
    assert (
        text
        == json.dumps(json_format.document(sample, RenderOptions()), indent=2, ensure_ascii=False)
        + "\n"
    )
    assert len(pieces) == (1 if not sample.rows else len(sample.rows) + 2)


def test_every_origin_the_reader_gives_is_in_the_schema() -> None:
    """Issue 12's origins (code_label, cell, badge, list_item, project_page) validate."""
    from repro_audit.models import LinkOrigin

    assert set(SCHEMA["$defs"]["linkOrigin"]["enum"]) == {origin.value for origin in LinkOrigin}
