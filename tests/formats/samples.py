"""A literal AuditReport with a row of every status, for the format tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone

from repro_audit.models import (
    AuditReport,
    AuditRow,
    DigestEntry,
    DigestProblem,
    Existence,
    Finding,
    LinkKind,
    LinkOrigin,
    LinkStatus,
    RepoFacts,
    RepoRef,
    RequestStats,
    ResolvedLink,
    Score,
    Summary,
    Verdict,
)
from repro_audit.scoring import ScoringContext, score_repository

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=timezone.utc)
SOURCE = "examples/digest.md"
LONG_TITLE = (
    "Rethinking Hebbian Principle: Low-Dimensional Structural Projection for Unsupervised Learning"
)
AWKWARD_TITLE = "Pipes | and\nnewlines <b>bold</b>"
MISSED_URL = "https://github.com/missed/code"


def _entry(line: int, title: str, arxiv: str | None = None) -> DigestEntry:
    return DigestEntry(
        source=SOURCE,
        line=line,
        section="Image Classification",
        title=title,
        arxiv_id=arxiv,
        arxiv_version=2 if arxiv else None,
        paper_date=date(2025, 10, 16),
    )


def _repo_link(owner: str, name: str) -> ResolvedLink:
    return ResolvedLink(
        url=f"https://github.com/{owner}/{name}",
        kind=LinkKind.GITHUB_REPO,
        repo=RepoRef("github.com", owner, name),
    )


ALIVE_FACTS = RepoFacts(
    ref=RepoRef("github.com", "lab", "paper-code"),
    existence=Existence.EXISTS,
    canonical="lab/paper-code",
    is_private=False,
    is_disabled=False,
    is_archived=False,
    is_fork=False,
    is_empty=False,
    stars=42,
    forks=3,
    has_license=True,
    license_spdx="MIT",
    created_at=datetime(2024, 3, 1, tzinfo=timezone.utc),
    pushed_at=datetime(2025, 10, 20, tzinfo=timezone.utc),
    last_commit_at=datetime(2025, 10, 20, 23, 30, tzinfo=timezone.utc),
    default_branch="main",
    root_files=("README.md", "LICENSE", "environment.yml", "train.py"),
    via="graphql",
)

ALIVE_SCORE = Score(
    value=72,
    grade="B",
    coverage=0.85,
    findings=(
        Finding("availability", "Repository available", Verdict.PASS, 30.0, 30.0, "public"),
        Finding(
            "dependencies",
            "Dependency specification",
            Verdict.FAIL,
            0.0,
            20.0,
            "no dependency specification | at the root",
            remediation="Add a requirements.txt",
            evidence=("none found",),
        ),
        Finding("community", "Community uptake", Verdict.UNKNOWN, 0.0, 0.0, "stars unknown"),
    ),
    rubric_version="0.1",
)

UNKNOWN_FACTS = RepoFacts(
    ref=RepoRef("github.com", "quiet", "repo"),
    existence=Existence.EXISTS,
    gaps=("file listing unknown: GitHub returned no tree for HEAD",),
)


def _scored(facts: RepoFacts) -> Score:
    return score_repository(facts, ScoringContext(now=NOW, paper_date=date(2025, 10, 16)))


def rows() -> tuple[AuditRow, ...]:
    """Rows of every status, in digest order; line numbers identify them in assertions."""
    moved = replace(ALIVE_FACTS, ref=RepoRef("github.com", "old", "name"), canonical="new/name")
    missing = RepoFacts(
        ref=RepoRef("github.com", "gone", "repo"), existence=Existence.MISSING, reason="404"
    )
    limited = RepoFacts(
        ref=RepoRef("github.com", "busy", "repo"),
        existence=Existence.UNKNOWN,
        reason="rate limited (primary limit reached earlier in this run)",
    )
    pages = ResolvedLink(
        url="https://someone.github.io/project", kind=LinkKind.GITHUB_PAGES, reason="Pages site"
    )
    missed = ResolvedLink(
        url=MISSED_URL, kind=LinkKind.GITHUB_REPO, repo=RepoRef("github.com", "missed", "code")
    )
    code = LinkOrigin.CODE_COLUMN
    return (
        AuditRow(
            _entry(5, LONG_TITLE, "2510.14810"),
            LinkStatus.ALIVE,
            _repo_link("lab", "paper-code"),
            code,
            facts=ALIVE_FACTS,
            score=ALIVE_SCORE,
        ),
        AuditRow(
            _entry(6, "Moved paper"),
            LinkStatus.MOVED,
            _repo_link("old", "name"),
            code,
            reason="renamed or transferred to new/name",
            moved_to="new/name",
            facts=moved,
            score=_scored(moved),
        ),
        AuditRow(
            _entry(7, "Dead paper"),
            LinkStatus.DEAD,
            _repo_link("gone", "repo"),
            code,
            reason="404",
            facts=missing,
            score=_scored(missing),
        ),
        AuditRow(
            _entry(8, "Unknown paper"),
            LinkStatus.UNKNOWN,
            _repo_link("busy", "repo"),
            code,
            reason=limited.reason,
            facts=limited,
            score=_scored(limited),
        ),
        AuditRow(
            _entry(9, AWKWARD_TITLE),
            LinkStatus.ALIVE,
            _repo_link("quiet", "repo"),
            code,
            facts=UNKNOWN_FACTS,
            score=_scored(UNKNOWN_FACTS),
        ),
        AuditRow(
            _entry(10, "Pages paper"),
            LinkStatus.NOT_A_REPO,
            pages,
            code,
            reason="GitHub Pages site, not a repository",
        ),
        AuditRow(
            _entry(20, "No link paper"),
            LinkStatus.NO_LINK,
            reason="no code link in the code column; the abstract or comment names one",
            missed_links=(missed,),
        ),
    )


def report(sources: tuple[str, ...] = (SOURCE,)) -> AuditReport:
    """The sample report; pass two sources to get file-qualified line references."""
    return AuditReport(
        generated_at=NOW,
        tool_version="0.1.0",
        rubric_version="0.1",
        sources=sources,
        rows=rows(),
        summary=Summary(
            entries=7,
            with_code_link=6,
            alive=2,
            dead=1,
            moved=1,
            unknown=1,
            not_a_repo=1,
            no_link=1,
            missed_code_links=1,
            problems=1,
        ),
        problems=((SOURCE, DigestProblem(3, "row has 4 cells | expected 5")),),
        requests=RequestStats(graphql=2, rest=5, git=1),
        notes=("anonymous budget will not fit",),
    )
