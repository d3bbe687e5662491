"""Plain data that flows between the pipeline's stages.

Every stage hands the next one frozen dataclasses (and one named tuple) from this module, so the
pure middle (scoring, report building, formats) never sees a network object and can be tested
from literals. Nothing here imports a network library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import NamedTuple


class LinkKind(str, Enum):
    """What a URL points at, as far as the URL alone can tell."""

    GITHUB_REPO = "github_repo"
    GITHUB_PAGES = "github_pages"  # user.github.io/name: a project page, maybe backed by a repo
    GITHUB_OTHER = "github_other"  # a github.com page that is not a repository (user, topics, gist)
    OTHER_HOST = "other_host"  # another code host (gitlab.com, bitbucket.org, ...)
    WEB = "web"  # any other http(s) page: project page, DOI, review mirror
    INVALID = "invalid"  # not a usable http(s) URL at all


class LinkOrigin(str, Enum):
    """Where in the digest a link was written; the code column is the curator's claim."""

    CODE_COLUMN = "code_column"  # a column named for code, or whose cells mostly link code
    CODE_LABEL = "code_label"  # a link labelled code/GitHub in another cell (`[[code]](...)`)
    ABSTRACT = "abstract"
    COMMENT = "comment"
    CELL = "cell"  # a code-host link in another cell of the row (title, venue, links...)
    BADGE = "badge"  # the repository a badge image names (img.shields.io/github/stars/o/r)
    LIST_ITEM = "list_item"  # a paper list written as bullet items, one paper per item
    TEXT = "text"  # a digest without tables or list items: a link anywhere in the prose
    PAPER_LOOKUP = "paper_lookup"  # not in the digest: the papers API (--lookup-papers) named it
    PROJECT_PAGE = "project_page"  # not in the digest: the code link a project page shows


@dataclass(frozen=True, slots=True)
class RepoRef:
    """A repository on a GitHub host, as a link names it (case as written)."""

    host: str  # lower-case netloc, "www." stripped: "github.com", "127.0.0.1:8080"
    owner: str
    name: str
    subpath: str = ""  # what followed owner/name in the link, e.g. "tree/main/src"
    # Identity for de-duplication: GitHub owner and repository names ignore case. Computed
    # once: a warm 10,000-row run asks for it about 160,000 times.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.owner}/{self.name}".lower())

    @property
    def slug(self) -> str:
        """`owner/name` as written in the link."""
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True, slots=True)
class ResolvedLink:
    """A URL and what it points at; `reason` says why it is not a repository when it is not."""

    url: str
    kind: LinkKind
    repo: RepoRef | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A URL found in the digest, with where it is written and what it points at.

    The reader resolves each link once, where it reads it, so every later stage takes `link`
    as given instead of resolving the URL again.
    """

    url: str  # as audited: repaired when `written` is a malformed form of it
    origin: LinkOrigin
    line: int  # 1-based
    link: ResolvedLink
    column: int = 0  # 1-based character column on `line`; 0 when not known
    cell: str = ""  # the table column's header name, "" outside tables
    written: str = ""  # the link as written, when the reader repaired it (`https:/github.com`)


@dataclass(frozen=True, slots=True)
class DigestProblem:
    """Something in the digest that was read only as well as possible (never fatal)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One paper: a table row, or for table-less digests one link found in the prose."""

    source: str  # the digest's path as given on the command line
    line: int
    section: str = ""
    title: str = ""
    arxiv_id: str | None = None  # "2510.14810" (no version)
    arxiv_version: int | None = None
    paper_date: date | None = None
    venue: str = ""  # the venue column's text, or the venue a list item names
    comment: str = ""
    code_cell: str = ""  # the code column's raw text ("" when there is no code column)
    code_links: tuple[FoundLink, ...] = ()  # links in the code column (or the prose, no table)
    text_links: tuple[FoundLink, ...] = ()  # code-host links elsewhere in the row (missed ones)
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """A whole digest file, read."""

    source: str
    entries: tuple[DigestEntry, ...]
    problems: tuple[DigestProblem, ...] = ()
    tables: int = 0  # how many tables were found; 0 means links were collected from prose
    items: int = 0  # how many bullet-list paper entries were read (digests without tables)


COMMIT_SAMPLE = 100
"""How many of the newest commit dates are kept: enough to count commits around a paper's date."""

TEXT_LIMIT = 64 * 1024
"""README and dependency-file texts are cut to this many characters: enough to judge them."""


