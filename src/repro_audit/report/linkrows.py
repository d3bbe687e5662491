"""How one link becomes one audit row: GitHub repositories, project pages, other hosts, web pages.

Pure: facts and checks come in as values, `now` is injected. Each kind of link has one small
function, so the status rules read as a table: a repository's status follows its facts; a GitHub
Pages site follows the repository behind it when there is one and its own liveness otherwise; a
web page is `not_a_repo` unless it is gone (`dead`); anything not checked stays what it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from repro_audit.models import (
    HEAVY_FIELDS,
    ArchiveFacts,
    AuditRow,
    DigestEntry,
    Existence,
    LinkChecks,
    LinkKind,
    LinkOrigin,
    LinkStatus,
    PageState,
    RepoFacts,
    RepoRef,
    ResolvedLink,
    RowFlag,
    Score,
    Verdict,
    WebCheck,
)
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfig, recall, score_repository
from repro_audit.scoring.aggregate import judge
from repro_audit.scoring.base import ScoringContext

TEMPORARY_HOSTS = ("anonymous.4open.science",)
"""Review mirrors that expire after the review: a link to one is flagged `temporary`."""

NOT_AUDITED = {
    LinkKind.GITHUB_PAGES: "GitHub Pages site, not a repository",
    LinkKind.GITHUB_OTHER: "a GitHub page that is not a repository",
    LinkKind.OTHER_HOST: "code host other than GitHub: not checked",
    LinkKind.WEB: "web page, not a code repository",
    LinkKind.INVALID: "not a usable link",
}
TEMPORARY_NOTE = "anonymous review mirror: it expires once the review is over"


def is_temporary(url: str) -> bool:
    """Whether a link points at a review mirror that will expire."""
    lowered = url.lower()
    if not any(name in lowered for name in TEMPORARY_HOSTS):
        return False  # most links: no need to parse them
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == name or host.endswith("." + name) for name in TEMPORARY_HOSTS)


def origin_url(ref: RepoRef) -> str:
    """The Software Heritage origin of a GitHub-host repository: its https URL as linked."""
    return f"https://{ref.host}/{ref.owner}/{ref.name}"


def link_origin(link: ResolvedLink) -> str | None:
    """The origin to ask Software Heritage about for a link, or None when it names no repository
    on a GitHub host (other hosts are not asked yet)."""
    if link.repo is None or link.kind not in (LinkKind.GITHUB_REPO, LinkKind.GITHUB_PAGES):
        return None
    return origin_url(link.repo)


def status_of(facts: RepoFacts) -> tuple[LinkStatus, str, str | None]:
    """Link status, the reason shown beside it, and the new name when moved."""
    if facts.existence is Existence.UNKNOWN:
        return LinkStatus.UNKNOWN, facts.reason or "GitHub did not answer", None
    if facts.existence is not Existence.EXISTS:
        return LinkStatus.DEAD, facts.reason or "repository not found", None
    if facts.is_disabled:
        return LinkStatus.DEAD, "repository disabled by GitHub", None
    if facts.is_private:
        return LinkStatus.DEAD, "repository is private: readers get 404", None
    notes = []
    if facts.is_archived:
        notes.append("archived (read-only)")
    if facts.is_empty:
        notes.append("empty: no commits")
    if facts.moved:
        notes.insert(0, f"renamed or transferred to {facts.canonical}")
        return LinkStatus.MOVED, "; ".join(notes), facts.canonical
    return LinkStatus.ALIVE, "; ".join(notes), None


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def page_note(check: WebCheck | None, what: str = "page") -> str:
    """One clause on a page's own liveness, for the reason of a row that has a page."""
    if check is None:
        return f"{what} not checked"
    if check.state is PageState.ALIVE:
        where = f" at {check.final_url}" if check.final_url else ""
        return f"{what} answers (HTTP {check.http_status}){where}"
    if check.state is PageState.DEAD:
        return f"{what} is gone ({check.reason})"
    return f"{what} liveness unknown ({check.reason})"


def repo_row(
    entry: DigestEntry,
    link: ResolvedLink,
    origin: LinkOrigin | None,
    facts: RepoFacts,
    scores: ScoreMemo,
    flags: tuple[RowFlag, ...] = (),
) -> AuditRow:
    """A repository's row: the status follows its facts, and the rubric scores them; a failed
    placeholder check is named first in the reason, where the status column shows it."""
    status, reason, moved_to = status_of(facts)
    score = scores.score(facts, entry.paper_date)
    reason = _join(_placeholder_note(score), reason)
    return AuditRow(
        entry=entry,
        status=status,
        link=link,
        origin=origin,
        reason=reason,
        moved_to=moved_to,
        facts=facts,
        score=score,
        flags=flags,
    )


