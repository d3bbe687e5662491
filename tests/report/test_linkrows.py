"""How one link becomes one row, from literals: project pages, other hosts, web pages, mirrors."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import orjson
import pytest

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
from repro_audit.reading.links import resolve_link
from repro_audit.report.linkrows import (
    LightenedFacts,
    ScoreMemo,
    audit_link,
    is_temporary,
    lightened,
    page_note,
)
from repro_audit.sources.cache import FactCache, StoredFacts
from repro_audit.sources.factcodec import encode_split, facts_from_dict
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

    def __init__(self, view: StoredFacts) -> None:
        self.view = view
        self.built = 0

    @property
    def fingerprint(self) -> bytes:
        return self.view.fingerprint

    def full(self) -> RepoFacts:
        self.built += 1
        return self.view.full()


def _as_read(cache: FactCache, facts: RepoFacts, texts: str | None = None) -> CountingView:
    """What a light read of the cache gives for `facts` (any facts, even uncacheable ones),
    its stored texts replaced when `texts` is given."""
    light, stored = encode_split(facts)
    fingerprint = cache.fingerprint(facts)
    assert fingerprint is not None
    decoded = facts_from_dict(orjson.loads(light))
    text = stored.decode() if texts is None else texts
    return CountingView(StoredFacts(fingerprint, decoded, light.decode(), text))


def _run(path: Path, facts: RepoFacts, view: bool, texts: str | None = None) -> tuple[Score, int]:
    """One run over the cache at `path`: the score of `facts` (given whole as from GitHub, or
    light as from the cache), and how often it built the whole facts."""
    cache = FactCache(path)
    memo = ScoreMemo(NOW, store=cache)
    if view:
        read = _as_read(cache, facts, texts)
        light = memo.settle(read.view.light, [ENTRY.paper_date], read)
    else:
        light = memo.settle(facts, [ENTRY.paper_date])
    cache.close()
    return memo.score(light, ENTRY.paper_date), read.built if view else 0


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_light_cached_facts_score_as_their_whole_facts(tmp_path: Path, case: Case) -> None:
    afresh = ScoreMemo(NOW).score(case.facts, ENTRY.paper_date)
    cold, _ = _run(tmp_path / "c.sqlite3", case.facts, view=False)  # remembers
    warm, _ = _run(tmp_path / "c.sqlite3", case.facts, view=True)  # recalls, light
    first, built = _run(tmp_path / "other.sqlite3", case.facts, view=True)  # nothing to recall
    assert cold == warm == first == afresh and built == 1


@pytest.mark.parametrize(
    ("name", "built"),
    [
        ("healthy", 0),  # everything that reads texts was remembered: never whole again
        ("placeholder", 1),  # its fix counts days, so it is judged, with the texts, each run
    ],
)
def test_a_warm_run_builds_whole_facts_only_to_judge_a_criterion_that_reads_texts(
    tmp_path: Path, name: str, built: int
) -> None:
    case = next(case for case in CASES if case.name == name)
    _run(tmp_path / "c.sqlite3", case.facts, view=False)
    assert _run(tmp_path / "c.sqlite3", case.facts, view=True)[1] == built


def test_a_cached_answer_is_recalled_light_by_the_next_run(tmp_path: Path) -> None:
    """The whole way: stored and scored by a cold run, read light and recalled by a warm one."""
    path = tmp_path / "c.sqlite3"
    cold = FactCache(path)
    assert cold.put("api", FULL_FACTS)
    memo = ScoreMemo(NOW, store=cold)
    expected = memo.score(memo.settle(FULL_FACTS, [ENTRY.paper_date]), ENTRY.paper_date)
    cold.close()
    warm = FactCache(path)
    read = warm.get_many("api", [FULL_FACTS.ref.key], light=True)[FULL_FACTS.ref.key]
    assert read.stored is not None
    view = CountingView(read.stored)
    again = ScoreMemo(NOW, store=warm)
    light = again.settle(read.facts, [ENTRY.paper_date], view)
    assert again.score(light, ENTRY.paper_date) == expected and view.built == 0
    assert light == lightened(FULL_FACTS)
    warm.close()


@pytest.mark.parametrize(
    "texts",
    [
        '{"commit_dates": ["yesterday"]}',  # does not decode
        "{}",  # decodes, but is not what the fingerprint was made of
        encode_split(FULL_FACTS)[1].decode(),  # another repository's texts
    ],
)
def test_texts_the_cache_cannot_trust_leave_criteria_unknown_and_nothing_remembered(
    tmp_path: Path, texts: str
) -> None:
    healthy = next(case for case in CASES if case.name == "healthy").facts
    path = tmp_path / "c.sqlite3"
    first, built_first = _run(path, healthy, view=True, texts=texts)
    second, built_second = _run(path, healthy, view=True, texts=texts)
    assert (built_first, built_second) == (1, 1)  # nothing remembered: judged again
    assert first == second
    readme = next(f for f in first.findings if f.criterion == "readme")
    assert readme.verdict is Verdict.UNKNOWN and "unreadable in the cache" in readme.reason
    whole = ScoreMemo(NOW).score(healthy, ENTRY.paper_date)
    assert first.coverage < whole.coverage  # unknown, left out; not failed
    intact, built = _run(path, healthy, view=True)  # the intact answer is judged, not recalled
    assert intact == whole and built == 1
