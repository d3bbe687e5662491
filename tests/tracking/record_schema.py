"""The history-record schema is derived from the report schema: a record is a trimmed report.

`python -m tests.tracking.record_schema` rewrites src/repro_audit/schema/history-record.schema.json
after a change to audit-report.schema.json; test_history_schema.py fails until it is run.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

SCHEMAS = Path(__file__).parents[2] / "src" / "repro_audit" / "schema"
REPORT, RECORD = SCHEMAS / "audit-report.schema.json", SCHEMAS / "history-record.schema.json"

_DESCRIPTION = (
    "One run of one digest as kept under audits/<digest>/<UTC stamp>.json by `audit --history "
    "DIR` (record version 1): the `--format json` document of that digest, with rows that have "
    "no code link (and no missed link) left out and each row's findings cut to criterion, "
    "verdict and points. Unknown facts are null, never false."
)
_RECORD = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "omitted"],
    "properties": {
        "version": {"const": 1},
        "omitted": {"type": "array", "items": {"type": "string"}},
    },
}
_FINDING = {
    "description": "A finding without its texts, which the rubric can say again.",
    "type": "object",
    "additionalProperties": False,
    "required": ["criterion", "verdict", "points", "max_points"],
    "properties": {
        "criterion": {"type": "string", "minLength": 1},
        "verdict": {"$ref": "#/$defs/verdict"},
        "points": {"type": "number", "minimum": 0},
        "max_points": {"type": "number", "minimum": 0},
    },
}


def derive(report: dict[str, Any]) -> dict[str, Any]:
    """The record schema for a report schema."""
    schema = copy.deepcopy(report)
    schema["$id"] = "urn:repro-audit:schema:history-record:1"
    schema["title"] = "repro-audit history record"
    schema["description"] = _DESCRIPTION
    schema["required"] = [*report["required"], "record"]
    schema["properties"]["record"] = copy.deepcopy(_RECORD)
    schema["properties"]["rows"] = {"type": "array", "items": {"$ref": "#/$defs/recordRow"}}
    row = schema["$defs"].pop("row")
    row["properties"]["findings"] = {"type": "array", "items": {"$ref": "#/$defs/recordFinding"}}
    schema["$defs"]["recordRow"] = row
    schema["$defs"]["recordFinding"] = copy.deepcopy(_FINDING)
    return schema


def main() -> None:
    """Rewrite the record schema from the report schema."""
    report = json.loads(REPORT.read_text(encoding="utf-8"))
    RECORD.write_text(json.dumps(derive(report), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
