"""Hosts whose paths say which repository a link stands for: raw files, Pages sites, Hugging Face.

Split from links.py, which decides the host; each function here reads one host's paths.
"""

from __future__ import annotations

import re

from repro_audit.models import LinkKind, RepoRef, ResolvedLink

# Code hosts other than GitHub; a subdomain of one counts as that host.
CODE_HOSTS: tuple[str, ...] = (
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
    "huggingface.co",
    "anonymous.4open.science",
    "sourceforge.net",
)
OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
REPO_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
PAGE_FILE = re.compile(r".+\.(?:html?|php|pdf|md|txt|xml|json|png|jpe?g|gif|svg)", re.IGNORECASE)


def _not_a_repo(url: str, reason: str) -> ResolvedLink:
    return ResolvedLink(url=url, kind=LinkKind.GITHUB_OTHER, reason=reason)


def hugging_face(url: str, segments: list[str]) -> ResolvedLink:
    """Hugging Face holds datasets, models and demo Spaces, none of them a paper's code."""
    first = segments[0].lower() if segments else ""
    what = {"datasets": "dataset", "spaces": "Space (a demo)", "papers": "paper page"}.get(first)
    what = what or ("model" if len(segments) >= 2 else "page")
    return ResolvedLink(url=url, kind=LinkKind.WEB, reason=f"Hugging Face {what}, not code")


def raw_file(url: str, segments: list[str]) -> ResolvedLink:
    """`raw.githubusercontent.com/o/r/<ref>/<path>` is a file of github.com/o/r: audit that repo."""
    if len(segments) < 2 or not OWNER.fullmatch(segments[0]):
        return _not_a_repo(url, "raw file link without a repository")
    name = segments[1]
    if not REPO_NAME.fullmatch(name) or name in {".", ".."}:
        return _not_a_repo(url, f"'{name}' is not a valid GitHub repository name")
    subpath = "/".join(["raw", *segments[2:]])
    ref = RepoRef(host="github.com", owner=segments[0], name=name, subpath=subpath)
    return ResolvedLink(
        url=url,
        kind=LinkKind.GITHUB_REPO,
        repo=ref,
        reason="raw file on raw.githubusercontent.com; its repository is audited",
    )


def pages(url: str, host: str, segments: list[str]) -> ResolvedLink:
    """A Pages site is served from a repo: `user/name` for a project, else `user/user.github.io`."""
    user = host[: -len(".github.io")]
    if "." in user or not OWNER.fullmatch(user):
        return ResolvedLink(
            url=url, kind=LinkKind.GITHUB_PAGES, reason=f"GitHub Pages site on {host}"
        )
    project = segments[0] if segments else ""
    if project and REPO_NAME.fullmatch(project) and not PAGE_FILE.fullmatch(project):
        ref = RepoRef(host="github.com", owner=user, name=project, subpath="/".join(segments[1:]))
    else:
        ref = RepoRef(host="github.com", owner=user, name=host, subpath="/".join(segments))
    return ResolvedLink(url=url, kind=LinkKind.GITHUB_PAGES, repo=ref, reason="GitHub Pages site")
