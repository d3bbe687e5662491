"""Code on git hosts other than GitHub: GitLab, Bitbucket, Codeberg, Gitee, Hugging Face, `*.git`.

There is no API we can rely on across these hosts, so git itself answers: `git ls-remote` says
whether the repository is there (and its default branch), and the same blobless shallow clone the
GitHub path uses gives the tree, the history sample, README and dependency texts and the licence
file. Stars, forks and creation dates stay unknown (None, never zero), so the rubric scores these
repositories on what git can show and leaves the rest out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from repro_audit.lazy import lazy
from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.scoring.filenames import license_file
from repro_audit.sources.addresses import Resolver, system_addresses
from repro_audit.sources.gitclone import (
    GitSnapshot,
    GitUnavailable,
    git_environment,
    neutral_git,
    snapshot,
)
from repro_audit.sources.gitfacts import with_snapshot
from repro_audit.sources.pool import map_unique
from repro_audit.sources.retry import (
    Inconclusive,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    call_with_retry,
)
from repro_audit.sources.selection import texts_to_read
from repro_audit.sources.web import resolved_refusal

if TYPE_CHECKING:
    import git
else:
    git = lazy("git")

MAX_CLONE_BYTES = 200 * 1024 * 1024
"""A blobless clone is trees only; past this size the host is serving something unusual."""

_SIMPLE_HOSTS = ("bitbucket.org", "codeberg.org", "gitee.com")
_GITLAB_ROUTE_WORDS = """
- tree blob raw commits commit issues merge_requests wikis releases tags branches archive
pipelines jobs activity network graphs compare
"""
_GITLAB_ROUTES = frozenset(_GITLAB_ROUTE_WORDS.split())
_HF_KINDS = frozenset({"spaces"})  # datasets are data, not code (issue 12): web-checked
_HF_PAGE_WORDS = """
papers docs blog models api settings organizations collections learn tasks join login pricing
posts enterprise search datasets
"""
_HF_NOT_REPOS = frozenset(_HF_PAGE_WORDS.split())


@dataclass(frozen=True, slots=True)
class GitRemote:
    """A repository on another host: where to clone it, and how the report names it."""

    url: str  # clone URL, no credentials
    ref: RepoRef  # host, owner (GitLab groups joined by "/"), name, subpath


def _host_in(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def git_remote(url: str) -> GitRemote | None:
    """The git repository a non-GitHub link names, or None when it is a web page, not a repo.

    Pure string work: `*.git` paths anywhere; GitLab (gitlab.com and self-hosted `gitlab.*`
    hosts, with sub-groups, up to the `/-/` route marker); Bitbucket, Codeberg and Gitee
    (`owner/name`); Hugging Face models, `spaces/` and `datasets/`. Anonymous review mirrors
    and SourceForge project pages are web pages.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    netloc = parts.netloc.lower().removeprefix("www.")
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    base = f"{parts.scheme}://{netloc}"
    dotgit = next((i for i, s in enumerate(segments) if s.lower().endswith(".git")), None)
    if dotgit is not None and dotgit >= 1 and len(segments[dotgit]) > 4:
        return _remote(base, netloc, segments[:dotgit], segments[dotgit][:-4], segments, dotgit)
    if _host_in(host, "gitlab.com") or host.startswith("gitlab."):
        end = next((i for i, s in enumerate(segments) if s.lower() in _GITLAB_ROUTES), None)
        project = segments if end is None else segments[:end]
        if len(project) < 2:
            return None
        return _remote(base, netloc, project[:-1], project[-1], segments, len(project) - 1)
    if any(_host_in(host, simple) for simple in _SIMPLE_HOSTS):
        if len(segments) < 2:
            return None
        return _remote(base, netloc, segments[:1], segments[1], segments, 1)
    if _host_in(host, "huggingface.co"):
        return _hugging_face(base, netloc, segments)
    return None


def _remote(
    base: str, netloc: str, owner: list[str], name: str, segments: list[str], last: int
) -> GitRemote:
    slug = "/".join([*owner, name])
    subpath = "/".join(segment for segment in segments[last + 1 :] if segment != "-")
    ref = RepoRef(host=netloc, owner="/".join(owner), name=name, subpath=subpath)
    return GitRemote(url=f"{base}/{slug}.git", ref=ref)


def _hugging_face(base: str, netloc: str, segments: list[str]) -> GitRemote | None:
    """Models live at `/owner/name`, Spaces and datasets at `/spaces|datasets/owner/name`."""
    if not segments or segments[0].lower() in _HF_NOT_REPOS:
        return None
    kind = segments[0].lower() in _HF_KINDS
    repo = segments[: 3 if kind else 2]
    if len(repo) < (3 if kind else 2):
        return None
    rest = "/".join(segments[len(repo) :])
    ref = RepoRef(host=netloc, owner="/".join(repo[:-1]), name=repo[-1], subpath=rest)
    return GitRemote(url=f"{base}/{'/'.join(repo)}", ref=ref)


