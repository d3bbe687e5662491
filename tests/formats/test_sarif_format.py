"""SARIF 2.1.0: the structure code scanning needs, one result per link that needs a look."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from repro_audit.formats import RenderOptions, sarif
from tests.formats.samples import report

# The parts of the SARIF 2.1.0 schema that GitHub code scanning reads, written out here so the
# test needs no download; the names follow the OASIS specification.
MINIMAL_SARIF_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {
                                                            "enum": [
                                                                "none",
                                                                "note",
                                                                "warning",
                                                                "error",
                                                            ]
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string", "minLength": 1}},
                                },
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "required": ["uri"],
                                                        "properties": {"uri": {"type": "string"}},
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "required": ["startLine"],
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            }
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def _log() -> dict[str, Any]:
    data = json.loads(sarif.render(report(), RenderOptions()))
    assert isinstance(data, dict)
    return data


def test_the_log_has_the_shape_code_scanning_reads() -> None:
    log = _log()
    jsonschema.validate(log, MINIMAL_SARIF_SCHEMA)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "repro-audit" and driver["version"] == "0.1.0"
    assert [rule["id"] for rule in driver["rules"]] == [
        "dead-code-link",
        "moved-code-link",
        "unknown-code-link",
    ]


@pytest.mark.parametrize(
    ("line", "rule", "level", "words"),
    [
        (6, "moved-code-link", "warning", "old/name now answers as new/name"),
        (7, "dead-code-link", "error", "gone/repo is dead: 404 (paper: Dead paper)"),
        (8, "unknown-code-link", "note", "busy/repo could not be checked: rate limited"),
    ],
)
def test_one_result_per_link_on_its_digest_line(
    line: int, rule: str, level: str, words: str
) -> None:
    results = _log()["runs"][0]["results"]
    assert sorted(
        r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results
    ) == [
        6,
        7,
        8,
    ]
    [result] = [
        r for r in results if r["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    ]
    rules = _log()["runs"][0]["tool"]["driver"]["rules"]
    assert result["ruleId"] == rule and rules[result["ruleIndex"]]["id"] == rule
    assert result["level"] == level
    assert words in result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "examples/digest.md"}
    assert result["partialFingerprints"][sarif.FINGERPRINT].startswith("examples/digest.md:")


@pytest.mark.parametrize(
    ("source", "uri"),
    [
        ("./digests/a b.md", "digests/a%20b.md"),
        ("digests\\cv.md", "digests/cv.md"),
        ("plain.md", "plain.md"),
    ],
)
def test_uris_are_relative_references(source: str, uri: str) -> None:
    assert sarif._uri(source) == uri


def test_options_change_nothing() -> None:
    assert sarif.render(report(), RenderOptions(show_all=True, explain=True)) == sarif.render(
        report(), RenderOptions()
    )
