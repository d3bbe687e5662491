"""The calibration fixtures get the verdicts a curator would give, with actionable findings."""

from __future__ import annotations

import time

import pytest

from repro_audit.models import Verdict
from repro_audit.scoring import score_repository
from repro_audit.scoring.tree import tree_of
from tests.scoring.calibration import CASES, Case
from tests.scoring.facts import CTX


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_expected_verdicts(case: Case) -> None:
    score = score_repository(case.facts, CTX)
    found = {f.criterion: f for f in score.findings}
    for criterion, verdict in case.verdicts.items():
        assert found[criterion].verdict is verdict, (criterion, found[criterion].reason)
    for criterion, snippet in case.reasons.items():
        assert snippet in found[criterion].reason, (criterion, found[criterion].reason)
    assert score.grade == case.grade or (case.grade is None and len(case.verdicts) < 14)
    if case.grade is None and case.name == "rate-limited":
        assert score.value is None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_finding_is_one_actionable_line(case: Case) -> None:
    for finding in score_repository(case.facts, CTX).findings:
        assert finding.reason and "\n" not in finding.reason, finding
        assert "\n" not in finding.remediation
        if finding.verdict in (Verdict.FAIL, Verdict.PARTIAL):
            assert finding.remediation, finding
        else:
            assert finding.remediation == ""


@pytest.mark.parametrize(
    ("name", "criterion", "verdict"),
    [
        ("placeholder", "placeholder", Verdict.FAIL),
        ("readme-only", "placeholder", Verdict.FAIL),
        ("no-licence", "licence", Verdict.FAIL),
        ("broken-instructions", "consistency", Verdict.PARTIAL),
    ],
)
def test_the_flagged_repositories(name: str, criterion: str, verdict: Verdict) -> None:
    case = next(c for c in CASES if c.name == name)
    healthy = next(c for c in CASES if c.name == "healthy")
    flagged = score_repository(case.facts, CTX)
    assert next(f for f in flagged.findings if f.criterion == criterion).verdict is verdict
    assert flagged.value is not None and flagged.value < (
        score_repository(healthy.facts, CTX).value or 0
    )


def test_a_huge_listing_scores_quickly() -> None:
    case = next(c for c in CASES if c.name == "huge-monorepo")
    assert len(case.facts.paths or ()) > 20_000
    tree_of.cache_clear()
    started = time.perf_counter()
    score_repository(case.facts, CTX)
    assert time.perf_counter() - started < 2.0
