"""docs/rubric.md is generated from the rubric; this test fails the moment the two drift."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

from repro_audit.scoring import RUBRIC, RUBRIC_VERSION, Thresholds
from repro_audit.scoring.base import THRESHOLD_HELP
from repro_audit.scoring.docs import COMMAND, render

DOC = Path(__file__).parents[2] / "docs" / "rubric.md"


def test_docs_rubric_md_matches_the_code() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/rubric.md is stale: run `{COMMAND}`"


def test_every_criterion_is_documented_with_weight_rationale_and_fix() -> None:
    text = render()
    assert text.startswith(f"# Reproducibility rubric {RUBRIC_VERSION}\n")
    for criterion in RUBRIC:
        assert f"| {criterion.title} | `{criterion.id}` | {criterion.weight:g} |" in text
        assert f"### {criterion.title} (`{criterion.id}`, weight {criterion.weight:g})" in text
        assert f"**Why:** {criterion.rationale}" in text
        assert f"**Fix:** {criterion.remediation}" in text
    assert "| | **Total** | | **100** |" in text


def test_every_threshold_is_documented() -> None:
    assert set(THRESHOLD_HELP) == {f.name for f in fields(Thresholds)}
    text = render()
    for name in THRESHOLD_HELP:
        assert f"| `{name}` |" in text


def test_weight_changes_show_in_the_render() -> None:
    changed = tuple(replace(c, weight=9) if c.id == "licence" else c for c in RUBRIC)
    assert "| Licence | Licence | `licence` | 9 |" in render(changed)
    assert render(changed) != render()


def test_the_module_prints_the_document() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "repro_audit.scoring.docs"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == render()
