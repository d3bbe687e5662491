"""Facts git can give without the API: a blobless, shallow, checkout-free clone.

`--depth 1 --filter=blob:none --no-checkout` transfers one commit and its trees, no file contents,
so even a large repository costs little, and git traffic does not spend the REST budget.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git

CLONE_OPTIONS = (
    "--depth=1",
    "--filter=blob:none",
    "--no-checkout",
    "--single-branch",
    "--no-tags",
    "--quiet",
)


@dataclass(frozen=True, slots=True)
class GitSnapshot:
    """What one commit's trees say: root entries (dirs end with "/") and every file path."""

    is_empty: bool
    default_branch: str | None
    last_commit_at: datetime | None
    root_files: tuple[str, ...]
    paths: tuple[str, ...]


class GitUnavailable(Exception):
    """The clone failed; `reason` says how (the report shows it as an unknown fact)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def git_environment(allow_http: bool) -> dict[str, str]:
    """Environment for every git call: no prompts, no user or system config, http(s) only."""
    return {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "true",
        "SSH_ASKPASS": "true",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_ALLOW_PROTOCOL": "https:http" if allow_http else "https",
        "GIT_LFS_SKIP_SMUDGE": "1",
    }


def snapshot(url: str, timeout: float = 60.0) -> GitSnapshot:
    """Clone `url` into a throw-away folder and read its newest commit; raises GitUnavailable."""
    scratch = Path(tempfile.mkdtemp(prefix="repro-audit-git-"))
    target = scratch / "repo"
    env = git_environment(allow_http=url.startswith("http://"))
    try:
        runner = git.Git(str(scratch))
        try:
            runner.execute(
                [
                    "git",
                    "-c",
                    "core.hooksPath=/dev/null",
                    "-c",
                    "submodule.recurse=false",
                    "clone",
                    *CLONE_OPTIONS,
                    "--",
                    url,
                    str(target),
                ],
                env=env,
                kill_after_timeout=timeout,
            )
        except git.GitCommandError as error:
            raise GitUnavailable(_clone_failure(error)) from None
        return _read(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _read(path: Path) -> GitSnapshot:
    repo = git.Repo(str(path))
    try:
        if not repo.head.is_valid():
            return GitSnapshot(True, None, None, (), ())
        commit = repo.head.commit
        branch = None if repo.head.is_detached else repo.active_branch.name
        root = tuple(item.name + ("/" if item.type == "tree" else "") for item in commit.tree)
        paths = tuple(
            str(getattr(item, "path", ""))
            for item in commit.tree.traverse()
            if getattr(item, "type", "") == "blob"
        )
        return GitSnapshot(False, branch, commit.committed_datetime, root, paths)
    finally:
        repo.close()


def _clone_failure(error: git.GitCommandError) -> str:
    text = str(error.stderr or "").strip().splitlines()
    detail = text[-1] if text else f"exit status {error.status}"
    if error.status in (-9, 137) or "timed out" in detail.lower():
        return "git clone timed out"
    return f"git clone failed: {detail[:200]}"
