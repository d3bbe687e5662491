"""Every report that lists findings names the bound an unknown met, in the same words:
`unknown (listing cut at N entries)`, `unknown (file too large)` (issue 18, item 5)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from repro_audit.formats import render
from repro_audit.formats.options import OutputFormat, RenderOptions
from repro_audit.models import AuditReport, Finding, Verdict
from tests.formats import samples

CUT = Finding(
    "training", "Training code", Verdict.UNKNOWN, 0.0, 0.0,
    "listing cut at 200,000 entries: no training script found",
)  # fmt: skip
LARGE = Finding(
    "readme", "README", Verdict.UNKNOWN, 0.0, 0.0,
    "README.md present; its text was not read: README and dependency texts unknown: "
    "file too large (the texts passed 16 MB)",
)  # fmt: skip


def _report() -> AuditReport:
    report = samples.report()
    rows = list(report.rows)
    index = next(i for i, row in enumerate(rows) if row.score is not None)
    score = rows[index].score
    assert score is not None
    rows[index] = replace(rows[index], score=replace(score, findings=(*score.findings, CUT, LARGE)))
    return replace(report, rows=tuple(rows))


@pytest.mark.parametrize(
    "fmt", [OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.JSON, OutputFormat.HTML]
)
def test_an_unknown_names_the_bound_it_met(fmt: OutputFormat) -> None:
    text = render(_report(), fmt, RenderOptions(explain=True))
    assert "unknown (listing cut at 200,000 entries)" in text
    assert "unknown (file too large)" in text
