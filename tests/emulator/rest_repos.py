"""REST answers about one repository: metadata, contents, README, licence, commits, trees.

Every tree and commit fact is read from the real bare repository, in GitHub's JSON shapes.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from urllib.parse import quote, urlsplit

from tests.emulator.gitrepo import CommitInfo, TreeEntry
from tests.emulator.model import OwnerType, is_license_file, iso, utc
from tests.emulator.state import RepoState, World
from tests.emulator.wire import (
    Call,
    Reply,
    b64_lines,
    error_reply,
    json_reply,
    node_id,
    not_found,
    paginate,
)

CONTENTS_DOC = "https://docs.github.com/rest/repos/contents#get-repository-content"
EMPTY_DOC = "https://docs.github.com/rest/commits/commits#list-commits"
_LANGUAGES = {
    ".py": "Python",
    ".ipynb": "Jupyter Notebook",
    ".cpp": "C++",
    ".cu": "Cuda",
    ".c": "C",
    ".m": "MATLAB",
    ".r": "R",
    ".jl": "Julia",
    ".js": "JavaScript",
    ".ts": "TypeScript",
    ".sh": "Shell",
    ".lua": "Lua",
}


def empty_repo() -> Reply:
    """GitHub's answer for contents, commits and trees of a repository with no commit."""
    return error_reply(409, "Git Repository is empty.", EMPTY_DOC)


def owner_json(world: World, login: str, kind: OwnerType = OwnerType.USER) -> dict[str, object]:
    """A user or organisation summary, with a stable id derived from the login."""
    number = int(hashlib.sha256(login.lower().encode()).hexdigest()[:7], 16) + 1000
    return {
        "login": login,
        "id": number,
        "node_id": node_id(kind.value, str(number)),
        "avatar_url": f"{world.server_url}/avatars/{quote(login)}",
        "url": f"{world.api_url}/users/{quote(login)}",
        "html_url": f"{world.server_url}/{quote(login)}",
        "type": kind.value,
        "site_admin": False,
    }


def language(repo: RepoState) -> str | None:
    """The main language by bytes of known source extensions, like linguist (roughly)."""
    head = repo.git.head
    if head is None:
        return None
    sizes: dict[str, int] = {}
    for entry in repo.git.files_at(head):
        ext = "." + entry.name.rsplit(".", 1)[-1].lower() if "." in entry.name else ""
        if entry.type == "blob" and ext in _LANGUAGES:
            sizes[_LANGUAGES[ext]] = sizes.get(_LANGUAGES[ext], 0) + (entry.size or 0)
    return max(sizes, key=lambda k: sizes[k]) if sizes else None