class LightenedFacts(Exception):
    """Facts whose texts were dropped after scoring were asked to be scored again: a bug."""


class ScoreMemo:
    """Each (repository, paper date) scored once per run, with one `now` and one rubric.

    Digests repeat popular repositories (a 100,000-row digest may hold 1,000), and scoring is
    pure, so rows share a score. `settle` scores facts as they arrive and returns them without
    the texts only scoring reads, so a run never holds every README at once.
    """

    def __init__(
        self,
        now: datetime,
        rubric: RubricConfig = DEFAULT_CONFIG,
        store: recall.OutcomeStore | None = None,
        archives: Mapping[str, ArchiveFacts] | None = None,
    ) -> None:
        self.now = now
        self.rubric = rubric
        # Software Heritage's answers by origin URL; the run fills it before facts arrive
        self.archives: Mapping[str, ArchiveFacts] = {} if archives is None else archives
        self._store = store  # outcomes that do not read the clock, from earlier runs
        # by the facts object itself (its id, held alive here): the same owner/name on another
        # host has facts of its own
        self._scores: dict[tuple[int, date | None], tuple[RepoFacts, Score]] = {}
        self._lightened: dict[int, RepoFacts] = {}
        criteria = rubric.rubric
        # what must be recalled for the light facts to do: every criterion that reads texts
        self._text_readers = tuple(c.id for c in criteria if c.reads_texts)
        self._light_never = any(c.reads_texts and c.reads_clock for c in criteria)

    def score(
        self, facts: RepoFacts, paper_date: date | None, stored: recall.StoredView | None = None
    ) -> Score:
        """The score of these very facts for a paper of that date. With `stored`, `facts` are
        light (no HEAVY_FIELDS) and `stored` makes them whole when a criterion needs that."""
        held = self._scores.get((id(facts), paper_date))
        if held is not None:
            return held[1]
        if id(facts) in self._lightened:
            raise LightenedFacts(f"{facts.ref.slug}: no score for paper date {paper_date}")
        ctx = self.rubric.context(self.now, paper_date)
        archive = self.archives.get(origin_url(facts.ref)) if self.archives else None
        if archive is not None:
            ctx = replace(ctx, archive=archive)
        if self._store is None or facts.existence is not Existence.EXISTS:
            whole = recall.made_whole(facts, stored)[0]
            score = score_repository(whole, ctx, self.rubric.rubric)
        else:
            score = self._recalled(facts, ctx, self._store, stored)
        self._scores[(id(facts), paper_date)] = (facts, score)
        return score

    def _recalled(
        self,
        facts: RepoFacts,
        ctx: ScoringContext,
        store: recall.OutcomeStore,
        stored: recall.StoredView | None,
    ) -> Score:
        """Scored with the clock-free outcomes an earlier run reached from the same facts, and
        any outcome judged now remembered for the next run."""
        repo = facts.ref.key
        fingerprint = store.fingerprint(facts) if stored is None else stored.fingerprint
        content = None
        if fingerprint is not None:
            content = recall.content_key(fingerprint, ctx.paper_date, ctx.thresholds)
        data = None if content is None else store.recall(repo, content)
        known = None if data is None else recall.decode(data)
        if stored is not None and not self._light_will_do(known):
            facts, intact = recall.made_whole(facts, stored)
            if not intact:
                content = None  # judged from less than the fingerprint names: not remembered
        score, judged = judge(facts, ctx, self.rubric.rubric, known)
        if content is not None and judged:
            store.remember(repo, content, recall.encode({**(known or {}), **judged}))
        return score

    def _light_will_do(self, known: Mapping[str, object] | None) -> bool:
        """Whether every criterion that reads texts was recalled, so none is judged now."""
        if known is None or self._light_never:
            return False
        return all(key in known for key in self._text_readers)

    def settle(
        self,
        facts: RepoFacts,
        paper_dates: Iterable[date | None],
        stored: recall.StoredView | None = None,
    ) -> RepoFacts:
        """Score `facts` for every paper date that links them; the facts a report keeps.
        With `stored` (see `score`), `facts` are those already."""
        scores = [(day, self.score(facts, day, stored)) for day in dict.fromkeys(paper_dates)]
        light = facts if stored is not None else lightened(facts)
        for day, score in scores:
            del self._scores[(id(facts), day)]  # the full facts are let go
            self._scores[(id(light), day)] = (light, score)
        self._lightened[id(light)] = light
        return light