class Existence(str, Enum):
    """Whether GitHub says the repository is there; UNKNOWN is never a verdict of absence."""

    EXISTS = "exists"
    MISSING = "missing"  # 404 / 410 / GraphQL NOT_FOUND: deleted, or private (same to a reader)
    BLOCKED = "blocked"  # 451 (legal) or access blocked / disabled
    UNKNOWN = "unknown"  # timeout, 5xx, rate limit, ... : `reason` says which


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """What GitHub (and git) told us about one repository; None means "not known".

    How complete the file listing is, in two facts that every source sets the same way:
    `paths_depth` is the folder depth down to which `paths` is complete when a listing stopped
    at a depth (GraphQL's nested tree), and `listing_cut_at` the number of entries a listing
    held when it stopped short by size (GitHub's `truncated` recursive tree, a cap on entries
    read from a clone). Both None: `paths` is the whole tree. Either set: a file that is not
    listed may still exist, so every criterion that looks for a file says `unknown (listing
    cut at ...)` instead of `fail` (scoring.tree.listing_cut).
    """

    ref: RepoRef
    existence: Existence
    reason: str = ""  # why MISSING / BLOCKED / UNKNOWN
    canonical: str | None = None  # owner/name as GitHub reports it now
    html_url: str | None = None
    is_private: bool | None = None
    is_disabled: bool | None = None
    is_archived: bool | None = None
    is_fork: bool | None = None
    parent: str | None = None  # owner/name of the fork's parent
    is_empty: bool | None = None
    stars: int | None = None
    forks: int | None = None
    has_license: bool | None = None
    license_spdx: str | None = None  # SPDX id; "NOASSERTION" for a licence GitHub cannot name
    license_name: str | None = None
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    last_commit_at: datetime | None = None  # newest commit on the default branch
    default_branch: str | None = None
    root_files: tuple[str, ...] | None = None  # root entries; directories end with "/"
    paths: tuple[str, ...] | None = None  # file paths in the default branch's tree
    paths_depth: int | None = None  # deepest folder level listed; None when `paths` is complete
    listing_cut_at: int | None = None  # entries listed when the listing stopped short by size
    readme_text: str | None = None  # the root README's text (capped), None when unknown or absent
    file_texts: tuple[tuple[str, str], ...] | None = None  # (path, text) of dependency files read
    commit_dates: tuple[datetime, ...] | None = None  # newest first, at most COMMIT_SAMPLE of them
    commit_count: int | None = None  # commits on the default branch
    via: str = ""  # "graphql", "rest", "rest+git": which path produced these facts
    gaps: tuple[str, ...] = ()  # facts that could not be learned, each with its reason

    @property
    def moved(self) -> bool:
        """True when GitHub answers under another owner/name (a rename or a transfer)."""
        return (
            self.existence is Existence.EXISTS
            and self.canonical is not None
            and self.canonical.lower() != self.ref.key
        )


HEAVY_FIELDS = ("paths", "readme_text", "file_texts", "commit_dates")
"""RepoFacts fields only the scoring criteria read: up to a few hundred KB per repository, none
of it shown in a report, so a run lets them go once a repository is scored."""


class LinkStatus(str, Enum):
    """The closed set of link statuses a report row can have."""

    ALIVE = "alive"
    DEAD = "dead"
    MOVED = "moved"
    UNKNOWN = "unknown"
    NO_LINK = "no_link"
    NOT_A_REPO = "not_a_repo"
    UNCHANGED = "unchanged"  # --changed-since: the row did not change, so it was not audited


class Verdict(str, Enum):
    """Outcome of one criterion; UNKNOWN and NOT_APPLICABLE are left out of the score."""

    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Finding(NamedTuple):
    """One criterion's judgement of one repository, with what a researcher can do about it.

    A named tuple, not a frozen dataclass like its neighbours: as immutable, and 14 are built
    for every repository, where a tuple is built in under half the time (a frozen dataclass
    sets each field through object.__setattr__).
    """

    criterion: str
    title: str
    verdict: Verdict
    points: float  # earned
    max_points: float  # the criterion's weight when assessed, else 0
    reason: str
    remediation: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """A repository's score: None when nothing could be assessed."""

    value: int | None  # 0-100
    grade: str | None  # "A".."F"
    coverage: float  # share of the rubric's weight that could be assessed, 0..1
    findings: tuple[Finding, ...]
    rubric_version: str
    # The range the score could take once every UNKNOWN criterion is known (each failing, each
    # passing); both equal `value` when nothing is unknown. `grade` is None when the range
    # spans more than one grade.
    low: int | None = None
    high: int | None = None


class RowFlag(str, Enum):
    """Remarks a row carries beside its status."""

    PROJECT_PAGE = "project_page"  # a GitHub Pages site, judged by the repository behind it
    TEMPORARY = "temporary"  # a review mirror (anonymous.4open.science) that will expire
    MISSED_LINK = "missed_link"  # a suggestion: named in the abstract/comment, not the column


class PageState(str, Enum):
    """What an HTTP check of a page found; UNKNOWN is never a verdict of absence."""

    ALIVE = "alive"
    DEAD = "dead"  # 404 / 410 / 451
    UNKNOWN = "unknown"  # timeout, 5xx, 429, refused host, ...: `reason` says which


