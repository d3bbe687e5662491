"""REST issues of a repository: list (state, labels), create, read and edit.

Enough for a client that keeps one tracking issue up to date instead of opening a new one per run.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from tests.emulator.model import UTC, iso
from tests.emulator.rest_repos import owner_json
from tests.emulator.state import Issue, RepoState, World
from tests.emulator.wire import Call, Reply, error_reply, json_reply, node_id, not_found, paginate

ISSUES_DOC = "https://docs.github.com/rest/issues/issues"
USER_LOGIN = "audit-bot"  # who every valid token belongs to


def _label_json(world: World, repo: RepoState, name: str) -> dict[str, object]:
    digest = hashlib.sha256(name.lower().encode()).hexdigest()
    return {
        "id": int(digest[:8], 16),
        "node_id": node_id("Label", digest[:8]),
        "url": f"{world.api_url}/repos/{repo.full_name}/labels/{name}",
        "name": name,
        "color": digest[8:14],
        "default": False,
        "description": None,
    }


def issue_json(world: World, repo: RepoState, issue: Issue) -> dict[str, object]:
    """One issue in GitHub's shape."""
    base = f"{world.api_url}/repos/{repo.full_name}"
    return {
        "url": f"{base}/issues/{issue.number}",
        "repository_url": base,
        "labels_url": f"{base}/issues/{issue.number}/labels" + "{/name}",
        "comments_url": f"{base}/issues/{issue.number}/comments",
        "events_url": f"{base}/issues/{issue.number}/events",
        "html_url": f"{world.server_url}/{repo.full_name}/issues/{issue.number}",
        "id": issue.id,
        "node_id": node_id("Issue", str(issue.id)),
        "number": issue.number,
        "title": issue.title,
        "user": owner_json(world, issue.user),
        "labels": [_label_json(world, repo, name) for name in issue.labels],
        "state": issue.state,
        "locked": False,
        "assignee": None,
        "assignees": [],
        "milestone": None,
        "comments": len(issue.comments),
        "created_at": iso(issue.created_at),
        "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at) if issue.closed_at else None,
        "author_association": "OWNER",
        "active_lock_reason": None,
        "body": issue.body,
        "state_reason": issue.state_reason,
    }


def json_body(call: Call, doc: str = ISSUES_DOC) -> dict[str, object] | Reply:
    """The request's JSON object, or GitHub's 400 answer."""
    try:
        data = json.loads(call.body or b"{}")
    except ValueError:
        return error_reply(400, "Problems parsing JSON", doc)
    if not isinstance(data, dict):
        return error_reply(400, "Problems parsing JSON", doc)
    return data


def _invalid(field: str, code: str = "invalid") -> Reply:
    return error_reply(
        422,
        "Validation Failed",
        ISSUES_DOC,
        errors=[{"resource": "Issue", "code": code, "field": field}],
    )


def _labels(value: object) -> list[str] | None:
    """Label names from `["a", "b"]` or `[{"name": "a"}]`; None when malformed."""
    if not isinstance(value, list):
        return None
    names: list[str] = []
    for item in value:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str):
            return None
        names.append(name)
    return names


def list_issues(world: World, call: Call, repo: RepoState) -> Reply:
    """`GET .../issues?state=&labels=&creator=`, newest first."""
    params = call.params
    state = params.get("state", "open")
    if state not in ("open", "closed", "all"):
        return _invalid("state")
    wanted = {n.strip().lower() for n in params.get("labels", "").split(",") if n.strip()}
    creator = params.get("creator", "").lower()
    with world.lock:
        chosen = [
            i
            for i in repo.issues
            if (state == "all" or i.state == state)
            and wanted <= {n.lower() for n in i.labels}
            and (not creator or i.user.lower() == creator)
        ]
        key = "updated_at" if params.get("sort") == "updated" else "created_at"
        chosen.sort(
            key=lambda i: (getattr(i, key), i.number), reverse=params.get("direction") != "asc"
        )
        page, links = paginate(call, world.server_url, chosen)
        body = [issue_json(world, repo, i) for i in page]
    return json_reply(200, body, links)


def create_issue(world: World, call: Call, repo: RepoState) -> Reply:
    """`POST .../issues` (needs a token; archived repositories are read-only)."""
    refused = read_only(repo)
    if refused is not None:
        return refused
    data = json_body(call)
    if isinstance(data, Reply):
        return data
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return _invalid("title", "missing_field")
    body = data.get("body")
    labels = _labels(data.get("labels", []))
    if labels is None:
        return _invalid("labels")
    now = datetime.now(UTC).replace(microsecond=0)
    with world.lock:
        number = len(repo.issues) + 1
        issue = Issue(
            world.next_issue_id(),
            number,
            title,
            body if isinstance(body, str) else None,
            USER_LOGIN,
            labels,
            now,
            now,
        )
        repo.issues.append(issue)
        payload = issue_json(world, repo, issue)
    return json_reply(201, payload, {"Location": str(payload["url"])})


def find_issue(repo: RepoState, number: str) -> Issue | None:
    """The issue (or pull request) with this number, None when there is none."""
    return next((i for i in repo.issues if str(i.number) == number), None)


def read_only(repo: RepoState, doc: str = ISSUES_DOC) -> Reply | None:
    """GitHub's 403 for a write to an archived repository; None when writes are allowed."""
    if repo.spec.archived:
        return error_reply(403, "Repository was archived so is read-only.", doc)
    return None


def get_issue(world: World, repo: RepoState, number: str) -> Reply:
    """`GET .../issues/{n}`."""
    with world.lock:
        issue = find_issue(repo, number)
        payload = None if issue is None else issue_json(world, repo, issue)
    return not_found(ISSUES_DOC) if payload is None else json_reply(200, payload)


def edit_issue(world: World, call: Call, repo: RepoState, number: str) -> Reply:
    """`PATCH .../issues/{n}`: title, body, state, state_reason, labels."""
    refused = read_only(repo)
    if refused is not None:
        return refused
    data = json_body(call)
    if isinstance(data, Reply):
        return data
    state = data.get("state")
    if state is not None and state not in ("open", "closed"):
        return _invalid("state")
    labels = _labels(data["labels"]) if "labels" in data else None
    if "labels" in data and labels is None:
        return _invalid("labels")
    now = datetime.now(UTC).replace(microsecond=0)
    with world.lock:
        issue = find_issue(repo, number)
        if issue is None:
            return not_found(ISSUES_DOC)
        if isinstance(data.get("title"), str):
            issue.title = str(data["title"])
        if "body" in data:
            body = data["body"]
            issue.body = body if isinstance(body, str) else None
        if labels is not None:
            issue.labels = labels
        if isinstance(state, str) and state != issue.state:
            issue.state = state
            issue.closed_at = now if state == "closed" else None
            reason = data.get("state_reason")
            default = "completed" if state == "closed" else "reopened"
            issue.state_reason = reason if isinstance(reason, str) else default
        issue.updated_at = now
        payload = issue_json(world, repo, issue)
    return json_reply(200, payload)