# --- licences from text ----------------------------------------------------------------------
_LICENCE_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (spdx, re.compile(pattern, re.IGNORECASE | re.DOTALL))
    for spdx, pattern in (
        ("AGPL-3.0", r"GNU AFFERO GENERAL PUBLIC LICENSE"),
        ("LGPL-3.0", r"GNU LESSER GENERAL PUBLIC LICENSE.{0,200}?(?:Version 3|v3)"),
        ("LGPL-2.1", r"GNU LESSER GENERAL PUBLIC LICENSE.{0,200}?(?:Version 2\.1|v2\.1)"),
        ("GPL-3.0", r"GNU GENERAL PUBLIC LICENSE.{0,200}?(?:Version 3|v3)"),
        ("GPL-2.0", r"GNU GENERAL PUBLIC LICENSE.{0,200}?(?:Version 2|v2)"),
        ("Apache-2.0", r"Apache License.{0,100}?Version 2\.0"),
        ("MPL-2.0", r"Mozilla Public License,? (?:Version|v\.?) ?2\.0"),
        ("BSD-3-Clause", r"BSD 3-Clause|Neither the name of"),
        ("BSD-2-Clause", r"BSD 2-Clause|Redistribution and use in source and binary forms"),
        ("MIT", r"\bMIT License\b|Permission is hereby granted, free of charge"),
        ("ISC", r"\bISC License\b"),
        ("Unlicense", r"This is free and unencumbered software released into the public domain"),
        ("CC0-1.0", r"CC0 1\.0 Universal|Creative Commons Zero"),
        ("CC-BY-NC-4.0", r"Attribution-NonCommercial 4\.0 International"),
        ("CC-BY-4.0", r"Creative Commons Attribution 4\.0 International"),
    )
)


def licence_from_text(text: str) -> str | None:
    """The SPDX id a licence text announces in its first lines, or None when it is not a known one.

    A rough stand-in for GitHub's licence detector, for hosts without one: the first match in a
    fixed order (Affero and Lesser before plain GPL, BSD-3 before BSD-2) over the first 4 KB.
    """
    head = text[:4096]
    return next((spdx for spdx, marker in _LICENCE_MARKERS if marker.search(head)), None)


# --- git ls-remote -----------------------------------------------------------------------------
class RemoteAnswer(str, Enum):
    """What a failed `git ls-remote` says about the repository."""

    MISSING = "missing"  # not found, or it asks for credentials: a reader cannot get it
    TRANSIENT = "transient"  # 5xx, 429, timeouts: another try may work
    UNKNOWN = "unknown"  # anything else (DNS, TLS, 403): says nothing about the repository


_MISSING_TEXT = ("not found", "does not appear to be a git repository", "http 404", "error: 404")
_CREDENTIALS_TEXT = ("could not read username", "authentication failed", "terminal prompts")
_TRANSIENT_TEXT = ("error: 5", "http 5", "error: 429", "timed out", "timeout", "early eof")
_REDIRECT_TEXT = ("error: 301", "error: 302", "error: 303", "error: 307", "error: 308")


def classify_remote_failure(stderr: str) -> tuple[RemoteAnswer, str]:
    """Read git's complaint; pure, table-tested. Credentials asked for = private or removed."""
    text = stderr.lower()
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    detail = (lines[-1] if lines else "no message")[:200]
    if any(marker in text for marker in _CREDENTIALS_TEXT):
        return RemoteAnswer.MISSING, "the host asks for credentials: private or removed"
    if any(marker in text for marker in _MISSING_TEXT):
        return RemoteAnswer.MISSING, "repository not found on the host"
    if any(marker in text for marker in _REDIRECT_TEXT):  # git runs with http.followRedirects off
        return RemoteAnswer.UNKNOWN, f"git host redirects elsewhere (not followed): {detail}"
    if any(marker in text for marker in _TRANSIENT_TEXT):
        return RemoteAnswer.TRANSIENT, f"git host did not answer: {detail}"
    return RemoteAnswer.UNKNOWN, f"git host unreachable: {detail}"


def read_ls_remote(output: str) -> tuple[str | None, bool]:
    """(default branch, empty) from `git ls-remote --symref URL HEAD` output."""
    branch = None
    for line in output.splitlines():
        if line.startswith("ref: ") and line.endswith("\tHEAD"):
            branch = line[5:-5].strip().removeprefix("refs/heads/")
    has_head = any(
        line.endswith("\tHEAD") and not line.startswith("ref: ") for line in output.splitlines()
    )
    return branch, not has_head


# --- facts -------------------------------------------------------------------------------------
NO_API_GAP = "stars, forks and creation date unknown: {host} is not asked through an API (git only)"


