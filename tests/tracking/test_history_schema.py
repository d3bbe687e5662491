"""History records match src/repro_audit/schema/history-record.schema.json, and the schema is
strict enough to refuse a record that the history reader should not trust."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repro_audit.cli.main import ExitCode
from tests.cli.test_cli import EXAMPLE, TOKEN, Run
from tests.emulator import GitHubEmulator
from tests.emulator.example_world import ExampleWorld
from tests.tracking import record_schema

SCHEMA_FILE = Path(__file__).parents[2] / "src" / "repro_audit" / "schema"
SCHEMA = json.loads((SCHEMA_FILE / "history-record.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def record(
    example: tuple[GitHubEmulator, ExampleWorld], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The record the example digest's run leaves under audits/digest/."""
    emu, _ = example
    audits = tmp_path_factory.mktemp("history") / "audits"
    run = Run([str(EXAMPLE), "--history", str(audits), "--format", "json"], emu.env(TOKEN))
    assert run.code == ExitCode.OK, run.stderr  # dead once is failing, not yet dead
    [path] = (audits / "digest").glob("*.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_a_real_record_is_valid(record: dict[str, Any]) -> None:
    jsonschema.validate(record, SCHEMA)
    assert record["record"]["version"] == 1
    assert all(row["link_status"] != "no_link" or row["missed_links"] for row in record["rows"])
    findings = [f for row in record["rows"] for f in row["findings"]]
    assert findings and all(
        set(f) == {"criterion", "verdict", "points", "max_points"} for f in findings
    )


def _broken(record: dict[str, Any], change: str) -> dict[str, Any]:
    copy = json.loads(json.dumps(record))
    row = copy["rows"][0]
    if change == "line-list":
        row["line"] = [1]
    elif change == "line-zero":
        row["line"] = 0
    elif change == "status":
        row["link_status"] = "gone"
    elif change == "no-record":
        del copy["record"]
    elif change == "time":
        copy["generated_at"] = "yesterday"
    elif change == "finding-text":
        row["findings"] = [
            {
                "criterion": "x",
                "verdict": "pass",
                "points": 1,
                "max_points": 1,
                "reason": "a text a record never keeps",
            }
        ]
    return copy


@pytest.mark.parametrize(
    "change", ["line-list", "line-zero", "status", "no-record", "time", "finding-text"]
)
def test_a_broken_record_is_refused(record: dict[str, Any], change: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_broken(record, change), SCHEMA)


def test_the_record_schema_follows_the_report_schema() -> None:
    """A record is a trimmed report, so a field added to the report cannot be forgotten here."""
    report = json.loads(record_schema.REPORT.read_text(encoding="utf-8"))
    assert record_schema.derive(report) == SCHEMA, "run: python -m tests.tracking.record_schema"