def repo_json(world: World, repo: RepoState, *, with_parent: bool = True) -> dict[str, object]:
    """`GET /repos/{owner}/{repo}`."""
    api, web, full, spec = world.api_url, world.server_url, repo.full_name, repo.spec
    base = f"{api}/repos/{full}"
    host = urlsplit(web).netloc
    open_issues = sum(1 for i in repo.issues if i.state == "open")
    data: dict[str, object] = {
        "id": repo.id,
        "node_id": repo.node_id,
        "name": repo.name,
        "full_name": full,
        "private": spec.private,
        "owner": owner_json(world, repo.owner, spec.owner_type),
        "html_url": f"{web}/{full}",
        "description": spec.description or None,
        "fork": spec.fork_of is not None,
        "url": base,
        "forks_url": f"{base}/forks",
        "issues_url": base + "/issues{/number}",
        "branches_url": base + "/branches{/branch}",
        "commits_url": base + "/commits{/sha}",
        "trees_url": base + "/git/trees{/sha}",
        "contents_url": base + "/contents/{+path}",
        "languages_url": f"{base}/languages",
        "created_at": iso(repo.created_at),
        "updated_at": iso(max(repo.created_at, repo.pushed_at)),
        "pushed_at": iso(repo.pushed_at),
        "git_url": f"git://{host}/{full}.git",
        "ssh_url": f"git@{host}:{full}.git",
        "clone_url": f"{web}/{full}.git",
        "svn_url": f"{web}/{full}",
        "homepage": spec.homepage or None,
        "size": repo.git.disk_kb(),
        "stargazers_count": spec.stars,
        "watchers_count": spec.stars,
        "language": language(repo),
        "has_issues": True,
        "has_projects": True,
        "has_downloads": True,
        "has_wiki": True,
        "has_pages": False,
        "has_discussions": False,
        "forks_count": spec.forks,
        "mirror_url": None,
        "archived": spec.archived,
        "disabled": spec.disabled,
        "open_issues_count": open_issues,
        "license": repo.license.rest_json(api) if repo.license else None,
        "allow_forking": True,
        "is_template": False,
        "web_commit_signoff_required": False,
        "topics": [],
        "visibility": "private" if spec.private else "public",
        "forks": spec.forks,
        "open_issues": open_issues,
        "watchers": spec.stars,
        "default_branch": repo.git.branch,
        "network_count": spec.forks,
        "subscribers_count": min(spec.stars, 3 + spec.stars // 10),
    }
    if spec.fork_of and with_parent:
        parent, _ = world.lookup(*spec.fork_of.split("/"))
        if parent is not None:
            source = parent
            for _hop in range(10):  # the source is the root of the fork network
                up = source.spec.fork_of and world.lookup(*source.spec.fork_of.split("/"))[0]
                if not up:
                    break
                source = up
            data["parent"] = repo_json(world, parent, with_parent=False)
            data["source"] = repo_json(world, source, with_parent=False)
    return data


def commit_json(world: World, repo: RepoState, commit: CommitInfo) -> dict[str, object]:
    """One item of `GET /repos/{o}/{r}/commits` (and the single-commit answer)."""
    base, web = f"{world.api_url}/repos/{repo.full_name}", f"{world.server_url}/{repo.full_name}"

    def person(name: str, email: str, when: datetime) -> dict[str, str]:
        return {"name": name, "email": email, "date": iso(when)}

    return {
        "sha": commit.sha,
        "node_id": node_id("Commit", f"{repo.id}:{commit.sha}"),
        "commit": {
            "author": person(commit.author_name, commit.author_email, commit.authored),
            "committer": person(commit.author_name, commit.author_email, commit.committed),
            "message": commit.message,
            "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
            "url": f"{base}/git/commits/{commit.sha}",
            "comment_count": 0,
            "verification": {
                "verified": False,
                "reason": "unsigned",
                "signature": None,
                "payload": None,
                "verified_at": None,
            },
        },
        "url": f"{base}/commits/{commit.sha}",
        "html_url": f"{web}/commit/{commit.sha}",
        "comments_url": f"{base}/commits/{commit.sha}/comments",
        "author": owner_json(world, repo.owner, repo.spec.owner_type),
        "committer": owner_json(world, repo.owner, repo.spec.owner_type),
        "parents": [
            {"sha": p, "url": f"{base}/commits/{p}", "html_url": f"{web}/commit/{p}"}
            for p in commit.parents
        ],
    }


def _content_item(
    world: World, repo: RepoState, entry: TreeEntry, ref: str, *, content: bool
) -> dict[str, object]:
    base, web = f"{world.api_url}/repos/{repo.full_name}", f"{world.server_url}/{repo.full_name}"
    is_dir = entry.type == "tree"
    path = quote(entry.path)
    self_url = f"{base}/contents/{path}?ref={quote(ref)}"
    git_url = f"{base}/git/{'trees' if is_dir else 'blobs'}/{entry.sha}"
    html_url = f"{web}/{'tree' if is_dir else 'blob'}/{quote(ref)}/{path}"
    item: dict[str, object] = {
        "name": entry.name,
        "path": entry.path,
        "sha": entry.sha,
        "size": entry.size or 0,
        "url": self_url,
        "html_url": html_url,
        "git_url": git_url,
        "download_url": None if is_dir else f"{web}/raw/{quote(ref)}/{path}",
        "type": "dir" if is_dir else ("submodule" if entry.type == "commit" else "file"),
    }
    if content:
        item["content"] = b64_lines(repo.git.blob(entry.sha))
        item["encoding"] = "base64"
    item["_links"] = {"self": self_url, "git": git_url, "html": html_url}
    return item


def _children(entries: tuple[TreeEntry, ...], folder: str) -> list[TreeEntry]:
    prefix = f"{folder}/" if folder else ""
    return [e for e in entries if e.path.startswith(prefix) and "/" not in e.path[len(prefix) :]]


def _file_reply(world: World, call: Call, repo: RepoState, entry: TreeEntry, ref: str) -> Reply:
    accept = call.header("accept")
    if "raw" in accept:
        return Reply(200, repo.git.blob(entry.sha), {"Content-Type": "application/vnd.github.raw"})
    return json_reply(200, _content_item(world, repo, entry, ref, content=True))


def _at_ref(call: Call, repo: RepoState) -> tuple[CommitInfo | None, str]:
    ref = call.params.get("ref") or repo.git.branch
    return repo.git.resolve_commit(ref), ref


def contents(world: World, call: Call, repo: RepoState, path: str) -> Reply:
    """`GET /repos/{o}/{r}/contents/{path}`: a directory listing or one file."""
    if repo.is_empty:
        return empty_repo()
    commit, ref = _at_ref(call, repo)
    if commit is None:
        return error_reply(404, f"No commit found for the ref {ref}", CONTENTS_DOC)
    entries = repo.git.files_at(commit)
    path = path.strip("/")
    entry = next((e for e in entries if e.path == path), None)
    if path and entry is None:
        return not_found(CONTENTS_DOC)
    if entry is not None and entry.type != "tree":
        return _file_reply(world, call, repo, entry, ref)
    items = [_content_item(world, repo, e, ref, content=False) for e in _children(entries, path)]
    return json_reply(200, items)


def readme(world: World, call: Call, repo: RepoState) -> Reply:
    """`GET /repos/{o}/{r}/readme`: the preferred README* at the root."""
    if repo.is_empty:
        return empty_repo()
    commit, ref = _at_ref(call, repo)
    doc = "https://docs.github.com/rest/repos/contents#get-a-repository-readme"
    if commit is None:
        return not_found(doc)
    rank = {"md": 0, "markdown": 1, "rst": 2, "txt": 3, "": 4}
    found = sorted(
        (e for e in _children(repo.git.files_at(commit), "") if e.type == "blob"),
        key=lambda e: (rank.get(e.name.partition(".")[2].lower(), 5), e.name),
    )
    match = next((e for e in found if e.name.partition(".")[0].lower() == "readme"), None)
    return not_found(doc) if match is None else _file_reply(world, call, repo, match, ref)


def license_(world: World, call: Call, repo: RepoState) -> Reply:
    """`GET /repos/{o}/{r}/license`: the licence file plus what GitHub detected in it."""
    doc = "https://docs.github.com/rest/licenses/licenses#get-the-license-for-a-repository"
    head = repo.git.head
    if head is None or repo.license is None:
        return not_found(doc)
    entry = next(
        (e for e in _children(repo.git.files_at(head), "") if is_license_file(e.name)), None
    )
    if entry is None:
        return not_found(doc)
    item = _content_item(world, repo, entry, repo.git.branch, content=True)
    item["license"] = repo.license.rest_json(world.api_url)
    return json_reply(200, item)


def _parse_when(text: str) -> datetime | None:
    try:
        return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        return None


def commits(world: World, call: Call, repo: RepoState, sha: str | None) -> Reply:
    """`GET /repos/{o}/{r}/commits` (newest first, paginated) and `.../commits/{ref}`."""
    if repo.is_empty:
        return empty_repo()
    params = call.params
    if sha is not None:
        one = repo.git.resolve_commit(sha)
        if one is None:
            return error_reply(422, f"No commit found for SHA: {sha}", EMPTY_DOC)
        return json_reply(200, commit_json(world, repo, one))
    start = repo.git.resolve_commit(params.get("sha") or repo.git.branch)
    if start is None:
        return not_found(EMPTY_DOC)
    history = list(repo.git.commits_from(start.sha, params.get("path", "").strip("/")))
    since, until = _parse_when(params.get("since", "")), _parse_when(params.get("until", ""))
    history = [
        c
        for c in history
        if (since is None or c.committed >= since) and (until is None or c.committed <= until)
    ]
    page, links = paginate(call, world.server_url, history)
    return json_reply(200, [commit_json(world, repo, c) for c in page], links)


def tree(world: World, call: Call, repo: RepoState, name: str) -> Reply:
    """`GET /repos/{o}/{r}/git/trees/{sha-or-ref}` with optional `recursive`."""
    if repo.is_empty:
        return empty_repo()
    doc = "https://docs.github.com/rest/git/trees#get-a-tree"
    commit = repo.git.resolve_commit(name)
    sha = commit.tree if commit is not None else name
    listing = repo.git.tree(sha) if len(sha) == 40 else None
    if listing is None:
        return not_found(doc)
    truncated = False
    if "recursive" not in call.params:
        listing = tuple(e for e in listing if "/" not in e.path)
    elif len(listing) > world.tree_entry_limit:  # GitHub stops at 100,000 entries (or 7 MB)
        listing, truncated = listing[: world.tree_entry_limit], True
    base = f"{world.api_url}/repos/{repo.full_name}/git"
    items: list[dict[str, object]] = []
    for e in listing:
        item: dict[str, object] = {"path": e.path, "mode": e.mode, "type": e.type, "sha": e.sha}
        if e.type == "blob":
            item["size"] = e.size or 0
        item["url"] = f"{base}/{'blobs' if e.type == 'blob' else 'trees'}/{e.sha}"
        items.append(item)
    return json_reply(
        200, {"sha": sha, "url": f"{base}/trees/{sha}", "tree": items, "truncated": truncated}
    )


def blob(world: World, repo: RepoState, sha: str) -> Reply:
    """`GET /repos/{o}/{r}/git/blobs/{sha}`."""
    if len(sha) != 40 or repo.git.object_type(sha) != "blob":
        return not_found("https://docs.github.com/rest/git/blobs#get-a-blob")
    data = repo.git.blob(sha)
    return json_reply(
        200,
        {
            "sha": sha,
            "node_id": node_id("Blob", f"{repo.id}:{sha}"),
            "size": len(data),
            "url": f"{world.api_url}/repos/{repo.full_name}/git/blobs/{sha}",
            "content": b64_lines(data),
            "encoding": "base64",
        },
    )


def branches(world: World, call: Call, repo: RepoState, name: str | None) -> Reply:
    """`GET /repos/{o}/{r}/branches` and `.../branches/{branch}` (only the default one exists)."""
    head, base = repo.git.head, f"{world.api_url}/repos/{repo.full_name}"
    if name is None:
        items = [] if head is None else [repo.git.branch]
        page, links = paginate(call, world.server_url, items)
        listed = [
            {
                "name": b,
                "commit": {"sha": head.sha, "url": f"{base}/commits/{head.sha}"},
                "protected": False,
            }
            for b in page
            if head is not None
        ]
        return json_reply(200, listed, links)
    if head is None or name != repo.git.branch:
        return error_reply(404, "Branch not found", "https://docs.github.com/rest/branches")
    return json_reply(
        200,
        {
            "name": name,
            "commit": commit_json(world, repo, head),
            "_links": {
                "self": f"{base}/branches/{name}",
                "html": f"{world.server_url}/{repo.full_name}/tree/{name}",
            },
            "protected": False,
            "protection": {
                "enabled": False,
                "required_status_checks": {
                    "enforcement_level": "off",
                    "contexts": [],
                    "checks": [],
                },
            },
            "protection_url": f"{base}/branches/{name}/protection",
        },
    )
