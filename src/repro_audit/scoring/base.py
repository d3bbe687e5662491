"""The vocabulary of the rubric: a criterion is data plus one small pure function.

Keeping rationale and remediation beside the function means `--explain`, the markdown legend and
the docs all read the same text, and a criterion can be tested from literals alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from repro_audit.models import ArchiveFacts, RepoFacts, Verdict


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers criteria compare facts against; `[tool.repro-audit.thresholds]` overrides them.

    They live apart from the criteria so a curator can tune them without touching code, and so
    the docs can list every one with its default.
    """

    active_window_days: int = 365
    stale_window_days: int = 3 * 365
    star_cap: int = 100
    fork_cap: int = 10
    young_repository_days: int = 180
    readme_min_chars: int = 500
    pinned_share: float = 0.8

    def __post_init__(self) -> None:
        # Thresholds that contradict each other would make verdicts meaningless, not just odd.
        if self.stale_window_days < self.active_window_days:
            raise ValueError("stale_window_days must not be shorter than active_window_days")
        if not 0.0 < self.pinned_share <= 1.0:
            raise ValueError(f"pinned_share must be within (0, 1], got {self.pinned_share}")


DEFAULT_THRESHOLDS = Thresholds()

THRESHOLD_HELP: dict[str, str] = {
    "active_window_days": (
        "a last commit this many days before the paper (or later) earns full freshness"
    ),
    "stale_window_days": "a last commit up to this many days before the paper earns half",
    "star_cap": "stars at which community credit is full (log scale below it)",
    "fork_cap": "forks at which community credit is full (log scale below it)",
    "young_repository_days": "a repository younger than this is not judged by stars and forks",
    "readme_min_chars": "README prose (outside code blocks) that counts as substantive; "
    "a CJK character counts three",
    "pinned_share": "share of dependency entries pinned to one version for full pinning credit",
}
"""One line per Thresholds field, for the docs and configuration errors."""


@dataclass(frozen=True, slots=True)
class ScoringContext:
    """What a judgement may depend on besides the facts; time is injected, never read."""

    now: datetime
    paper_date: date | None
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    # Software Heritage's answer for the repository (asked apart from GitHub, every run); only
    # criteria flagged `reads_archive` may read it: remembered outcomes are keyed by the GitHub
    # facts alone, and `judge` drops it from the context it tries without the clock.
    archive: ArchiveFacts | None = None


class ClockRead(RuntimeError):
    """A criterion asked UNREAD_CLOCK for the time: it is judged again with the real one."""


class _UnreadClock(datetime):
    """`ctx.now` while an outcome is tried without the clock: any use of it raises ClockRead.

    A datetime subclass, so types stay honest; reflected operators of a subclass are tried
    first, so `moment - ctx.now` raises too.
    """

    def __getattribute__(self, name: str) -> object:
        raise ClockRead(f"now.{name}")

    def _refuse(self, *_: object) -> object:
        raise ClockRead("now")

    __sub__ = __rsub__ = __add__ = __radd__ = _refuse  # type: ignore[assignment]
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _refuse  # type: ignore[assignment]
    __hash__ = None  # type: ignore[assignment]


