"""One tracking issue, updated in place: found by its label and a hidden marker in its body.

lychee-action opens a new issue on every failing run; here the open issue that carries the label
and the marker is edited instead, closed when no link is dead, and a new one is opened only when
none is open. Writes are not retried: a second POST after a timeout could open a duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.sources.endpoints import API_VERSION, ConfigError, Endpoints
from repro_audit.sources.retry import UNEXPECTED_ANSWER, unexpected_answer

if TYPE_CHECKING:
    import github
    import requests
else:
    github = lazy("github")
    requests = lazy("requests")

MARKER = "<!-- repro-audit -->"
DEFAULT_LABEL = "repro-audit"
DEFAULT_TITLE = "Dead code links in the digests"
_SLUG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class IssueTrackerError(Exception):
    """GitHub refused or did not answer; the message never holds the token."""


class IssueAction(str, Enum):
    """What the upsert did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # the open issue already says exactly this
    CLOSED = "closed"
    NOTHING = "nothing"  # nothing dead and no open issue: nothing to do


@dataclass(frozen=True, slots=True)
class IssueOutcome:
    """The action taken and the issue it was taken on (None for NOTHING)."""

    action: IssueAction
    number: int | None = None
    url: str | None = None


def check_repository(slug: str) -> str:
    """`owner/name` or a ConfigError saying what was given."""
    cleaned = slug.strip()
    if not _SLUG.match(cleaned):
        raise ConfigError(f"the issue's repository must be owner/name, got {slug!r}")
    return cleaned


def with_marker(body: str, marker: str = MARKER) -> str:
    """The body with the marker as its first line, so the next run finds this issue again."""
    return body if marker in body else f"{marker}\n{body}"


class IssueTracker:
    """Keeps the one tracking issue of `repository` up to date through PyGithub."""

    def __init__(
        self,
        endpoints: Endpoints,
        repository: str,
        *,
        label: str = DEFAULT_LABEL,
        marker: str = MARKER,
        timeout: float = 30.0,
    ) -> None:
        if not label.strip():
            raise ConfigError("the issue label must not be empty")
        self._github = writing_client(endpoints, timeout, "updating the issue")
        self._slug = check_repository(repository)
        self._label = label.strip()
        self._marker = marker

    def upsert(self, title: str, body: str, *, has_dead: bool) -> IssueOutcome:
        """Open or update the issue while links are dead; close it when none are."""
        text = with_marker(body, self._marker)
        return guarded(lambda: self._upsert(title, text, has_dead), ISSUES_PERMISSION)

    def _upsert(self, title: str, body: str, has_dead: bool) -> IssueOutcome:
        repo = self._github.get_repo(self._slug)
        issue = self._find(repo)
        if issue is None:
            if not has_dead:
                return IssueOutcome(IssueAction.NOTHING)
            created = repo.create_issue(title=title, body=body, labels=[self._label])
            return IssueOutcome(IssueAction.CREATED, created.number, created.html_url)
        if not has_dead:
            issue.edit(title=title, body=body, state="closed", state_reason="completed")
            return IssueOutcome(IssueAction.CLOSED, issue.number, issue.html_url)
        if issue.title == title and (issue.body or "") == body:
            return IssueOutcome(IssueAction.UNCHANGED, issue.number, issue.html_url)
        issue.edit(title=title, body=body)
        return IssueOutcome(IssueAction.UPDATED, issue.number, issue.html_url)

    def _find(self, repo: Any) -> Any:
        """The oldest open issue with the label and the marker; None when there is none.

        The pages are read here rather than through PyGithub's lazy list, which takes a redirect
        handed back with an empty body for "no issues" (and would then open a second one): an
        answer that is not a list, or a next page on another host, is an error.
        """
        numbers: list[int] = []
        url: str = f"/repos/{self._slug}/issues"
        parameters: dict[str, Any] | None = {
            "state": "open",
            "labels": self._label,
            "per_page": 100,
        }
        for _ in range(MAX_ISSUE_PAGES):
            headers, data = self._github.requester.requestJsonAndCheck(
                "GET", url, parameters=parameters
            )
            if not isinstance(data, list):
                moved = "location" in map(str.lower, headers)
                why = " (a redirect, not followed)" if moved else ""
                raise IssueTrackerError(f"GitHub's issue list was not a list{why}; nothing changed")
            numbers += [
                item["number"]
                for item in data
                if isinstance(item, dict)
                and isinstance(item.get("number"), int)
                and self._marker in str(item.get("body") or "")
            ]
            following = _next_page(str(headers.get("link") or ""))
            if following is None:
                break
            url, parameters = following, None  # PyGithub refuses one on another host
        return repo.get_issue(min(numbers)) if numbers else None


MAX_ISSUE_PAGES = 20  # 2,000 open issues with the label: far past any real tracker


def _next_page(link: str) -> str | None:
    for entry in requests.utils.parse_header_links(link) if link else ():
        if entry.get("rel") == "next" and entry.get("url"):
            return entry["url"]
    return None


ISSUES_PERMISSION = "permission to write issues (permissions: issues: write)"

T = TypeVar("T")


def writing_client(endpoints: Endpoints, timeout: float, purpose: str) -> github.Github:
    """PyGithub for writes: no retries (a second POST after a timeout could post twice), no
    throttling sleeps, one timeout per request, and a ConfigError without a token."""
    if not endpoints.token:
        raise ConfigError(f"{purpose} needs a token: set GITHUB_TOKEN or --token")
    return github.Github(
        base_url=endpoints.api_url,
        auth=github.Auth.Token(endpoints.token),
        timeout=int(max(1, timeout)),
        retry=None,
        user_agent=f"repro-audit/{__version__}",
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,  # the repository object needs no GET of its own
        api_version=API_VERSION,  # X-GitHub-Api-Version on each call
    )


def guarded(call: Callable[[], T], permission: str) -> T:
    """Run `call`; whatever GitHub or the network does becomes one IssueTrackerError line."""
    try:
        return call()
    except github.GithubException as error:
        raise IssueTrackerError(_describe(error, permission)) from None
    except requests.Timeout:
        raise IssueTrackerError("GitHub did not answer in time") from None
    except requests.RequestException as error:
        raise IssueTrackerError(f"GitHub unreachable: {type(error).__name__}") from None
    except RuntimeError as error:  # PyGithub refused a redirect to another host
        raise IssueTrackerError(f"GitHub redirected unexpectedly: {error}") from None
    except UNEXPECTED_ANSWER as error:
        raise IssueTrackerError(unexpected_answer(error)) from None


def _describe(error: github.GithubException, permission: str) -> str:
    data = error.data if isinstance(error.data, dict) else {}
    message = str(data.get("message") or "").strip()
    hint = ""
    if error.status in (401, 403):
        hint = f"; the token needs {permission}"
    elif error.status == 404:
        hint = "; check the repository name and that the token can see it"
    return f"GitHub answered HTTP {error.status}{': ' + message if message else ''}{hint}"