@dataclass(frozen=True, slots=True)
class WebCheck:
    """One page's HTTP check: its state, the last status code and where redirects ended."""

    url: str
    state: PageState
    http_status: int | None = None
    final_url: str | None = None  # set when redirects led elsewhere
    reason: str = ""
    code_links: tuple[str, ...] = ()  # repositories a project page labels as its code


class ArchiveState(str, Enum):
    """Whether Software Heritage holds a snapshot of a repository; UNKNOWN is never "lost"."""

    ARCHIVED = "archived"  # the origin has a visit that produced a snapshot
    NOT_ARCHIVED = "not_archived"  # no such origin (404), or no visit with a snapshot yet
    UNKNOWN = "unknown"  # not asked, rate limited, 5xx, timeout: `reason` says which


@dataclass(frozen=True, slots=True)
class ArchiveFacts:
    """What Software Heritage said about one origin (a repository URL)."""

    origin: str  # the origin URL asked about, e.g. https://github.com/owner/name
    state: ArchiveState
    url: str | None = None  # browse URL of the latest snapshot
    swhid: str | None = None  # swh:1:snp:<40 hex> of that snapshot
    visited_at: datetime | None = None  # when that visit happened
    reason: str = ""  # why UNKNOWN or NOT_ARCHIVED


@dataclass(frozen=True, slots=True)
class LinkChecks:
    """Facts about links beyond GitHub repositories, keyed by the link's normalised URL."""

    git: Mapping[str, RepoFacts] = field(default_factory=dict)  # other git hosts
    web: Mapping[str, WebCheck] = field(default_factory=dict)  # pages, mirrors, DOIs
    papers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # arXiv id -> code URLs
    archive: Mapping[str, ArchiveFacts] = field(default_factory=dict)  # origin URL -> facts


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One line of the audit: a digest entry and the code link audited for it (if any).

    A suggestion (a missed link audited for a row whose code column gives none) is an AuditRow of
    the same entry too, so it is judged and rendered by exactly the same rules.
    """

    entry: DigestEntry
    status: LinkStatus
    link: ResolvedLink | None = None
    origin: LinkOrigin | None = None
    reason: str = ""
    moved_to: str | None = None
    facts: RepoFacts | None = None
    score: Score | None = None
    missed_links: tuple[ResolvedLink, ...] = ()  # code links in abstract/comment, not in column
    flags: tuple[RowFlag, ...] = ()
    resolved_repo: str | None = None  # owner/name a project page resolved to
    web: WebCheck | None = None  # the HTTP check of the link itself, when it had one
    suggestions: tuple[AuditRow, ...] = ()  # missed links of a row without one, each audited
    archive: ArchiveFacts | None = None  # Software Heritage's copy of the repository, if asked


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts over a report, for the footer and the JSON `summary`."""

    entries: int = 0
    with_code_link: int = 0
    alive: int = 0
    dead: int = 0
    moved: int = 0
    unknown: int = 0
    not_a_repo: int = 0
    no_link: int = 0
    missed_code_links: int = 0  # entries whose abstract/comment names code the column missed
    problems: int = 0
    project_pages: int = 0  # code links that are GitHub Pages sites (audited via their repo)
    temporary_links: int = 0  # review mirrors that expire (rows and suggestions)
    suggestions_alive: int = 0  # missed links of rows without one that lead to live code
    archived: int = 0  # code links whose repository Software Heritage holds a snapshot of
    dead_archived: int = 0  # dead code links with an archived copy
    unchanged: int = 0  # --changed-since --all: rows listed but not audited


@dataclass(frozen=True, slots=True)
class RequestStats:
    """How many requests the run made, by kind, for the report and the logs."""

    graphql: int = 0
    rest: int = 0
    git: int = 0
    cached: int = 0  # repositories answered from the cache instead
    not_modified: int = 0  # conditional REST requests answered 304: asked, but no budget spent
    web: int = 0  # plain HTTP checks of pages and papers-API look-ups
    archive: int = 0  # Software Heritage API requests


@dataclass(frozen=True, slots=True)
class IgnoredLink:
    """A digest row the ignore list left out, with the rule's pattern, reason and end day."""

    source: str
    line: int
    url: str
    pattern: str
    reason: str = ""
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Everything a format needs to render; built by pure code from rows and an injected time."""

    generated_at: datetime
    tool_version: str
    rubric_version: str
    sources: tuple[str, ...]
    rows: tuple[AuditRow, ...]
    summary: Summary
    problems: tuple[tuple[str, DigestProblem], ...] = ()  # (source, problem)
    requests: RequestStats = field(default_factory=RequestStats)
    notes: tuple[str, ...] = ()  # run-level remarks, e.g. "anonymous budget will not fit"
    ignored: tuple[IgnoredLink, ...] = ()  # rows the ignore list left out (report/ignore.py)