UNREAD_CLOCK: datetime = _UnreadClock(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One criterion's outcome before weighting; `fraction` is the share of the weight earned."""

    verdict: Verdict
    fraction: float
    reason: str
    evidence: tuple[str, ...] = ()
    fix: str = ""  # a remediation specific to this outcome; else the criterion's own

    def __post_init__(self) -> None:
        # Reject inconsistent outcomes early: a PASS that earns half would silently skew scores.
        # Verdicts are compared by identity: hashing an Enum member runs Python code, and every
        # criterion of every repository builds one of these.
        verdict, fraction = self.verdict, self.fraction
        if not 0.0 <= fraction <= 1.0:
            raise ValueError(f"fraction must be within 0..1, got {fraction}")
        if verdict is Verdict.PASS or verdict is Verdict.FAIL:
            expected = 1.0 if verdict is Verdict.PASS else 0.0
            if fraction != expected:
                raise ValueError(f"{verdict.value} must have fraction {expected}")
        elif verdict is not Verdict.PARTIAL and fraction != 0.0:
            raise ValueError(f"{verdict.value} earns nothing; fraction must be 0")


Evaluate = Callable[[RepoFacts, ScoringContext], Assessment]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One row of the rubric: what is checked, how much it weighs, why, and how to fix it."""

    id: str
    title: str
    weight: float
    rationale: str
    remediation: str
    evaluate: Evaluate
    group: str = ""  # the rubric heading it belongs to, e.g. "ML code completeness"
    # Whether nearly every outcome reads `ctx.now` ("created 40 days ago"). The others are first
    # judged with UNREAD_CLOCK, and only outcomes that did not ask for the time are
    # remembered between runs (see aggregate.judge).
    reads_clock: bool = False
    # Whether it may read the facts a report does not keep (models.HEAVY_FIELDS: README and
    # dependency texts, the file listing, commit dates). A warm run judges the criteria it could
    # not recall without them when none of those does (see linkrows.ScoreMemo).
    reads_texts: bool = True
    # Whether it reads `ctx.archive` (Software Heritage's answer, asked anew every run and not
    # part of the GitHub facts that remembered outcomes are keyed by): such a criterion is
    # judged afresh every run, like one that reads the clock, and never remembered.
    reads_archive: bool = False
    # Whether its `fail` means "this file is not in the listing" (no requirements.txt, no
    # train.py). On a cut listing (RepoFacts.listing_cut_at, paths_depth) such a fail is
    # `unknown (listing cut at N entries)` instead, applied by aggregate.judge (tree.unless_cut).
    looks_for_files: bool = False

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError(f"criterion {self.id!r} needs a positive weight")


def passed(reason: str, *evidence: str) -> Assessment:
    """A full-credit outcome."""
    return Assessment(Verdict.PASS, 1.0, reason, evidence)


def partial(fraction: float, reason: str, *evidence: str, fix: str = "") -> Assessment:
    """Part of the credit; `fraction` strictly between 0 and 1 keeps PASS and FAIL distinct."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"a partial outcome needs 0 < fraction < 1, got {fraction}")
    return Assessment(Verdict.PARTIAL, fraction, reason, evidence, fix)


def failed(reason: str, *evidence: str, fix: str = "") -> Assessment:
    """No credit, and the weight still counts: the fact is known and bad."""
    return Assessment(Verdict.FAIL, 0.0, reason, evidence, fix)


def unknown(reason: str, *evidence: str) -> Assessment:
    """Left out of numerator and denominator: a missing fact is never a failure."""
    return Assessment(Verdict.UNKNOWN, 0.0, reason, evidence)


def not_applicable(reason: str, *evidence: str) -> Assessment:
    """Left out of the score because the question does not arise for this repository."""
    return Assessment(Verdict.NOT_APPLICABLE, 0.0, reason, evidence)


def graded(fraction: float, reason: str, *evidence: str, fix: str = "") -> Assessment:
    """PASS at 1, FAIL at 0, PARTIAL in between: for criteria that add up sub-checks."""
    if fraction >= 1.0:
        return passed(reason, *evidence)
    if fraction <= 0.0:
        return failed(reason, *evidence, fix=fix)
    return partial(fraction, reason, *evidence, fix=fix)


def plural(count: int, noun: str) -> str:
    """ "1 commit", "3 commits": reasons are read by people, so counts agree with their nouns."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


LISTING_CUT, TOO_LARGE = "listing cut at", "file too large"


def verdict_shown(verdict: Verdict, reason: str) -> str:
    """The verdict as every report shows it: `unknown (listing cut at 200,000 entries)` and
    `unknown (file too large)` name the bound a repository met (tree.unless_cut and the texts
    gap write those words), so a reader sees the answer is unknown because of a cap, not bad."""
    if verdict is not Verdict.UNKNOWN:
        return str(verdict.value)
    if reason.startswith(LISTING_CUT):
        return f"unknown ({reason.partition(':')[0]})"
    return f"unknown ({TOO_LARGE})" if TOO_LARGE in reason else str(verdict.value)
