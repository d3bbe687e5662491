"""The git smart-HTTP face (through real `git http-backend`) and the small web pages.

Both sit at the server root, as on github.com: `/{owner}/{repo}.git/...` for git and
`/{owner}/{repo}[/...]` for pages; renamed repositories redirect, missing ones answer 404.
"""

from __future__ import annotations

import gzip
import html
import subprocess
import zlib
from urllib.parse import quote, unquote

from tests.emulator.gitrepo import git_env
from tests.emulator.state import RepoState, World
from tests.emulator.wire import Call, Reply, html_reply, text_reply

GIT_SERVICES = ("info/refs", "git-upload-pack", "git-receive-pack", "HEAD", "objects/")


def is_git_path(path: str) -> bool:
    """Whether a root-level path is a git protocol request rather than a page."""
    parts = path.strip("/").split("/", 2)
    if len(parts) < 3:
        return False
    return parts[1].lower().endswith(".git") or parts[2].startswith(GIT_SERVICES)


def _split(path: str) -> tuple[str, str, bool, str]:
    """(owner, repo, had .git suffix, rest of path)."""
    parts = [unquote(p) for p in path.strip("/").split("/", 2)]
    owner, name = parts[0], parts[1] if len(parts) > 1 else ""
    suffix = name.lower().endswith(".git")
    return owner, name[:-4] if suffix else name, suffix, parts[2] if len(parts) > 2 else ""


def _body(call: Call) -> bytes:
    encoding = call.header("content-encoding").lower()
    if encoding in ("gzip", "x-gzip"):
        return gzip.decompress(call.body)
    if encoding == "deflate":
        return zlib.decompress(call.body)
    return call.body


def _cgi(world: World, call: Call, repo: RepoState, rest: str) -> Reply:
    body = _body(call)
    env = git_env(world.workdir)
    env.update(
        {
            "GIT_PROJECT_ROOT": str(world.git_root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": f"/{repo.id}.git/{rest}",
            "QUERY_STRING": call.query,
            "REQUEST_METHOD": call.method,
            "CONTENT_TYPE": call.header("content-type"),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "GATEWAY_INTERFACE": "CGI/1.1",
        }
    )
    if call.header("git-protocol"):
        env["GIT_PROTOCOL"] = call.header("git-protocol")
    done = subprocess.run(
        ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
    )
    head, sep, payload = done.stdout.partition(b"\r\n\r\n")
    if not sep:
        head, sep, payload = done.stdout.partition(b"\n\n")
    if not sep:
        return text_reply(500, "git http-backend failed\n")
    status, headers = 200, {}
    for line in head.decode("latin-1").splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == "status":
            status = int(value.split()[0])
        elif name.strip():
            headers[name.strip()] = value.strip()
    return Reply(status, payload, headers)


def handle_git(world: World, call: Call) -> Reply:
    """Smart HTTP for upload-pack; pushes are refused like on a repository you cannot write."""
    if call.token is not None and not world.token_valid(call.token):
        challenge = {"WWW-Authenticate": 'Basic realm="GitHub"'}
        return text_reply(401, "Invalid username or token.\n").with_headers(challenge)
    owner, name, suffix, rest = _split(call.path)
    repo, moved = world.lookup(owner, name)
    if repo is None:
        return text_reply(404, "Repository not found.\n")
    if moved:
        target = f"/{quote(repo.full_name)}{'.git' if suffix else ''}/{quote(rest)}"
        location = world.server_url + target + (f"?{call.query}" if call.query else "")
        return text_reply(301, "Moved Permanently\n").with_headers({"Location": location})
    if repo.spec.blocked:
        return text_reply(451, "Repository unavailable due to DMCA takedown.\n")
    if repo.spec.disabled:
        return text_reply(403, "Repository access blocked.\n")
    if "git-receive-pack" in rest or "service=git-receive-pack" in call.query:
        return text_reply(403, f"Permission to {repo.full_name}.git denied.\n")
    if call.method not in ("GET", "POST", "HEAD"):
        return text_reply(405, "Method Not Allowed\n")
    return _cgi(world, call, repo, rest)


def _raw(repo: RepoState, rest: str) -> Reply:
    ref, _, path = rest.partition("/")
    commit = repo.git.resolve_commit(ref)
    entry = None
    if commit is not None:
        entry = next((e for e in repo.git.files_at(commit) if e.path == path), None)
    if entry is None or entry.type != "blob":
        return text_reply(404, "404: Not Found")
    return Reply(200, repo.git.blob(entry.sha), {"Content-Type": "text/plain; charset=utf-8"})


def handle_web(world: World, call: Call) -> Reply:
    """Repository pages (200), renamed ones (301), missing ones (404), and raw files."""
    path = call.path.strip("/")
    if not path:
        return html_reply(200, "GitHub", "Emulated GitHub.")
    parts = [unquote(p) for p in path.split("/", 2)]
    if len(parts) == 1:
        if world.owner_exists(parts[0]):
            return html_reply(200, html.escape(parts[0]), "Repositories of this account.")
        return html_reply(404, "Page not found", "This is not the web page you are looking for.")
    name = parts[1][:-4] if parts[1].lower().endswith(".git") else parts[1]
    repo, moved = world.lookup(parts[0], name)
    rest = parts[2] if len(parts) > 2 else ""
    if repo is None:
        return html_reply(404, "Page not found", "This is not the web page you are looking for.")
    if moved:
        target = f"{world.server_url}/{quote(repo.full_name)}" + (f"/{quote(rest)}" if rest else "")
        return html_reply(301, "Moved Permanently", "This repository moved.", {"Location": target})
    if repo.spec.blocked:
        return html_reply(
            451, "Unavailable For Legal Reasons", "Repository unavailable due to DMCA takedown."
        )
    if repo.spec.disabled:
        return html_reply(403, "Access blocked", "This repository has been disabled.")
    if rest.startswith("raw/"):
        return _raw(repo, rest[4:])
    title = f"GitHub - {html.escape(repo.full_name)}"
    if repo.spec.description:
        title += f": {html.escape(repo.spec.description)}"
    text = "This repository is empty." if repo.is_empty else "Repository home page."
    return html_reply(200, title, text)
