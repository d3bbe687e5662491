"""The REST face (`/api/v3`): credentials, rate limits, ETags, redirects and routing.

Repository answers themselves live in `rest_repos` and `rest_issues`; this module decides
whether a request gets that far and what budget headers it carries.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote, unquote

from tests.emulator import rest_comments, rest_issues, rest_repos
from tests.emulator.model import iso
from tests.emulator.state import RateSnapshot, RepoState, World
from tests.emulator.wire import (
    DOCS,
    Call,
    Reply,
    error_reply,
    etag_matches,
    etag_of,
    json_reply,
    not_found,
)

PREFIX = "/api/v3"
REPO_DOC = "https://docs.github.com/rest/repos/repos#get-a-repository"
RATE_DOC = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"


def _rate_limit_json(world: World, token: str | None) -> dict[str, object]:
    ident = world.identity(token)
    core = world.limiter.peek(ident, "core", world.limit_for(token, "core"))
    graphql = world.limiter.peek(ident, "graphql", world.limit_for(token, "graphql"))
    search = RateSnapshot("search", 30 if token else 10, 0, core.reset)
    resources = {"core": core.json(), "graphql": graphql.json(), "search": search.json()}
    return {"resources": resources, "rate": core.json()}


def _exceeded(token: str | None) -> Reply:
    who = "127.0.0.1" if token is None else "user ID 1"
    tail = (
        " (But here's the good news: Authenticated requests get a higher rate limit. "
        "Check out the documentation for more details.)"
        if token is None
        else " If you reach out to GitHub Support for help, please include the request ID."
    )
    return json_reply(
        403, {"message": f"API rate limit exceeded for {who}.{tail}", "documentation_url": RATE_DOC}
    )


def _moved(world: World, repo: RepoState, rest: list[str], call: Call) -> Reply:
    tail = "".join(f"/{quote(p)}" for p in rest)
    location = f"{world.api_url}/repositories/{repo.id}{tail}"
    if call.query:
        location += f"?{call.query}"
    return json_reply(
        301,
        {
            "message": "Moved Permanently",
            "url": location,
            "documentation_url": "https://docs.github.com/v3/#http-redirects",
        },
        {"Location": location},
    )


def _blocked(world: World, repo: RepoState) -> Reply:
    if repo.spec.blocked:
        notice = f"{world.server_url}/github/dmca/blob/master/2025/{repo.name.lower()}.md"
        block = {"reason": "dmca", "created_at": iso(repo.pushed_at), "html_url": notice}
        return json_reply(451, {"message": "Repository access blocked", "block": block})
    block = {
        "reason": "tos",
        "created_at": iso(repo.pushed_at),
        "html_url": f"{world.server_url}/{repo.full_name}",
    }
    return json_reply(403, {"message": "Repository access blocked", "block": block})


def _repo_route(world: World, call: Call, repo: RepoState, rest: list[str]) -> Reply:
    m = call.method
    if not rest and m == "GET":
        return json_reply(200, rest_repos.repo_json(world, repo))
    head, tail = (rest[0], rest[1:]) if rest else ("", [])
    if head == "contents" and m == "GET":
        return rest_repos.contents(world, call, repo, "/".join(tail))
    if head == "readme" and not tail and m == "GET":
        return rest_repos.readme(world, call, repo)
    if head == "license" and not tail and m == "GET":
        return rest_repos.license_(world, call, repo)
    if head == "commits" and len(tail) <= 1 and m == "GET":
        return rest_repos.commits(world, call, repo, tail[0] if tail else None)
    if head == "branches" and len(tail) <= 1 and m == "GET":
        return rest_repos.branches(world, call, repo, "/".join(tail) or None)
    if head == "git" and len(tail) == 2 and m == "GET":
        if tail[0] == "trees":
            return rest_repos.tree(world, call, repo, tail[1])
        if tail[0] == "blobs":
            return rest_repos.blob(world, repo, tail[1])
    if head == "issues":
        return _issue_route(world, call, repo, tail)
    return not_found(DOCS)


def _issue_route(world: World, call: Call, repo: RepoState, tail: list[str]) -> Reply:
    m = call.method
    if m in ("POST", "PATCH", "DELETE") and call.token is None:
        return error_reply(401, "Requires authentication", rest_issues.ISSUES_DOC)
    if len(tail) == 2 and tail[0] == "comments":
        if m == "PATCH":
            return rest_comments.edit_comment(world, call, repo, tail[1])
        if m == "DELETE":
            return rest_comments.delete_comment(world, repo, tail[1])
    if len(tail) == 2 and tail[1] == "comments":
        if m == "GET":
            return rest_comments.list_comments(world, call, repo, tail[0])
        if m == "POST":
            return rest_comments.create_comment(world, call, repo, tail[0])
    if not tail and m == "GET":
        return rest_issues.list_issues(world, call, repo)
    if not tail and m == "POST":
        return rest_issues.create_issue(world, call, repo)
    if len(tail) == 1 and m == "GET":
        return rest_issues.get_issue(world, repo, tail[0])
    if len(tail) == 1 and m == "PATCH":
        return rest_issues.edit_issue(world, call, repo, tail[0])
    return not_found(DOCS)


def _route(world: World, call: Call, parts: list[str]) -> Reply:
    if parts == ["user"] and call.method == "GET":
        if call.token is None:
            return error_reply(401, "Requires authentication", DOCS)
        return json_reply(200, rest_repos.owner_json(world, rest_issues.USER_LOGIN))
    if len(parts) >= 3 and parts[0] == "repos":
        repo, moved = world.lookup(parts[1], parts[2])
        rest = parts[3:]
        if repo is not None and moved:
            return _moved(world, repo, rest, call)
    elif len(parts) >= 2 and parts[0] == "repositories" and parts[1].isdigit():
        repo, rest = world.by_id(int(parts[1])), parts[2:]
    else:
        return not_found(DOCS)
    if repo is None:
        return not_found(REPO_DOC)
    if repo.spec.blocked or repo.spec.disabled:
        return _blocked(world, repo)
    return _repo_route(world, call, repo, rest)


def handle(world: World, call: Call) -> Reply:
    """Answer one `/api/v3/...` request, charging the caller's core budget as GitHub does."""
    token = call.token
    if call.method == "HEAD":  # answered like GET; the server leaves the body out
        call = replace(call, method="GET")
    anon = world.limiter.peek("anonymous", "core", world.anonymous_limit)
    if token is not None and not world.token_valid(token):
        return error_reply(401, "Bad credentials", DOCS).with_headers(anon.headers())
    ident, limit = world.identity(token), world.limit_for(token, "core")
    path = call.path[len(PREFIX) :].strip("/")
    parts = [unquote(p) for p in path.split("/")] if path else []
    if parts == ["rate_limit"]:
        snap = world.limiter.peek(ident, "core", limit)
        return json_reply(200, _rate_limit_json(world, token), snap.headers())
    allowed, snap = world.limiter.charge(ident, "core", limit)
    if not allowed:
        return _exceeded(token).with_headers(snap.headers())
    reply = _route(world, call, parts)
    common = {
        "X-GitHub-Media-Type": "github.v3; format=json",
        "X-GitHub-Api-Version-Selected": "2022-11-28",
        "Vary": "Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding",
    }
    if reply.status == 200 and call.method == "GET":
        etag = etag_of(reply.body)
        common["ETag"] = etag
        common["Cache-Control"] = f"{'private' if token else 'public'}, max-age=60, s-maxage=60"
        if etag_matches(call.header("if-none-match"), etag):
            snap = world.limiter.refund(ident, "core", limit)
            return Reply(304, b"", {**common, **snap.headers()})
    return reply.with_headers({**common, **snap.headers()})
