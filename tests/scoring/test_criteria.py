"""Availability, placeholder, licence, freshness and community, each on its own: pass, partial,
fail, unknown and not-applicable inputs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from repro_audit.models import Existence, RepoFacts, Verdict
from repro_audit.scoring import RUBRIC, Assessment, Criterion, ScoringContext, Thresholds
from repro_audit.scoring.base import UNREAD_CLOCK, partial
from repro_audit.scoring.criteria import (
    UNREACHABLE,
    availability,
    community,
    freshness,
    licence,
    log_fraction,
    placeholder,
)
from tests.scoring.facts import CTX, GOOD_README, NOW, PAPER, UTC, facts, listing

RATE_LIMITED = "rate limited (secondary limit)"


def _check(outcome: Assessment, verdict: Verdict, snippet: str) -> None:
    assert outcome.verdict is verdict, outcome.reason
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
            facts(
                is_empty=None,
                root_files=None,
                last_commit_at=None,
                commit_count=None,
                gaps=("empty: timeout",),
            ),
            Verdict.UNKNOWN,
            "empty: timeout",
        ),
        (facts(canonical="new-lab/paper-code"), Verdict.PASS, "moved to new-lab/paper-code"),
        (facts(canonical="LAB/Paper-Code"), Verdict.PASS, "has content"),  # case is no move
        (facts(is_fork=True, parent="up/stream"), Verdict.PASS, "a fork of up/stream"),
    ],
)
def test_availability(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    _check(availability(repo, CTX), verdict, snippet)


def test_moved_repository_passes_with_evidence() -> None:
    outcome = availability(facts(canonical="new-lab/paper-code"), CTX)
    assert outcome.evidence == ("canonical: new-lab/paper-code",)
    assert "update the link" in outcome.reason


SOON = "# X\n\nThe code will be released upon acceptance.\n"


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "4 code files (train.py, eval.py, models/__init__.py, …)"),
        (listing("README.md", "LICENSE"), Verdict.FAIL, "placeholder: no code files"),
        (listing("README.md", "docs/index.html", "img/a.png"), Verdict.FAIL, "placeholder"),
        (listing("README.md", readme=SOON), Verdict.FAIL, "will be released upon acceptance"),
        (listing("README.md", readme=SOON), Verdict.FAIL, "16 days after the paper (2025-10-16)"),
        (
            listing("README.md", "a.py", readme=SOON),
            Verdict.PARTIAL,
            "although the repository has 1 code file,",
        ),
        (listing("README.md", "data/x.csv", "cfg.yaml"), Verdict.PARTIAL, "only data or config"),
        (listing("README.md", "data.csv", readme=SOON), Verdict.FAIL, "placeholder: README says"),
        (listing("README.md", "demo.ipynb"), Verdict.PASS, "1 code file (demo.ipynb)"),
        # root listing only: src/ may hold code, so "no code" is unknown; assets/ holds none
        (
            facts(paths=None, root_files=("README.md", "src/")),
            Verdict.UNKNOWN,
            "no code files in the root listing",
        ),
        (
            facts(paths=None, root_files=("README.md", "src/"), readme_text=SOON),
            Verdict.UNKNOWN,
            "possible placeholder",
        ),
        (facts(paths=None, root_files=("README.md", "assets/")), Verdict.FAIL, "placeholder"),
        (facts(paths=None, root_files=None, readme_text=SOON), Verdict.UNKNOWN, "possible"),
        (facts(paths=None, root_files=None, gaps=("tree: 502",)), Verdict.UNKNOWN, "tree: 502"),
        # README text unknown: visible code still passes; no code still fails
        (facts(readme_text=None), Verdict.PASS, "code files"),
        (listing("README.md", readme=None), Verdict.FAIL, "placeholder"),
        (facts(is_empty=True, paths=(), root_files=()), Verdict.NOT_APPLICABLE, "empty"),
    ],
)
def test_placeholder(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    _check(placeholder(repo, CTX), verdict, snippet)


def test_placeholder_without_paper_date_leaves_days_out() -> None:
    outcome = placeholder(listing("README.md", readme=SOON), ScoringContext(NOW, None))
    assert outcome.verdict is Verdict.FAIL
    assert "days" not in outcome.reason
    assert outcome.evidence[0] == "README L3: The code will be released upon acceptance."


def test_placeholder_fix_names_the_days() -> None:
    outcome = placeholder(listing("README.md", readme=SOON), CTX)
    assert outcome.fix.startswith("Push the code the paper describes")
    assert "16 days after the paper" in outcome.fix


NO_LICENCE = {"has_license": False, "license_spdx": None, "license_name": None}
WITHOUT_FILE = tuple(p for p in facts().paths or () if p != "LICENSE")


@pytest.mark.parametrize(
    ("repo", "verdict", "fraction", "snippet"),
    [
        (facts(), Verdict.PASS, 1.0, "licence MIT (OSI/FSF approved)"),
        (facts(license_spdx="Apache-2.0"), Verdict.PASS, 1.0, "Apache-2.0"),
        (facts(license_spdx="gpl-3.0"), Verdict.PASS, 1.0, "gpl-3.0"),  # case-insensitive
        (facts(license_spdx="CC-BY-NC-4.0"), Verdict.PARTIAL, 0.5, "not OSI/FSF approved"),
        (facts(license_spdx="NOASSERTION"), Verdict.PARTIAL, 0.5, "cannot identify"),
        (facts(license_spdx=None, license_name="Custom"), Verdict.PARTIAL, 0.5, "(Custom)"),
        (listing(*WITHOUT_FILE, **NO_LICENCE), Verdict.FAIL, 0.0, "all rights reserved"),
        (facts(**NO_LICENCE), Verdict.PARTIAL, 0.5, "LICENSE exists but GitHub recognises"),
        (
            listing("a.py", has_license=None, license_spdx="NONE"),
            Verdict.FAIL,
            0.0,
            "all rights reserved",
        ),
        (
            listing(*WITHOUT_FILE, readme=GOOD_README + "\nLicensed under the MIT License.\n"),
            Verdict.PASS,  # GitHub's verdict wins when it names a licence
            1.0,
            "MIT",
        ),
        (
            listing(
                *WITHOUT_FILE,
                readme=GOOD_README + "\n## License\n\nCC BY-NC 4.0 for research.\n",
                **NO_LICENCE,
            ),
            Verdict.PARTIAL,
            0.3,
            "only mentioned in the README",
        ),
        (
            listing(
                *WITHOUT_FILE, readme="# X\n\nCopyright 2025. All rights reserved.\n", **NO_LICENCE
            ),
            Verdict.FAIL,
            0.0,
            "all rights reserved",
        ),
        (
            listing(*WITHOUT_FILE, readme=None, gaps=("README text: 502",), **NO_LICENCE),
            Verdict.UNKNOWN,
            0.0,
            "whether the README names one is unknown: README text: 502",
        ),
        (
            listing("a.py", readme=None, **NO_LICENCE),  # no README at all: nothing to read
            Verdict.FAIL,
            0.0,
            "all rights reserved",
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
    outcome = licence(repo, CTX)
    _check(outcome, verdict, snippet)
    assert outcome.fraction == pytest.approx(fraction)


RECENT = tuple(datetime(2025, 10, 31, tzinfo=UTC) - timedelta(days=i) for i in range(8))


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
        (3 * 365, Verdict.PARTIAL, 0.5),
        (3 * 365 + 1, Verdict.FAIL, 0.0),
        (10 * 365, Verdict.FAIL, 0.0),
    ],
)
def test_freshness_windows(
    commit_days_before_paper: int, verdict: Verdict, fraction: float
) -> None:
    commit = _at(PAPER - timedelta(days=commit_days_before_paper))
    outcome = freshness(facts(last_commit_at=commit, pushed_at=commit), CTX)
    assert outcome.verdict is verdict
    assert outcome.fraction == fraction
    assert outcome.evidence == (f"last commit: {commit.date().isoformat()}",)


def test_freshness_windows_follow_the_thresholds() -> None:
    commit = _at(PAPER - timedelta(days=100))
    tight = ScoringContext(NOW, PAPER, Thresholds(active_window_days=30, stale_window_days=60))
    assert freshness(facts(last_commit_at=commit), tight).verdict is Verdict.FAIL
    loose = ScoringContext(NOW, PAPER, Thresholds(active_window_days=30, stale_window_days=120))
    assert freshness(facts(last_commit_at=commit), loose).verdict is Verdict.PARTIAL


@pytest.mark.parametrize(
    ("repo", "paper_date", "verdict", "snippet"),
    [
        # created a day ago, after the paper: new is never a penalty (unlike a 90-day rule)
        (
            facts(created_at=NOW - timedelta(days=1), last_commit_at=NOW, stars=0),
            PAPER,
            Verdict.PASS,
            "on or after the paper",
        ),
        (facts(), PAPER, Verdict.PASS, "; 1 commit after it"),
        (facts(), PAPER, Verdict.PASS, "first commit 2025-09-15 (31 days before)"),
        (facts(), PAPER, Verdict.PASS, "2025-10-20 is on or after the paper; 1 commit after it;"),
        (facts(commit_dates=RECENT, commit_count=500), PAPER, Verdict.PASS, "at least 8 commits"),
        (facts(commit_dates=RECENT), PAPER, Verdict.PASS, "; 8 commits after it"),
        (facts(commit_count=500), PAPER, Verdict.PASS, "the paper; 1 commit after it"),
        (facts(is_archived=True), PAPER, Verdict.PASS, "archived"),
        (
            facts(is_archived=True, last_commit_at=_at(date(2019, 1, 1))),
            PAPER,
            Verdict.FAIL,
            "archived",
        ),
        (facts(last_commit_at=None, commit_dates=None), PAPER, Verdict.PASS, "last push"),
        (facts(last_commit_at=None), PAPER, Verdict.PASS, "last commit 2025-10-20"),
        (facts(), None, Verdict.UNKNOWN, "paper's date is not known"),
        (
            facts(
                last_commit_at=None,
                pushed_at=None,
                commit_dates=None,
                gaps=("file listing and last commit unknown: clone timed out",),
            ),
            PAPER,
            Verdict.UNKNOWN,
            "freshness unknown: file listing and last commit unknown: clone timed out",
        ),
        (
            facts(last_commit_at=None, pushed_at=None, commit_dates=(), is_empty=True),
            PAPER,
            Verdict.FAIL,
            "no commits",
        ),
        # a naive timestamp is read as UTC rather than raising
        (facts(last_commit_at=datetime(2025, 10, 16, 0, 30)), PAPER, Verdict.PASS, "on or after"),
    ],
)
def test_freshness_cases(
    repo: RepoFacts, paper_date: date | None, verdict: Verdict, snippet: str
) -> None:
    outcome = freshness(repo, ScoringContext(now=NOW, paper_date=paper_date))
    _check(outcome, verdict, snippet)
    # measured against the paper, never today: the very same outcome when reading the clock
    # would raise, so a run tomorrow gives the same reason and it can be remembered
    assert freshness(repo, ScoringContext(now=UNREAD_CLOCK, paper_date=paper_date)) == outcome


@pytest.mark.parametrize(
    ("stars", "forks", "created_days_ago", "verdict", "fraction"),
    [
        (250, 0, 600, Verdict.PASS, 1.0),
        (100, 0, 600, Verdict.PASS, 1.0),  # the star cap
        (0, 10, 600, Verdict.PASS, 1.0),  # the fork cap
        (9, 0, 600, Verdict.PARTIAL, 0.5),  # log10(10) / log10(101) ~ 0.499
        (1, 0, 600, Verdict.PARTIAL, 0.15),
        (1, 3, 600, Verdict.PARTIAL, 0.58),  # forks count when they say more than stars
        (0, 0, 600, Verdict.FAIL, 0.0),
        (0, 0, 30, Verdict.NOT_APPLICABLE, 0.0),  # too new to have stars: not a penalty
        (40, 2, 30, Verdict.NOT_APPLICABLE, 0.0),
        (5000, 0, 30, Verdict.PASS, 1.0),  # young but already popular
    ],
)
def test_community(
    stars: int, forks: int, created_days_ago: int, verdict: Verdict, fraction: float
) -> None:
    repo = facts(stars=stars, forks=forks, created_at=NOW - timedelta(days=created_days_ago))
    outcome = community(repo, CTX)
    assert outcome.verdict is verdict
    assert outcome.fraction == pytest.approx(fraction, abs=0.01)
    assert outcome.evidence == (f"stars: {stars}", f"forks: {forks}")


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        ({"stars": None}, Verdict.UNKNOWN),
        ({"stars": 3, "forks": None}, Verdict.UNKNOWN),  # forks could have raised it
        ({"stars": 300, "forks": None}, Verdict.PASS),  # stars alone already give full credit
        ({"stars": 0, "forks": 0, "created_at": None}, Verdict.UNKNOWN),  # maybe too new to judge
    ],
)
def test_community_unknown_inputs(changes: dict[str, object], verdict: Verdict) -> None:
    assert community(facts(**changes), CTX).verdict is verdict


@pytest.mark.parametrize(
    ("count", "cap", "expected"),
    [(0, 100, 0.0), (-3, 100, 0.0), (100, 100, 1.0), (10**6, 100, 1.0)],
)
def test_log_fraction_is_capped(count: int, cap: int, expected: float) -> None:
    assert log_fraction(count, cap) == expected


def test_log_fraction_grows_with_count() -> None:
    values = [log_fraction(s, 100) for s in (1, 3, 10, 30, 99)]
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