@dataclass(frozen=True, slots=True)
class GitHostOptions:
    """Time and size limits for other hosts, the host allow-list, and whether to clone at all."""

    timeout: float = 30.0  # ls-remote
    clone_timeout: float = 60.0
    max_bytes: int = MAX_CLONE_BYTES
    use_clone: bool = True
    workers: int = 4
    allow: frozenset[str] | None = None
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    resolve: Resolver = system_addresses  # DNS, asked before contacting a host when `allow` is None


def choose_files(root_files: tuple[str, ...], paths: tuple[str, ...]) -> tuple[str, ...]:
    """The README, the dependency files, and the root licence file (to name the licence)."""
    chosen = texts_to_read(root_files, paths)
    licence = license_file(root_files)
    return chosen + ((licence,) if licence and licence not in chosen else ())


def facts_from_snapshot(remote: GitRemote, branch: str | None, snap: GitSnapshot) -> RepoFacts:
    """Plain facts from what the clone showed; the licence is named from its file's text."""
    texts = dict(snap.texts)
    licence = license_file(snap.root_files)
    has_license: bool | None = licence is not None
    spdx = None
    gaps = [NO_API_GAP.format(host=remote.ref.host)]
    if licence is not None:
        if licence in texts:
            spdx = licence_from_text(texts[licence]) or "NOASSERTION"
        else:
            has_license = None
            gaps.append(f"licence unknown: the text of {licence} could not be read")
    facts = RepoFacts(
        ref=remote.ref,
        existence=Existence.EXISTS,
        html_url=remote.url.removesuffix(".git"),
        has_license=False if snap.is_empty else has_license,
        license_spdx=spdx,
        default_branch=branch,
        gaps=tuple(gaps),
    )
    return with_snapshot(facts, snap, "git", leave_out=(licence,) if licence else ())


class GitHostSource:
    """Facts about repositories on other hosts; one repository's failure never raises."""

    def __init__(
        self, options: GitHostOptions | None = None, on_request: Callable[[], None] | None = None
    ) -> None:
        self.options = options or GitHostOptions()
        self._on_request = on_request or (lambda: None)

    def facts(self, remote: GitRemote) -> RepoFacts:
        """Liveness by ls-remote, then (when alive) the clone's facts."""
        refusal = resolved_refusal(remote.url, self.options.allow, self.options.resolve)
        if refusal is not None:
            return _unknown(remote, f"not checked: {refusal}")
        try:
            output = call_with_retry(lambda: self._ls_remote(remote.url), self.options.policy)
        except (TransientFailure, RateLimitExhausted, Inconclusive) as failure:
            return _unknown(remote, failure.reason)
        except _Missing as missing:
            return RepoFacts(ref=remote.ref, existence=Existence.MISSING, reason=missing.reason)
        branch, empty = read_ls_remote(output)
        alive = RepoFacts(
            ref=remote.ref,
            existence=Existence.EXISTS,
            html_url=remote.url.removesuffix(".git"),
            is_empty=empty,
            default_branch=branch,
            via="git",
            gaps=(NO_API_GAP.format(host=remote.ref.host),),
        )
        if empty or not self.options.use_clone:
            return alive
        self._on_request()
        try:
            snap = snapshot(
                remote.url,
                self.options.clone_timeout,
                choose_texts=choose_files,
                max_bytes=self.options.max_bytes,
            )
        except GitUnavailable as failure:
            gap = f"file listing and last commit unknown: {failure.reason}"
            return replace(alive, gaps=(*alive.gaps, gap))
        return facts_from_snapshot(remote, branch, snap)

    def fetch_many(
        self, remotes: Iterable[GitRemote], on_facts: Callable[[str, RepoFacts], None]
    ) -> None:
        """Facts for each distinct clone URL, in parallel; `on_facts(url, facts)` as they come."""
        todo = {remote.url: remote for remote in remotes}
        map_unique(lambda url: self.facts(todo[url]), todo, self.options.workers, on_facts)

    def _ls_remote(self, url: str) -> str:
        self._on_request()
        env = git_environment(allow_http=url.startswith("http://"))
        try:
            with neutral_git() as runner:
                output = runner.execute(
                    ["git", "ls-remote", "--symref", "--", url, "HEAD"],
                    env=env,
                    kill_after_timeout=self.options.timeout,
                )
        except git.GitCommandError as error:
            if error.status in (-9, 137):
                raise TransientFailure("git ls-remote timed out") from None
            answer, reason = classify_remote_failure(str(error.stderr or ""))
            if answer is RemoteAnswer.MISSING:
                raise _Missing(reason) from None
            if answer is RemoteAnswer.TRANSIENT:
                raise TransientFailure(reason) from None
            raise Inconclusive(reason) from None
        return str(output)


class _Missing(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _unknown(remote: GitRemote, reason: str) -> RepoFacts:
    return RepoFacts(ref=remote.ref, existence=Existence.UNKNOWN, reason=reason, via="git")
