"""One small pure function per criterion: facts and context in, an Assessment out.

Each function answers UNKNOWN when the facts it needs are None (a rate limit is never a failure),
and all but availability step aside when the repository cannot be reached, so a dead link scores 0
on availability alone rather than failing five questions that do not arise.
"""

from __future__ import annotations

import functools
import math
from datetime import date, datetime, timedelta, timezone

from repro_audit.filenames import dependency_files, license_file, readme_file
from repro_audit.models import Existence, RepoFacts
from repro_audit.scoring.base import (
    Assessment,
    Evaluate,
    ScoringContext,
    failed,
    not_applicable,
    partial,
    passed,
    unknown,
)

UNREACHABLE = "repository is not reachable"

ACTIVE_WINDOW = timedelta(days=365)
"""A last commit this close before the paper's date still counts as maintained for the paper."""
STALE_WINDOW = timedelta(days=3 * 365)
"""Up to this far before the paper's date earns half: the code may predate the revision."""
STALE_FRACTION = 0.5

STAR_CAP = 100
"""Stars at which community credit is full; the log scale makes the first stars count most."""
YOUNG_REPOSITORY = timedelta(days=180)
"""A repository younger than this has had no time to gather stars and is not judged by them."""

NOASSERTION_FRACTION = 0.5
_NO_LICENCE_IDS = frozenset({"NONE"})


