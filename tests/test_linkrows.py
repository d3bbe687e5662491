"""How one link becomes one row, from literals: project pages, other hosts, web pages, mirrors."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from repro_audit.linkrows import (
    LightenedFacts,
    ScoreMemo,
    audit_link,
    is_temporary,
    lightened,
    page_note,
)
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
    Score,
    Verdict,
    WebCheck,
)
from repro_audit.sources.cache import FactCache, StoredFacts
from repro_audit.sources.factcodec import encode_split
from tests.scoring.calibration import CASES, Case

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
    row = audit_link(ENTRY, link, LinkOrigin.CODE_COLUMN, known, checks, ScoreMemo(NOW))
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
    row = audit_link(ENTRY, link, LinkOrigin.ABSTRACT, {}, checks, ScoreMemo(NOW))
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
    row = audit_link(
        ENTRY, resolve_link(url), None, {}, LinkChecks(git={url: facts}), ScoreMemo(NOW)
    )
    assert row.status is LinkStatus.ALIVE and row.facts is facts and row.score is not None
    verdicts = {f.criterion: f.verdict.value for f in row.score.findings}
    assert verdicts["community"] == "unknown" and verdicts["licence"] == "pass"


def test_a_missing_other_host_repository_is_dead() -> None:
    url = "https://codeberg.org/o/r"
    facts = RepoFacts(RepoRef("codeberg.org", "o", "r"), Existence.MISSING, "repository not found")
    row = audit_link(
        ENTRY, resolve_link(url), None, {}, LinkChecks(git={url: facts}), ScoreMemo(NOW)
    )
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


FULL_FACTS = RepoFacts(
    ref=RepoRef("github.com", "lab", "full"),
    existence=Existence.EXISTS,
    is_empty=False,
    license_spdx="MIT",
    has_license=True,
    last_commit_at=datetime(2025, 10, 20, tzinfo=timezone.utc),
    root_files=("README.md", "requirements.txt", "train.py"),
    paths=("README.md", "requirements.txt", "train.py"),
    readme_text="# Code\n\n## Install\n\n```\npip install -r requirements.txt\n```\n",
    file_texts=(("requirements.txt", "torch==2.1.0\n"),),
    commit_dates=(datetime(2025, 10, 20, tzinfo=timezone.utc),),
    commit_count=1,
)
OTHER_DAY = date(2024, 1, 5)


def test_settled_facts_keep_their_scores_but_not_their_texts() -> None:
    memo = ScoreMemo(NOW)
    light = memo.settle(FULL_FACTS, [ENTRY.paper_date, OTHER_DAY, ENTRY.paper_date])
    assert (light.readme_text, light.file_texts, light.paths, light.commit_dates) == (None,) * 4
    assert light.root_files == FULL_FACTS.root_files and light.license_spdx == "MIT"
    fresh = ScoreMemo(NOW)
    for day in (ENTRY.paper_date, OTHER_DAY):
        assert memo.score(light, day) == fresh.score(FULL_FACTS, day)
    assert memo.score(light, OTHER_DAY) != memo.score(light, ENTRY.paper_date)  # freshness


def test_a_score_never_asked_for_before_the_texts_went_is_an_error_not_a_wrong_score() -> None:
    memo = ScoreMemo(NOW)
    light = memo.settle(FULL_FACTS, [ENTRY.paper_date])
    with pytest.raises(LightenedFacts):
        memo.score(light, OTHER_DAY)


def test_the_same_name_on_another_host_is_scored_on_its_own() -> None:
    memo = ScoreMemo(NOW)
    light = memo.settle(FULL_FACTS, [ENTRY.paper_date])
    elsewhere = RepoFacts(
        ref=RepoRef("gitlab.com", "lab", "full"), existence=Existence.EXISTS, is_empty=False
    )
    assert memo.score(elsewhere, ENTRY.paper_date) != memo.score(light, ENTRY.paper_date)
    assert memo.score(light, ENTRY.paper_date) == ScoreMemo(NOW).score(FULL_FACTS, ENTRY.paper_date)


class CountingView:
    """A cached answer's StoredView that counts how often the whole facts were built."""

    def __init__(self, cache: FactCache, facts: RepoFacts, texts: str | None = None) -> None:
        fingerprint = cache.fingerprint(facts)
        assert fingerprint is not None
        stored = encode_split(facts)[1].decode() if texts is None else texts
        self.view = StoredFacts(fingerprint, lightened(facts), stored)
        self.built = 0

    @property
    def fingerprint(self) -> bytes:
        return self.view.fingerprint

    def full(self) -> RepoFacts:
        self.built += 1
        return self.view.full()


def _settle_twice(
    tmp_path: Path, facts: RepoFacts, texts: str | None = None
) -> tuple[list[Score], list[int]]:
    """A cold run then a warm one over one cache, each given the facts light with their view
    (whose stored texts may be replaced): the two scores, and how often each run built the
    whole facts."""
    scores, built = [], []
    for _ in range(2):
        cache = FactCache(tmp_path / "c.sqlite3")
        memo = ScoreMemo(NOW, store=cache)
        view = CountingView(cache, facts, texts)
        light = memo.settle(view.view.light, [ENTRY.paper_date], view)
        scores.append(memo.score(light, ENTRY.paper_date))
        built.append(view.built)
        cache.close()
    return scores, built


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_light_cached_facts_score_as_their_whole_facts(tmp_path: Path, case: Case) -> None:
    scores, _ = _settle_twice(tmp_path, case.facts)
    assert scores == [ScoreMemo(NOW).score(case.facts, ENTRY.paper_date)] * 2


@pytest.mark.parametrize(
    ("name", "built"),
    [
        ("healthy", [1, 0]),  # everything that reads texts was remembered: never whole again
        ("placeholder", [1, 1]),  # its fix counts days, so it is judged, with the texts, each run
    ],
)
def test_a_warm_run_builds_whole_facts_only_to_judge_a_criterion_that_reads_texts(
    tmp_path: Path, name: str, built: list[int]
) -> None:
    case = next(case for case in CASES if case.name == name)
    assert _settle_twice(tmp_path, case.facts)[1] == built


def test_texts_the_cache_cannot_decode_leave_criteria_unknown_and_nothing_remembered(
    tmp_path: Path,
) -> None:
    healthy = next(case for case in CASES if case.name == "healthy").facts
    scores, built = _settle_twice(tmp_path, healthy, texts='{"commit_dates": ["yesterday"]}')
    assert built == [1, 1]  # nothing was remembered, so the warm run judged again
    assert scores[0] == scores[1]
    readme = next(f for f in scores[0].findings if f.criterion == "readme")
    assert readme.verdict is Verdict.UNKNOWN and "unreadable in the cache" in readme.reason
    whole = ScoreMemo(NOW).score(healthy, ENTRY.paper_date)
    assert scores[0].coverage < whole.coverage  # unknown, left out; not failed
