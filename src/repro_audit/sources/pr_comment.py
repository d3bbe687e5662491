"""One comment on a pull request, updated on each push: found by a hidden marker, never posted
twice, resolved (or deleted) once every added or changed code link is fine.

Same policy as the tracking issue (`issue_tracker`): PyGithub without retries, since a second
POST after a timeout could post a duplicate. Two runs for one pull request at the same moment
are kept apart by the workflow's concurrency group; should both still post, the one that posted
later finds the other's comment when it checks again after posting, deletes its own and edits
the older one, so a single comment remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from repro_audit.sources.endpoints import ConfigError, Endpoints
from repro_audit.sources.issue_tracker import check_repository, guarded, writing_client

MARKER = "<!-- repro-audit:pull-request -->"
PERMISSION = "permission to comment on pull requests (permissions: pull-requests: write)"


class CommentAction(str, Enum):
    """What the upsert did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"  # the comment already says exactly this
    RESOLVED = "resolved"  # edited to say that all is fine now
    DELETED = "deleted"
    NOTHING = "nothing"  # all fine and no comment: nothing to say


class WhenFine(str, Enum):
    """What becomes of the comment once the pull request's links are all fine."""

    RESOLVE = "resolve"  # keep it, saying so: the conversation keeps its history
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class CommentOutcome:
    """The action taken, the comment it was taken on (None for NOTHING and DELETED), and how
    many duplicate comments were removed on the way."""

    action: CommentAction
    comment_id: int | None = None
    url: str | None = None
    removed_duplicates: int = 0


def marked(body: str, marker: str = MARKER) -> str:
    """The body with the marker as its first line."""
    return body if body.startswith(marker) else f"{marker}\n{body}"


class PullRequestComment:
    """Keeps the one repro-audit comment of pull request `number` in `repository` current."""

    def __init__(
        self,
        endpoints: Endpoints,
        repository: str,
        number: int,
        *,
        marker: str = MARKER,
        timeout: float = 30.0,
    ) -> None:
        if number < 1:
            raise ConfigError(f"a pull request number is 1 or more, got {number}")
        self._github = writing_client(endpoints, timeout, "commenting on the pull request")
        self._slug = check_repository(repository)
        self._number = number
        self._marker = marker

    def upsert(
        self, body: str | None, resolved: str, when_fine: WhenFine = WhenFine.RESOLVE
    ) -> CommentOutcome:
        """`body` when something needs attention; None when all is fine, and then the comment
        (if there is one) says `resolved` or is deleted."""
        return guarded(lambda: self._upsert(body, resolved, when_fine), PERMISSION)

    def _upsert(self, body: str | None, resolved: str, when_fine: WhenFine) -> CommentOutcome:
        issue = self._github.get_repo(self._slug).get_issue(self._number)
        found = self._ours(issue)
        if body is None:
            if not found:
                return CommentOutcome(CommentAction.NOTHING)
            if when_fine is WhenFine.DELETE:
                for comment in found:
                    comment.delete()
                return CommentOutcome(CommentAction.DELETED, removed_duplicates=len(found) - 1)
            return self._settle(found, marked(resolved, self._marker), CommentAction.RESOLVED)
        text = marked(body, self._marker)
        if found:
            return self._settle(found, text, CommentAction.UPDATED)
        created = issue.create_comment(text)
        again = self._ours(issue)  # a run racing this one may have posted too
        if len(again) <= 1:
            return CommentOutcome(CommentAction.CREATED, created.id, created.html_url)
        outcome = self._settle(again, text, CommentAction.UPDATED)
        return CommentOutcome(
            CommentAction.CREATED, outcome.comment_id, outcome.url, outcome.removed_duplicates
        )

    def _settle(self, found: list[Any], text: str, action: CommentAction) -> CommentOutcome:
        """Keep the oldest marked comment with `text`; delete younger duplicates."""
        keep, *duplicates = found
        for comment in duplicates:
            _delete_quietly(comment)
        if (keep.body or "") == text:
            return CommentOutcome(CommentAction.UNCHANGED, keep.id, keep.html_url, len(duplicates))
        keep.edit(text)
        return CommentOutcome(action, keep.id, keep.html_url, len(duplicates))

    def _ours(self, issue: Any) -> list[Any]:
        """Comments whose first line is the marker, oldest first."""
        found = [c for c in issue.get_comments() if (c.body or "").startswith(self._marker)]
        return sorted(found, key=lambda comment: comment.id)


def _delete_quietly(comment: Any) -> None:
    """Delete a duplicate; one that a racing run deleted first is gone already, which is fine."""
    from github import GithubException

    try:
        comment.delete()
    except GithubException as error:
        if error.status != 404:
            raise
