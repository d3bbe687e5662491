"""Each v0 criterion on its own: pass, partial, fail, unknown and not-applicable inputs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from repro_audit.models import Existence, RepoFacts, Verdict
from repro_audit.scoring import RUBRIC, Assessment, Criterion, ScoringContext
from repro_audit.scoring.base import partial
from repro_audit.scoring.criteria import (
    UNREACHABLE,
    activity,
    availability,
    community,
    dependencies,
    licence,
    readme,
    star_fraction,
)
from tests.scoring.facts import CTX, NOW, PAPER, facts

UTC = timezone.utc
RATE_LIMITED = "rate limited (secondary limit)"


def _check(outcome: Assessment, verdict: Verdict, fraction: float, snippet: str) -> None:
    assert outcome.verdict is verdict
    assert outcome.fraction == pytest.approx(fraction)
    assert snippet in outcome.reason


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "public and has content"),
        (facts(existence=Existence.MISSING, reason="404"), Verdict.FAIL, "not found"),
        (facts(existence=Existence.BLOCKED, reason="451 DMCA"), Verdict.FAIL, "451 DMCA"),
        (facts(existence=Existence.UNKNOWN, reason=RATE_LIMITED), Verdict.UNKNOWN, RATE_LIMITED),
        (facts(is_disabled=True), Verdict.FAIL, "disabled"),
        (facts(is_private=True), Verdict.FAIL, "private"),
        (facts(is_empty=True, root_files=()), Verdict.FAIL, "empty"),
        (facts(is_empty=None, root_files=()), Verdict.FAIL, "empty"),
        (facts(is_empty=None, root_files=None), Verdict.PASS, "has content"),  # commits seen
        (
            facts(is_empty=None, root_files=None, last_commit_at=None, gaps=("empty: timeout",)),
            Verdict.UNKNOWN,
            "empty: timeout",
        ),
        (facts(canonical="new-lab/paper-code"), Verdict.PASS, "moved to new-lab/paper-code"),
        (facts(canonical="LAB/Paper-Code"), Verdict.PASS, "has content"),  # case is no move
        (facts(is_fork=True, parent="up/stream"), Verdict.PASS, "a fork of up/stream"),
    ],
)
def test_availability(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = availability(repo, CTX)
    _check(outcome, verdict, 1.0 if verdict is Verdict.PASS else 0.0, snippet)


def test_moved_repository_passes_with_evidence() -> None:
    outcome = availability(facts(canonical="new-lab/paper-code"), CTX)
    assert outcome.evidence == ("canonical: new-lab/paper-code",)
    assert "update the link" in outcome.reason


@pytest.mark.parametrize(
    ("repo", "verdict", "fraction", "snippet"),
    [
        (facts(), Verdict.PASS, 1.0, "licence MIT"),
        (facts(license_spdx="Apache-2.0"), Verdict.PASS, 1.0, "Apache-2.0"),
        (facts(license_spdx="NOASSERTION"), Verdict.PARTIAL, 0.5, "NOASSERTION"),
        (facts(license_spdx=None, license_name="Custom"), Verdict.PARTIAL, 0.5, "Custom"),
        (
            facts(has_license=False, license_spdx=None, root_files=("README.md",)),
            Verdict.FAIL,
            0.0,
            "no licence: all rights reserved",
        ),
        (
            facts(has_license=None, license_spdx="NONE", root_files=()),
            Verdict.FAIL,
            0.0,
            "all rights reserved",
        ),
        (
            facts(has_license=False, license_spdx=None),  # LICENSE is in the listing
            Verdict.PARTIAL,
            0.5,
            "LICENSE exists but GitHub recognises no licence",
        ),
        (
            facts(has_license=None, license_spdx=None, gaps=("license: rate limited",)),
            Verdict.UNKNOWN,
            0.0,
            "licence unknown: license: rate limited",
        ),
        (
            facts(has_license=None, license_spdx=None, reason="timeout"),
            Verdict.UNKNOWN,
            0.0,
            "licence unknown: timeout",
        ),
    ],
)
def test_licence(repo: RepoFacts, verdict: Verdict, fraction: float, snippet: str) -> None:
    _check(licence(repo, CTX), verdict, fraction, snippet)


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "README.md"),
        (facts(root_files=("readme.rst", "a.py")), Verdict.PASS, "readme.rst"),
        (facts(root_files=("main.py", "LICENSE")), Verdict.FAIL, "no README"),
        (facts(is_empty=True, root_files=None), Verdict.FAIL, "no README"),
        (
            facts(root_files=None, gaps=("file listing unknown: GitHub returned no tree",)),
            Verdict.UNKNOWN,
            "README unknown: file listing unknown: GitHub returned no tree",
        ),
        (
            facts(root_files=None, gaps=("stars: timeout", "tree: 502")),
            Verdict.UNKNOWN,
            "README unknown: tree: 502",  # the gap that names the listing, not the first one
        ),
        (facts(root_files=None), Verdict.UNKNOWN, "README unknown: not reported"),
    ],
)
def test_readme(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = readme(repo, CTX)
    _check(outcome, verdict, 1.0 if verdict is Verdict.PASS else 0.0, snippet)


@pytest.mark.parametrize(
    ("repo", "verdict", "evidence"),
    [
        (facts(), Verdict.PASS, ("requirements.txt",)),
        (
            facts(root_files=("environment.yml", "setup.py", "x.py")),
            Verdict.PASS,
            ("environment.yml", "setup.py"),
        ),
        (facts(root_files=("binder/", "README.md")), Verdict.PASS, ("binder/",)),
        (facts(root_files=("README.md", "train.py")), Verdict.FAIL, ()),
        (facts(is_empty=True, root_files=None), Verdict.FAIL, ()),
        (facts(root_files=None), Verdict.UNKNOWN, ()),
    ],
)
def test_dependencies(repo: RepoFacts, verdict: Verdict, evidence: tuple[str, ...]) -> None:
    outcome = dependencies(repo, CTX)
    assert outcome.verdict is verdict
    assert outcome.evidence == evidence


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("commit_days_before_paper", "verdict", "fraction"),
    [
        (-30, Verdict.PASS, 1.0),  # after the paper
        (0, Verdict.PASS, 1.0),  # on the paper's date
        (200, Verdict.PASS, 1.0),
        (365, Verdict.PASS, 1.0),  # the edge of the one-year window
        (366, Verdict.PARTIAL, 0.5),
        (2 * 365, Verdict.PARTIAL, 0.5),
        (3 * 365, Verdict.PARTIAL, 0.5),
        (3 * 365 + 1, Verdict.FAIL, 0.0),
        (10 * 365, Verdict.FAIL, 0.0),
    ],
)
def test_activity_windows(commit_days_before_paper: int, verdict: Verdict, fraction: float) -> None:
    commit = _at(PAPER - timedelta(days=commit_days_before_paper))
    outcome = activity(facts(last_commit_at=commit, pushed_at=commit), CTX)
    assert outcome.verdict is verdict
    assert outcome.fraction == fraction
    assert outcome.evidence == (f"last commit: {commit.date().isoformat()}",)


@pytest.mark.parametrize(
    ("repo", "paper_date", "verdict", "snippet"),
    [
        # created a day ago, after the paper: new is never a penalty
        (
            facts(created_at=NOW - timedelta(days=1), last_commit_at=NOW, stars=0),
            PAPER,
            Verdict.PASS,
            "on or after the paper",
        ),
        (facts(is_archived=True), PAPER, Verdict.PASS, "archived"),
        (
            facts(is_archived=True, last_commit_at=_at(date(2019, 1, 1))),
            PAPER,
            Verdict.FAIL,
            "archived",
        ),
        (facts(last_commit_at=None), PAPER, Verdict.PASS, "last push 2025-10-20"),
        (facts(), None, Verdict.UNKNOWN, "paper's date is not known"),
        (
            facts(
                last_commit_at=None,
                pushed_at=None,
                gaps=("file listing and last commit unknown: clone timed out",),
            ),
            PAPER,
            Verdict.UNKNOWN,
            "activity unknown: file listing and last commit unknown: clone timed out",
        ),
        (
            facts(last_commit_at=None, pushed_at=None, is_empty=True),
            PAPER,
            Verdict.FAIL,
            "no commits",
        ),
        # a naive timestamp is read as UTC rather than raising
        (facts(last_commit_at=datetime(2025, 10, 16, 0, 30)), PAPER, Verdict.PASS, "on or after"),
    ],
)
def test_activity_cases(
    repo: RepoFacts, paper_date: date | None, verdict: Verdict, snippet: str
) -> None:
    outcome = activity(repo, ScoringContext(now=NOW, paper_date=paper_date))
    assert outcome.verdict is verdict
    assert snippet in outcome.reason


@pytest.mark.parametrize(
    ("stars", "created_days_ago", "verdict", "fraction"),
    [
        (250, 600, Verdict.PASS, 1.0),
        (100, 600, Verdict.PASS, 1.0),  # the cap
        (9, 600, Verdict.PARTIAL, 0.5),  # log10(10) / log10(101) ~ 0.499
        (1, 600, Verdict.PARTIAL, 0.15),
        (0, 600, Verdict.FAIL, 0.0),
        (0, 30, Verdict.NOT_APPLICABLE, 0.0),  # too new to have stars: not a penalty
        (40, 30, Verdict.NOT_APPLICABLE, 0.0),
        (5000, 30, Verdict.PASS, 1.0),  # young but already popular
    ],
)
def test_community(stars: int, created_days_ago: int, verdict: Verdict, fraction: float) -> None:
    repo = facts(stars=stars, created_at=NOW - timedelta(days=created_days_ago))
    outcome = community(repo, CTX)
    assert outcome.verdict is verdict
    assert outcome.fraction == pytest.approx(fraction, abs=0.01)
    assert outcome.evidence == (f"stars: {stars}",)


def test_community_unknown_stars_and_unknown_age() -> None:
    assert community(facts(stars=None), CTX).verdict is Verdict.UNKNOWN
    # without a creation date the stars are judged as they are
    assert community(facts(stars=0, created_at=None), CTX).verdict is Verdict.FAIL


@pytest.mark.parametrize(("stars", "expected"), [(0, 0.0), (-3, 0.0), (100, 1.0), (10**6, 1.0)])
def test_star_fraction_is_capped(stars: int, expected: float) -> None:
    assert star_fraction(stars) == expected


def test_star_fraction_grows_with_stars() -> None:
    values = [star_fraction(s) for s in (1, 3, 10, 30, 99)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)


GATED = [c for c in RUBRIC if c.id != "availability"]


@pytest.mark.parametrize("criterion", GATED, ids=lambda c: c.id)
@pytest.mark.parametrize("existence", [Existence.MISSING, Existence.BLOCKED])
def test_unreachable_repository_is_not_applicable(
    criterion: Criterion, existence: Existence
) -> None:
    outcome = criterion.evaluate(facts(existence=existence), CTX)
    assert outcome.verdict is Verdict.NOT_APPLICABLE
    assert outcome.reason == UNREACHABLE


@pytest.mark.parametrize("criterion", GATED, ids=lambda c: c.id)
def test_disabled_repository_is_not_applicable(criterion: Criterion) -> None:
    assert criterion.evaluate(facts(is_disabled=True), CTX).verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize("criterion", RUBRIC, ids=lambda c: c.id)
def test_unknown_existence_makes_every_criterion_unknown(criterion: Criterion) -> None:
    outcome = criterion.evaluate(facts(existence=Existence.UNKNOWN, reason=RATE_LIMITED), CTX)
    assert outcome.verdict is Verdict.UNKNOWN
    assert RATE_LIMITED in outcome.reason


@pytest.mark.parametrize(
    ("verdict", "fraction"),
    [
        (Verdict.PASS, 0.5),
        (Verdict.FAIL, 0.1),
        (Verdict.UNKNOWN, 1.0),
        (Verdict.NOT_APPLICABLE, 0.2),
        (Verdict.PARTIAL, 1.5),
        (Verdict.PARTIAL, -0.1),
    ],
)
def test_inconsistent_assessment_is_rejected(verdict: Verdict, fraction: float) -> None:
    with pytest.raises(ValueError):
        Assessment(verdict, fraction, "inconsistent")


@pytest.mark.parametrize("fraction", [0.0, 1.0])
def test_partial_must_be_strictly_between(fraction: float) -> None:
    with pytest.raises(ValueError):
        partial(fraction, "not partial at all")