_DROPPED: dict[str, Any] = dict.fromkeys(HEAVY_FIELDS)


def lightened(facts: RepoFacts) -> RepoFacts:
    """`facts` without what only the criteria read (README and dependency texts, the tree's
    paths, commit dates): up to a few hundred KB per repository, none of it shown."""
    return replace(facts, **_DROPPED)


def _placeholder_note(score: Score | None) -> str:
    """The placeholder finding's reason when it failed: what the status column shows first."""
    for finding in score.findings if score is not None else ():
        if finding.criterion == "placeholder" and finding.verdict is Verdict.FAIL:
            return finding.reason
    return ""


def web_row(
    entry: DigestEntry,
    link: ResolvedLink,
    origin: LinkOrigin | None,
    check: WebCheck | None,
    what: str,
    flags: tuple[RowFlag, ...] = (),
) -> AuditRow:
    """A page that is not a repository: `dead` when it is gone, else `not_a_repo` with its state."""
    if check is not None and check.state is PageState.DEAD:
        status, reason = LinkStatus.DEAD, _join(check.reason, what)
    elif check is None:
        status, reason = LinkStatus.NOT_A_REPO, what
    else:
        status, reason = LinkStatus.NOT_A_REPO, _join(what, page_note(check))
    return AuditRow(
        entry=entry,
        status=status,
        link=link,
        origin=origin,
        reason=reason,
        flags=flags,
        web=check,
    )


def pages_row(
    entry: DigestEntry,
    link: ResolvedLink,
    origin: LinkOrigin | None,
    facts_by_key: Mapping[str, RepoFacts],
    check: WebCheck | None,
    scores: ScoreMemo,
) -> AuditRow:
    """A GitHub Pages site: judged by its repository when that exists, else by the page itself."""
    flags = (RowFlag.PROJECT_PAGE,)
    if link.repo is None:
        return web_row(entry, link, origin, check, link.reason or NOT_AUDITED[link.kind], flags)
    slug = link.repo.slug
    facts = facts_by_key.get(link.repo.key) or RepoFacts(
        ref=link.repo, existence=Existence.UNKNOWN, reason="not asked (run interrupted)"
    )
    if facts.existence is Existence.MISSING:
        what = f"GitHub Pages site; no repository {slug} behind it"
        return web_row(entry, link, origin, check, what, flags)
    row = repo_row(entry, link, origin, facts, scores, flags)
    if facts.existence is Existence.UNKNOWN:
        reason = f"repository {slug} behind the project page unknown: {row.reason}"
    else:
        resolved = facts.canonical or slug
        row = replace(row, resolved_repo=resolved)
        reason = _join(f"project page of {resolved}", row.reason)
    return replace(row, reason=_join(reason, page_note(check, "project page")), web=check)


def audit_link(
    entry: DigestEntry,
    link: ResolvedLink,
    origin: LinkOrigin | None,
    facts_by_key: Mapping[str, RepoFacts],
    checks: LinkChecks,
    scores: ScoreMemo,
) -> AuditRow:
    """The row for one link of any kind, from whatever was learned about it."""
    row = _audit_link(entry, link, origin, facts_by_key, checks, scores)
    where = link_origin(link) if checks.archive else None
    archive = None if where is None else checks.archive.get(where)
    return row if archive is None else replace(row, archive=archive)


def _audit_link(
    entry: DigestEntry,
    link: ResolvedLink,
    origin: LinkOrigin | None,
    facts_by_key: Mapping[str, RepoFacts],
    checks: LinkChecks,
    scores: ScoreMemo,
) -> AuditRow:
    flags = (RowFlag.TEMPORARY,) if is_temporary(link.url) else ()
    if link.kind is LinkKind.GITHUB_REPO and link.repo is not None:
        facts = facts_by_key.get(link.repo.key) or RepoFacts(
            ref=link.repo, existence=Existence.UNKNOWN, reason="not asked (run interrupted)"
        )
        return repo_row(entry, link, origin, facts, scores, flags)
    check = checks.web.get(link.url)
    if link.kind is LinkKind.GITHUB_PAGES:
        return pages_row(entry, link, origin, facts_by_key, check, scores)
    git_facts = checks.git.get(link.url)
    if git_facts is not None:
        return repo_row(entry, link, origin, git_facts, scores, flags)
    what = TEMPORARY_NOTE if flags else (link.reason or NOT_AUDITED[link.kind])
    if link.kind in (LinkKind.OTHER_HOST, LinkKind.WEB):
        return web_row(entry, link, origin, check, what, flags)
    return web_row(entry, link, origin, None, what, flags)
