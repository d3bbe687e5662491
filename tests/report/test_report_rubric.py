"""The report side of the rubric: a configured rubric scores every row, placeholders are named
beside the status once."""

from __future__ import annotations

from datetime import datetime, timezone

from repro_audit.models import AuditReport, AuditRow
from repro_audit.reading.digest import read_digest
from repro_audit.report.assemble import build_report
from repro_audit.scoring import config_from_toml
from tests.scoring.facts import facts, listing

NOW = datetime(2025, 11, 1, 12, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})
DIGEST = read_digest(
    "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
    "| Good | 2025-10-16 | a | c | [Code Link](https://github.com/lab/paper-code) |\n"
    "| Soon | 2025-10-16 | a | c | [Code Link](https://github.com/lab/soon) |\n",
    "digest.md",
)
SOON = listing("README.md", readme="# Soon\n\nCode coming soon.\n")
FACTS = {"lab/paper-code": facts(), "lab/soon": SOON}
CUSTOM = config_from_toml("[weights]\ncommunity = 0\n[thresholds]\nstar_cap = 1000\n", "r.toml")


def _rows(report: AuditReport) -> dict[str, AuditRow]:
    return {row.entry.title: row for row in report.rows}


def test_published_rubric_and_the_placeholder_note() -> None:
    report = build_report([DIGEST], FACTS, NOW, HOSTS)
    rows = _rows(report)
    assert report.rubric_version == "1.2"
    assert rows["Soon"].reason.startswith('placeholder: README says "Code coming soon."')
    assert rows["Soon"].reason.count("placeholder") == 1
    assert rows["Good"].reason == ""
    assert rows["Good"].score is not None and rows["Good"].score.value == 100


def test_a_configured_rubric_scores_every_row() -> None:
    report = build_report([DIGEST], FACTS, NOW, HOSTS, rubric=CUSTOM)
    assert report.rubric_version == "1.2+custom"
    for row in report.rows:
        assert row.score is not None and row.score.rubric_version == "1.2+custom"
        assert "community" not in [f.criterion for f in row.score.findings]
    assert _rows(report)["Soon"].reason.count("placeholder") == 1
