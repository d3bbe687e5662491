"""Criteria about the repository as a whole: there, released, licensed, fresh, used.

Each function answers UNKNOWN when the facts it needs are None (a rate limit is never a failure),
and all but availability step aside when the repository cannot be reached, so a dead link scores 0
on availability alone rather than failing questions that do not arise.
"""

from __future__ import annotations

import functools
import math
from datetime import date, datetime, timezone

from repro_audit.models import Existence, RepoFacts
from repro_audit.scoring.base import (
    Assessment,
    Evaluate,
    ScoringContext,
    failed,
    graded,
    not_applicable,
    partial,
    passed,
    plural,
    unknown,
)
from repro_audit.scoring.filenames import code_files, is_decor, license_file, readme_file
from repro_audit.scoring.readme import licence_mention, placeholder_phrase, read_readme
from repro_audit.scoring.tree import tree_of

UNREACHABLE = "repository is not reachable"

STALE_FRACTION = 0.5
NOASSERTION_FRACTION = 0.5
NON_FREE_FRACTION = 0.5
README_LICENCE_FRACTION = 0.3
PARTIAL_RELEASE_FRACTION = 0.5
NO_CODE_FRACTION = 0.5
ARCHIVE_FRACTION = 0.5
_ARCHIVES = (".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz", ".7z", ".rar")
_NO_LICENCE_IDS = frozenset({"NONE"})

# OSI-approved or FSF-free SPDX ids seen on GitHub (GitHub reports the deprecated short forms
# such as "GPL-3.0" too). Anything else that GitHub names is recognised but not free.
FREE_LICENCES = frozenset(
    {
        "0BSD", "AFL-3.0", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0",
        "Artistic-2.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause",
        "BSL-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CECILL-2.1", "ECL-2.0", "EPL-1.0",
        "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
        "GPL-3.0", "GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1", "LGPL-2.1-only",
        "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0-only", "LGPL-3.0-or-later", "LPPL-1.3c",
        "MIT", "MIT-0", "MPL-2.0", "MS-PL", "MS-RL", "MulanPSL-2.0", "NCSA", "OFL-1.1",
        "OSL-3.0", "PostgreSQL", "Unlicense", "UPL-1.0", "Vim", "WTFPL", "Zlib",
    }
)  # fmt: skip
_FREE_UPPER = frozenset(spdx.upper() for spdx in FREE_LICENCES)


def _utc(moment: datetime) -> datetime:
    """Treat naive datetimes as UTC so comparisons never raise on mixed inputs."""
    if moment.tzinfo is timezone.utc:  # the usual case: facts are decoded as UTC
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def gap(facts: RepoFacts, *keywords: str) -> str:
    """Why a fact is missing: the gap that names it, else the facts' reason, else "not reported".

    Unrelated gaps are listed after "not reported" rather than presented as the cause.
    """
    for entry in facts.gaps:
        lowered = entry.lower()
        if any(word in lowered for word in keywords):
            return entry
    if facts.reason:
        return facts.reason
    return "not reported" + (f" (recorded gaps: {'; '.join(facts.gaps)})" if facts.gaps else "")


LISTING_GAP = ("root", "file", "tree", "content", "listing", "path")
README_GAP = ("readme",)


def _unreachable(facts: RepoFacts) -> bool:
    return facts.existence in (Existence.MISSING, Existence.BLOCKED) or (
        facts.existence is Existence.EXISTS
        and (facts.is_disabled is True or facts.is_private is True)
    )


