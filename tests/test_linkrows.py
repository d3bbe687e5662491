"""How one link becomes one row, from literals: project pages, other hosts, web pages, mirrors."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from repro_audit.linkrows import audit_link, is_temporary, page_note
from repro_audit.links import resolve_link
from repro_audit.models import (
    DigestEntry,
    Existence,
    LinkChecks,
    LinkOrigin,
    LinkStatus,
    PageState,
    RepoFacts,
    RepoRef,
    RowFlag,
    WebCheck,
)

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
ENTRY = DigestEntry(source="d.md", line=8, title="Paper", paper_date=date(2025, 10, 16))
PAGE = "https://lab.github.io/code"
PAGE_REF = RepoRef("github.com", "lab", "code")
ALIVE_PAGE = WebCheck(PAGE, PageState.ALIVE, 200, reason="page answers (HTTP 200)")
DEAD_PAGE = WebCheck(PAGE, PageState.DEAD, 404, reason="page not found (HTTP 404)")
GONE = "page gone (HTTP 410)"
SLOW_PAGE = WebCheck(PAGE, PageState.UNKNOWN, reason="page did not answer in time")


def repo(existence: Existence, **fields: object) -> RepoFacts:
    values: dict[str, object] = {"canonical": "lab/code", "is_empty": False, **fields}
    if existence is not Existence.EXISTS:
        values = (
            {"reason": "not found on GitHub (404)"}
            if existence is Existence.MISSING
            else {"reason": "rate limited (primary limit reached)"}
        )
    return RepoFacts(ref=PAGE_REF, existence=existence, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "page", "status", "resolved", "reason"),
    [
        (repo(Existence.EXISTS), ALIVE_PAGE, LinkStatus.ALIVE, "lab/code",
         "project page of lab/code; project page answers (HTTP 200)"),
        (repo(Existence.EXISTS), DEAD_PAGE, LinkStatus.ALIVE, "lab/code",
         "project page of lab/code; project page is gone (page not found (HTTP 404))"),
        (repo(Existence.EXISTS, canonical="team/code"), None, LinkStatus.MOVED, "team/code",
         "project page of team/code; renamed or transferred to team/code; "
         "project page not checked"),
        (repo(Existence.MISSING), ALIVE_PAGE, LinkStatus.NOT_A_REPO, None,
         "GitHub Pages site; no repository lab/code behind it; page answers (HTTP 200)"),
        (repo(Existence.MISSING), DEAD_PAGE, LinkStatus.DEAD, None,
         "page not found (HTTP 404); GitHub Pages site; no repository lab/code behind it"),
        (repo(Existence.UNKNOWN), SLOW_PAGE, LinkStatus.UNKNOWN, None,
         "repository lab/code behind the project page unknown: rate limited (primary limit "
         "reached); project page liveness unknown (page did not answer in time)"),
        (None, None, LinkStatus.UNKNOWN, None,
         "repository lab/code behind the project page unknown: not asked (run interrupted); "
         "project page not checked"),
    ],
    ids=["alive", "repo-alive-page-dead", "moved", "no-repo", "no-repo-dead", "unknown", "unasked"],
)  # fmt: skip
def test_project_pages(
    facts: RepoFacts | None,
    page: WebCheck | None,
    status: LinkStatus,
    resolved: str | None,
    reason: str,
) -> None:
    link = resolve_link(PAGE)
    known = {} if facts is None else {PAGE_REF.key: facts}
    checks = LinkChecks(web={} if page is None else {PAGE: page})
    row = audit_link(ENTRY, link, LinkOrigin.CODE_COLUMN, known, checks, NOW)
    assert (row.status, row.resolved_repo, row.reason) == (status, resolved, reason)
    assert row.flags == (RowFlag.PROJECT_PAGE,) and row.web == page
    scored = facts is None or facts.existence is not Existence.MISSING
    assert (row.score is not None) is scored


@pytest.mark.parametrize(
    ("url", "check", "status", "flags", "reason"),
    [
        ("https://doi.org/10.1/x", None, LinkStatus.NOT_A_REPO, (), "web page on doi.org"),
        ("https://doi.org/10.1/x", WebCheck("u", PageState.ALIVE, 200, "https://acm.org/x", "ok"),
         LinkStatus.NOT_A_REPO, (), "web page on doi.org; page answers (HTTP 200) at https://acm.org/x"),
        ("https://doi.org/10.1/x", WebCheck("u", PageState.DEAD, 410, reason=GONE),
         LinkStatus.DEAD, (), "page gone (HTTP 410); web page on doi.org"),
        ("https://anonymous.4open.science/r/X/", SLOW_PAGE, LinkStatus.NOT_A_REPO,
         (RowFlag.TEMPORARY,), "anonymous review mirror: it expires once the review is over; "
         "page liveness unknown (page did not answer in time)"),
        ("https://github.com/orgs/lab", None, LinkStatus.NOT_A_REPO, (),
         "GitHub 'orgs' page, not a repository"),
    ],
    ids=["unchecked", "redirected", "gone", "mirror", "github-other"],
)  # fmt: skip
def test_web_links(
    url: str,
    check: WebCheck | None,
    status: LinkStatus,
    flags: tuple[RowFlag, ...],
    reason: str,
) -> None:
    link = resolve_link(url)
    checks = LinkChecks(web={} if check is None else {link.url: check})
    row = audit_link(ENTRY, link, LinkOrigin.ABSTRACT, {}, checks, NOW)
    assert (row.status, row.flags, row.reason) == (status, flags, reason)
    assert row.facts is None and row.score is None


def test_other_host_facts_are_scored_with_unknown_stars() -> None:
    url = "https://gitlab.com/g/p"
    facts = RepoFacts(
        ref=RepoRef("gitlab.com", "g", "p"),
        existence=Existence.EXISTS,
        is_empty=False,
        has_license=True,
        license_spdx="MIT",
        root_files=("README.md", "LICENSE", "requirements.txt"),
        last_commit_at=datetime(2025, 10, 20, tzinfo=timezone.utc),
        via="git",
        gaps=("stars, forks and creation date unknown: gitlab.com is not asked (git only)",),
    )
    row = audit_link(ENTRY, resolve_link(url), None, {}, LinkChecks(git={url: facts}), NOW)
    assert row.status is LinkStatus.ALIVE and row.facts is facts and row.score is not None
    verdicts = {f.criterion: f.verdict.value for f in row.score.findings}
    assert verdicts["community"] == "unknown" and verdicts["licence"] == "pass"


def test_a_missing_other_host_repository_is_dead() -> None:
    url = "https://codeberg.org/o/r"
    facts = RepoFacts(RepoRef("codeberg.org", "o", "r"), Existence.MISSING, "repository not found")
    row = audit_link(ENTRY, resolve_link(url), None, {}, LinkChecks(git={url: facts}), NOW)
    assert row.status is LinkStatus.DEAD and row.reason == "repository not found"


@pytest.mark.parametrize(
    ("url", "temporary"),
    [
        ("https://anonymous.4open.science/r/MemAttack-5413/", True),
        ("https://ANONYMOUS.4open.science/r/x", True),
        ("https://4open.science/r/x", False),
        ("https://anonymous.4open.science.evil.org/r/x", False),
        ("not a url [", False),
    ],
)
def test_is_temporary(url: str, temporary: bool) -> None:
    assert is_temporary(url) is temporary


@pytest.mark.parametrize(
    ("check", "note"),
    [
        (None, "page not checked"),
        (WebCheck("u", PageState.ALIVE, 204), "page answers (HTTP 204)"),
        (WebCheck("u", PageState.DEAD, 404, reason="page not found (HTTP 404)"),
         "page is gone (page not found (HTTP 404))"),
        (WebCheck("u", PageState.UNKNOWN, reason="x"), "page liveness unknown (x)"),
    ],
)  # fmt: skip
def test_page_note(check: WebCheck | None, note: str) -> None:
    assert page_note(check) == note
