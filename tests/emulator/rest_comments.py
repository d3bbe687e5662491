"""REST comments on issues (and so on pull requests, which share their numbers): list, create,
edit and delete.

Enough for a client that keeps one comment on a pull request up to date instead of posting a new
one per push. Comments are listed oldest first, as GitHub lists them.
"""

from __future__ import annotations

from datetime import datetime

from tests.emulator.model import UTC, iso
from tests.emulator.rest_issues import USER_LOGIN, find_issue, json_body, read_only
from tests.emulator.rest_repos import owner_json
from tests.emulator.state import Issue, IssueComment, RepoState, World
from tests.emulator.wire import Call, Reply, error_reply, json_reply, node_id, not_found, paginate

COMMENTS_DOC = "https://docs.github.com/rest/issues/comments"


def comment_json(
    world: World, repo: RepoState, issue: Issue, comment: IssueComment
) -> dict[str, object]:
    """One comment in GitHub's shape."""
    base = f"{world.api_url}/repos/{repo.full_name}"
    kind = "pull" if issue.pull_request else "issues"
    return {
        "id": comment.id,
        "node_id": node_id("IssueComment", str(comment.id)),
        "url": f"{base}/issues/comments/{comment.id}",
        "html_url": f"{world.server_url}/{repo.full_name}/{kind}/{issue.number}"
        f"#issuecomment-{comment.id}",
        "issue_url": f"{base}/issues/{issue.number}",
        "body": comment.body,
        "user": owner_json(world, comment.user),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
        "author_association": "NONE",
        "performed_via_github_app": None,
    }


def _owner(repo: RepoState, comment_id: str) -> tuple[Issue, IssueComment] | None:
    for issue in repo.issues:
        for comment in issue.comments:
            if str(comment.id) == comment_id:
                return issue, comment
    return None


def _body(call: Call) -> str | Reply:
    data = json_body(call, COMMENTS_DOC)
    if isinstance(data, Reply):
        return data
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        return error_reply(
            422,
            "Validation Failed",
            COMMENTS_DOC,
            errors=[{"resource": "IssueComment", "code": "missing_field", "field": "body"}],
        )
    return body


def list_comments(world: World, call: Call, repo: RepoState, number: str) -> Reply:
    """`GET .../issues/{n}/comments`, oldest first, paginated."""
    with world.lock:
        issue = find_issue(repo, number)
        if issue is None:
            return not_found(COMMENTS_DOC)
        page, links = paginate(call, world.server_url, list(issue.comments))
        body = [comment_json(world, repo, issue, c) for c in page]
    return json_reply(200, body, links)


def create_comment(world: World, call: Call, repo: RepoState, number: str) -> Reply:
    """`POST .../issues/{n}/comments`."""
    refused = read_only(repo, COMMENTS_DOC)
    if refused is not None:
        return refused
    body = _body(call)
    if isinstance(body, Reply):
        return body
    now = datetime.now(UTC).replace(microsecond=0)
    with world.lock:
        issue = find_issue(repo, number)
        if issue is None:
            return not_found(COMMENTS_DOC)
        comment = IssueComment(world.next_issue_id(), body, USER_LOGIN, now, now)
        issue.comments.append(comment)
        answer = comment_json(world, repo, issue, comment)
    return json_reply(201, answer, {"Location": str(answer["url"])})


def edit_comment(world: World, call: Call, repo: RepoState, comment_id: str) -> Reply:
    """`PATCH .../issues/comments/{id}`: the body."""
    body = _body(call)
    if isinstance(body, Reply):
        return body
    with world.lock:
        found = _owner(repo, comment_id)
        if found is None:
            return not_found(COMMENTS_DOC)
        issue, comment = found
        comment.body = body
        comment.updated_at = datetime.now(UTC).replace(microsecond=0)
        answer = comment_json(world, repo, issue, comment)
    return json_reply(200, answer)


def delete_comment(world: World, repo: RepoState, comment_id: str) -> Reply:
    """`DELETE .../issues/comments/{id}`: 204, or 404 when it is gone already."""
    with world.lock:
        found = _owner(repo, comment_id)
        if found is None:
            return not_found(COMMENTS_DOC)
        issue, comment = found
        issue.comments.remove(comment)
    return Reply(204)