def needs_repository(evaluate: Evaluate) -> Evaluate:
    """Gate a criterion: UNKNOWN while existence is unknown, N/A when the repo is unreachable."""

    @functools.wraps(evaluate)
    def gated(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
        # The common case first, in as few attribute reads as possible: every criterion asks.
        if (
            facts.existence is Existence.EXISTS
            and facts.is_disabled is not True
            and facts.is_private is not True
        ):
            return evaluate(facts, ctx)
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
    if facts.last_commit_at is not None or facts.commit_count:
        return False
    return None


def availability(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """The link leads to a public repository with something in it (a rename is noted)."""
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
        return unknown(f"availability unknown: whether it is empty: {gap(facts, 'empty')}")
    if empty:
        return failed("repository is empty: nothing has been pushed yet")
    notes: list[str] = []
    evidence: list[str] = []
    if facts.moved:
        notes.append(f"moved to {facts.canonical}; update the link")
        evidence.append(f"canonical: {facts.canonical}")
    if facts.is_fork is True:
        notes.append(f"a fork of {facts.parent or 'another repository'}")
    return passed("; ".join(["repository is public and has content", *notes]), *evidence)


def days_since_paper(ctx: ScoringContext) -> str:
    """ "35 days after the paper (2025-10-16)", or "" without a paper date."""
    if ctx.paper_date is None:
        return ""
    days = (_utc(ctx.now).date() - ctx.paper_date).days
    when = f"{plural(days, 'day')} after" if days >= 0 else f"{plural(-days, 'day')} before"
    return f"{when} the paper ({ctx.paper_date.isoformat()})"


def _with_days(text: str, ctx: ScoringContext) -> str:
    days = days_since_paper(ctx)
    return f"{text}, {days}" if days else text


@needs_repository
def placeholder(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """The repository holds code, not only a README, licence and images, and its README does
    not say the code is still to come ("coming soon", "will be released", ...)."""
    if facts.is_empty is True:
        return not_applicable("repository is empty (see availability)")
    tree = tree_of(facts)
    said = None if facts.readme_text is None else placeholder_phrase(facts.readme_text)
    quote = f'README says "{said[1]}"' if said else ""
    evidence = (f"README L{said[0]}: {said[1]}",) if said else ()
    if tree is None:
        why = gap(facts, *LISTING_GAP)
        if said:
            return unknown(f"possible placeholder: {quote}; file list unknown: {why}", *evidence)
        return unknown(f"whether code was released is unknown: {why}")
    code = code_files(tree.files)
    if code:
        shown = ", ".join(code[:3]) + (", …" if len(code) > 3 else "")
        if said:
            has = f"the repository has {plural(len(code), 'code file')}"
            reason = _with_days(f"{quote} although {has}", ctx)
            fix = _release_fix(ctx)
            return partial(PARTIAL_RELEASE_FRACTION, reason, *evidence, *code[:3], fix=fix)
        return passed(f"{plural(len(code), 'code file')} ({shown})", *code[:3])
    # Folders such as assets/ or docs/ hold pictures and pages, so a listing of only those is
    # complete enough to call a placeholder even when it did not reach inside them.
    decor_only = all(is_decor(n) for n in tree.root) and all(is_decor(n) for n in tree.files)
    listed = ", ".join(tree.root[:5]) + (", …" if len(tree.root) > 5 else "")
    if not tree.complete and not decor_only:
        if said:
            return unknown(f"possible placeholder: {quote}; no code in {tree.scope}", *evidence)
        return unknown(f"no code files in {tree.scope}; deeper folders were not listed", listed)
    if decor_only or said:
        what = quote if said else "no code files"
        reason = _with_days(f"placeholder: {what}; the repository holds only {listed}", ctx)
        return failed(reason, *evidence, f"files: {listed}", fix=_release_fix(ctx))
    archives = [n for n in tree.files if n.lower().endswith(_ARCHIVES)]
    if archives:
        shown = ", ".join(archives[:3])
        reason = f"code only as an archive ({shown}): nothing to browse, diff or review"
        fix = "Commit the source files themselves rather than an archive of them"
        return partial(ARCHIVE_FRACTION, reason, *archives[:3], fix=fix)
    reason = f"no code files, only data or configuration ({listed})"
    return partial(NO_CODE_FRACTION, reason, f"files: {listed}", fix=_release_fix(ctx))


def _release_fix(ctx: ScoringContext) -> str:
    """The placeholder fix; it reads the clock, so only outcomes that show it ask for it."""
    days = days_since_paper(ctx)
    return "Push the code the paper describes, or say in the README when it will come" + (
        f"; it is now {days}" if days else ""
    )


def _licence_from_readme(facts: RepoFacts, found: str | None) -> Assessment:
    """No licence GitHub recognises: the README may still name one, or reserve all rights."""
    if found:
        reason = (
            f"{found} exists but GitHub recognises no licence in it: terms must be read by hand"
        )
        return partial(NOASSERTION_FRACTION, reason, f"file: {found}")
    tree = tree_of(facts)
    if tree is not None and readme_file(tree.root) is None:
        return failed("no licence: all rights reserved")
    if facts.readme_text is None:
        why = gap(facts, *README_GAP, *LISTING_GAP)
        return unknown(f"no licence file; whether the README names one is unknown: {why}")
    mention = licence_mention(read_readme(facts.readme_text))
    if mention is None:
        return failed("no licence: all rights reserved")
    line, quote = mention
    reason = f'licence only mentioned in the README ("{quote}"): tools cannot detect it'
    return partial(README_LICENCE_FRACTION, reason, f"README L{line}: {quote}")


@needs_repository
def licence(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """An OSI/FSF-approved licence GitHub identifies; without one, all rights are reserved."""
    del ctx
    spdx = facts.license_spdx
    tree = tree_of(facts)
    found = None if tree is None else license_file(tree.root)
    evidence = (f"file: {found}",) if found else ()
    upper = (spdx or "").upper()
    if spdx and upper not in ("NOASSERTION", *_NO_LICENCE_IDS):
        if upper in _FREE_UPPER:
            return passed(f"licence {spdx} (OSI/FSF approved)", f"spdx: {spdx}", *evidence)
        reason = f"licence {spdx} is recognised but not OSI/FSF approved (e.g. non-commercial)"
        return partial(NON_FREE_FRACTION, reason, f"spdx: {spdx}", *evidence)
    if upper == "NOASSERTION" or facts.has_license is True:
        name = f" ({facts.license_name})" if facts.license_name not in (None, "Other") else ""
        reason = f"a licence GitHub cannot identify{name}: terms must be read by hand"
        return partial(NOASSERTION_FRACTION, reason, *evidence)
    if facts.has_license is False or upper in _NO_LICENCE_IDS:
        return _licence_from_readme(facts, found)
    return unknown(f"licence unknown: {gap(facts, 'licen')}", *evidence)


def last_commit(facts: RepoFacts) -> tuple[datetime, str] | None:
    """The newest commit (or, failing that, push) the facts know of, and which it was."""
    if facts.last_commit_at is not None:
        return _utc(facts.last_commit_at), "last commit"
    if facts.commit_dates:
        return _utc(facts.commit_dates[0]), "last commit"
    if facts.pushed_at is not None:
        return _utc(facts.pushed_at), "last push"
    return None


def _history_notes(facts: RepoFacts, paper: date) -> list[str]:
    """First commit and commits after the paper, from the sampled history, for the reason.

    Nothing here counts days up to today ("last commit 40 days ago"): the reason would change
    every day with nothing changed in the repository, and a scheduled audit commits its table
    daily. The last commit's date is already in the reason."""
    notes: list[str] = []
    dates = facts.commit_dates
    if dates:
        after = sum(1 for d in dates if _utc(d).date() >= paper)
        more = facts.commit_count is not None and facts.commit_count > len(dates)
        least = "at least " if more and after == len(dates) else ""
        notes.append(f"{least}{plural(after, 'commit')} after it")
        if facts.commit_count is not None and facts.commit_count <= len(dates):
            first = _utc(dates[-1]).date()
            offset = (first - paper).days
            side = "after" if offset >= 0 else "before"
            notes.append(f"first commit {first.isoformat()} ({plural(abs(offset), 'day')} {side})")
    if facts.is_archived is True:
        notes.append("archived (read-only), which is fine for published code")
    return notes


@needs_repository
def freshness(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Code touched on, after or shortly before the paper's date matches the paper; measured
    against the paper, never against today."""
    seen = last_commit(facts)
    if seen is None:
        if facts.is_empty is True:
            return failed("no commits yet")
        return unknown(f"freshness unknown: {gap(facts, 'commit', 'push')}")
    moment, what = seen
    day = moment.date()
    evidence = f"{what}: {day.isoformat()}"
    if ctx.paper_date is None:
        return unknown("freshness unknown: the paper's date is not known", evidence)
    paper = ctx.paper_date
    notes = "; ".join(["", *_history_notes(facts, paper)])
    limits = ctx.thresholds
    before = (paper - day).days
    if before <= 0:
        return passed(f"{what} {day.isoformat()} is on or after the paper{notes}", evidence)
    if before <= limits.active_window_days:
        return passed(
            f"{what} {day.isoformat()} is {plural(before, 'day')} before the paper{notes}",
            evidence,
        )
    reason = f"{what} {day.isoformat()} is {before / 365:.1f} years before the paper{notes}"
    if before <= limits.stale_window_days:
        return partial(STALE_FRACTION, reason, evidence)
    return failed(reason, evidence)


def log_fraction(count: int, cap: int) -> float:
    """Log-scaled share of credit: 0 -> 0, `cap` or more -> 1; the first ones count most."""
    if count <= 0:
        return 0.0
    return min(1.0, math.log10(count + 1) / math.log10(max(cap, 1) + 1))


@needs_repository
def community(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Stars and forks hint that others found the code usable; log-scaled, capped, small weight."""
    limits = ctx.thresholds
    if facts.stars is None:
        return unknown(f"stars unknown: {gap(facts, 'star')}")
    stars, forks = facts.stars, facts.forks
    evidence = (f"stars: {stars}", *(() if forks is None else (f"forks: {forks}",)))
    fraction = max(
        log_fraction(stars, limits.star_cap),
        0.0 if forks is None else log_fraction(forks, limits.fork_cap),
    )
    counted = f"{stars} stars" + ("" if forks is None else f", {forks} forks")
    if fraction >= 1.0:
        return passed(counted, *evidence)
    if forks is None:
        return unknown(f"forks unknown: {gap(facts, 'fork')} ({stars} stars)", *evidence)
    if facts.created_at is None:
        why = gap(facts, "creat", "age")
        return unknown(f"creation date unknown ({why}): too new to judge? ({counted})", *evidence)
    age = (_utc(ctx.now) - _utc(facts.created_at)).days
    if age < limits.young_repository_days:
        return not_applicable(
            f"created {max(age, 0)} days ago: too new to judge by stars", *evidence
        )
    caps = f"full credit at {limits.star_cap} stars or {limits.fork_cap} forks"
    return graded(fraction, f"{counted} ({caps})", *evidence)