def _utc(moment: datetime) -> datetime:
    """Treat naive datetimes as UTC so comparisons never raise on mixed inputs."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _gap(facts: RepoFacts, *keywords: str) -> str:
    """Why a fact is missing: the gap that names it, else the facts' reason, else "not reported".

    Unrelated gaps are listed after "not reported" rather than presented as the cause.
    """
    for gap in facts.gaps:
        lowered = gap.lower()
        if any(word in lowered for word in keywords):
            return gap
    if facts.reason:
        return facts.reason
    return "not reported" + (f" (recorded gaps: {'; '.join(facts.gaps)})" if facts.gaps else "")


def _unreachable(facts: RepoFacts) -> bool:
    return facts.existence in (Existence.MISSING, Existence.BLOCKED) or (
        facts.existence is Existence.EXISTS
        and (facts.is_disabled is True or facts.is_private is True)
    )


def needs_repository(evaluate: Evaluate) -> Evaluate:
    """Gate a criterion: UNKNOWN while existence is unknown, N/A when the repo is unreachable."""

    @functools.wraps(evaluate)
    def gated(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
        if facts.existence is Existence.UNKNOWN:
            return unknown(f"repository state unknown: {facts.reason or 'not reported'}")
        if _unreachable(facts):
            return not_applicable(UNREACHABLE)
        return evaluate(facts, ctx)

    return gated


def _emptiness(facts: RepoFacts) -> bool | None:
    """Whether the repository is empty, inferred from any fact that shows content."""
    if facts.is_empty is not None:
        return facts.is_empty
    if facts.root_files is not None:
        return not facts.root_files
    if facts.last_commit_at is not None:
        return False
    return None


def availability(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """The link leads to a public repository with something in it."""
    del ctx  # availability does not depend on time
    if facts.existence is Existence.UNKNOWN:
        return unknown(f"availability unknown: {facts.reason or 'not reported'}")
    if facts.existence is Existence.MISSING:
        detail = f" ({facts.reason})" if facts.reason else ""
        return failed(f"repository not found: deleted or private{detail}")
    if facts.existence is Existence.BLOCKED:
        return failed(f"repository blocked: {facts.reason or 'access blocked'}")
    if facts.is_disabled is True:
        return failed("repository disabled by GitHub")
    if facts.is_private is True:
        return failed("repository is private: readers cannot open it")
    empty = _emptiness(facts)
    if empty is None:
        return unknown(f"availability unknown: whether it is empty: {_gap(facts, 'empty')}")
    if empty:
        return failed("repository is empty: nothing has been pushed yet")
    notes: list[str] = []
    evidence: list[str] = []
    if facts.moved:
        notes.append(f"moved to {facts.canonical}; update the link")
        evidence.append(f"canonical: {facts.canonical}")
    if facts.is_fork is True:
        notes.append(f"a fork of {facts.parent or 'another repository'}")
    reason = "repository is public and has content"
    return passed("; ".join([reason, *notes]), *evidence)


@needs_repository
def licence(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """A licence others may rely on; without one, all rights are reserved."""
    del ctx
    spdx = facts.license_spdx
    found = license_file(facts.root_files or ())
    evidence = (f"file: {found}",) if found else ()
    if spdx and spdx.upper() != "NOASSERTION" and spdx.upper() not in _NO_LICENCE_IDS:
        return passed(f"licence {spdx}", f"spdx: {spdx}", *evidence)
    if spdx and spdx.upper() == "NOASSERTION":
        return partial(
            NOASSERTION_FRACTION,
            "a licence GitHub cannot identify (NOASSERTION): terms must be read by hand",
            *evidence,
        )
    if facts.has_license is True:
        name = facts.license_name or "unnamed"
        return partial(NOASSERTION_FRACTION, f"a licence without an SPDX id ({name})", *evidence)
    if facts.has_license is False or (spdx is not None and spdx.upper() in _NO_LICENCE_IDS):
        if found:
            return partial(
                NOASSERTION_FRACTION,
                f"{found} exists but GitHub recognises no licence in it",
                *evidence,
            )
        return failed("no licence: all rights reserved")
    return unknown(f"licence unknown: {_gap(facts, 'licen')}", *evidence)


def _listing(facts: RepoFacts) -> tuple[str, ...] | None:
    """The root listing; an empty repository has an empty one even if none was fetched."""
    if facts.root_files is not None:
        return facts.root_files
    return () if facts.is_empty is True else None


_LISTING_GAP = ("root", "file", "tree", "content", "listing")


@needs_repository
def readme(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """A README at the root tells a reader what the code is and how to run it."""
    del ctx
    names = _listing(facts)
    if names is None:
        return unknown(f"README unknown: {_gap(facts, *_LISTING_GAP)}")
    found = readme_file(names)
    if found is None:
        return failed("no README at the repository root")
    return passed(f"README present ({found})", found)


@needs_repository
def dependencies(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """A dependency specification lets others rebuild the environment."""
    del ctx
    names = _listing(facts)
    if names is None:
        return unknown(f"dependency specification unknown: {_gap(facts, *_LISTING_GAP)}")
    found = dependency_files(names)
    if not found:
        return failed("no dependency specification at the root (requirements.txt, ...)")
    return passed(f"dependencies declared in {', '.join(found)}", *found)


def _commit_day(facts: RepoFacts) -> tuple[date, str] | None:
    if facts.last_commit_at is not None:
        return _utc(facts.last_commit_at).date(), "last commit"
    if facts.pushed_at is not None:
        return _utc(facts.pushed_at).date(), "last push"
    return None


@needs_repository
def activity(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Code touched around the paper's date is code that matches the paper."""
    archived = "; archived (read-only), which is fine for published code"
    note = archived if facts.is_archived is True else ""
    seen = _commit_day(facts)
    if seen is None:
        if facts.is_empty is True:
            return failed("no commits yet")
        return unknown(f"activity unknown: {_gap(facts, 'commit', 'push')}")
    day, what = seen
    evidence = f"{what}: {day.isoformat()}"
    if ctx.paper_date is None:
        return unknown("activity unknown: the paper's date is not known", evidence)
    seen_at, paper = f"{what} {day.isoformat()}", ctx.paper_date.isoformat()
    if day >= ctx.paper_date:
        return passed(f"{seen_at} is on or after the paper ({paper}){note}", evidence)
    before = ctx.paper_date - day
    if before <= ACTIVE_WINDOW:
        return passed(f"{seen_at} is within a year before the paper ({paper}){note}", evidence)
    reason = f"{seen_at} is {before.days / 365:.1f} years before the paper ({paper}){note}"
    if before <= STALE_WINDOW:
        return partial(STALE_FRACTION, reason, evidence)
    return failed(reason, evidence)


def star_fraction(stars: int) -> float:
    """Log-scaled share of the community credit: 0 stars -> 0, STAR_CAP or more -> 1."""
    if stars <= 0:
        return 0.0
    return min(1.0, math.log10(stars + 1) / math.log10(STAR_CAP + 1))


@needs_repository
def community(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Stars hint that others found the code usable; a weak signal, so a small weight."""
    if facts.stars is None:
        return unknown(f"stars unknown: {_gap(facts, 'star')}")
    stars = facts.stars
    evidence = f"stars: {stars}"
    fraction = star_fraction(stars)
    if fraction >= 1.0:
        return passed(f"{stars} stars", evidence)
    if facts.created_at is not None:
        age = _utc(ctx.now) - _utc(facts.created_at)
        if age < YOUNG_REPOSITORY:
            days = max(age.days, 0)
            return not_applicable(f"created {days} days ago: too new to judge by stars", evidence)
    if fraction <= 0.0:
        return failed("no stars yet", evidence)
    return partial(fraction, f"{stars} stars (full credit at {STAR_CAP})", evidence)
