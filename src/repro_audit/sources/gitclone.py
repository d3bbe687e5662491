"""Facts git can give without the API: a blobless, shallow, checkout-free clone.

`--depth 1 --filter=blob:none --no-checkout` transfers one commit and its trees, no file contents,
so even a large repository costs little, and git traffic does not spend the REST budget.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from repro_audit.lazy import lazy
from repro_audit.models import COMMIT_SAMPLE, TEXT_LIMIT
from repro_audit.sources.timeparse import parse_github_time

if TYPE_CHECKING:
    import git
else:
    git = lazy("git")

# A few tree objects can name each other to spell millions of paths (a "tree bomb": 10 million
# took 205 s and 5.4 GB): at most this many entries are read, breadth first, so the levels above
# the cut are whole and the listing says how deep it is complete.
MAX_TREE_ENTRIES = 200_000
# The texts asked for are checked out; a 1 GiB README compresses to about 1 MB, so what the
# checkout writes is watched, and it is stopped past this (each text is read up to 4 x TEXT_LIMIT).
MAX_TEXTS_BYTES = 16 * 1024 * 1024

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
    """What the clone says: root entries (dirs end with "/"), every file path, history, texts."""

    is_empty: bool
    default_branch: str | None
    last_commit_at: datetime | None
    root_files: tuple[str, ...]
    paths: tuple[str, ...]
    commit_dates: tuple[datetime, ...] = ()
    commit_count: int | None = None  # None when the history is longer than the sample fetched
    texts: tuple[tuple[str, str], ...] = ()  # (path, text) of the files asked for
    texts_gap: str = ""  # why the files asked for could not be read ("" when they were)
    paths_depth: int | None = None  # path components fully listed when the listing was cut
    listing_cut_at: int | None = None  # entries read when the listing was cut (MAX_TREE_ENTRIES)


class GitUnavailable(Exception):
    """The clone failed; `reason` says how (the report shows it as an unknown fact)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Set for every git call through the environment, so no call can forget one: no hooks (not even
# ones a template directory would install), no submodules, no redirects to hosts nobody vetted,
# symlinks checked out as plain files, no file system monitor to start, and no credential helper
# or extra header (an empty value empties the list any config file built up).
_SAFE_CONFIG = (
    ("credential.helper", ""),
    ("http.extraHeader", ""),
    ("core.hooksPath", os.devnull),
    ("submodule.recurse", "false"),
    ("http.followRedirects", "false"),
    ("core.symlinks", "false"),
    ("core.fsmonitor", "false"),
    ("protocol.file.allow", "never"),
)
_CONFIG_ENV = {
    "GIT_CONFIG_COUNT": str(len(_SAFE_CONFIG)),
    **{f"GIT_CONFIG_KEY_{i}": key for i, (key, _) in enumerate(_SAFE_CONFIG)},
    **{f"GIT_CONFIG_VALUE_{i}": value for i, (_, value) in enumerate(_SAFE_CONFIG)},
}


def git_environment(allow_http: bool) -> dict[str, str]:
    """Environment for every git call: no prompts, no user or system config, http(s) only.

    Git inherits the rest of this process's environment, so config injected through it (`git -c`
    or a CI runner's GIT_CONFIG_* may hold an `http.extraHeader` with a token), the token
    variables and ~/.netrc (which libcurl reads) are cut off from hosts a digest names.
    """
    return {
        **_CONFIG_ENV,  # also replaces any GIT_CONFIG_KEY_*/VALUE_* this process inherited
        "GIT_TEMPLATE_DIR": "",  # an empty template: no hooks copied into the clone
        "GIT_CONFIG_PARAMETERS": "",
        "GITHUB_TOKEN": "",
        "GH_TOKEN": "",
        "HOME": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "true",
        "SSH_ASKPASS": "true",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_ALLOW_PROTOCOL": "https:http" if allow_http else "https",
        "GIT_LFS_SKIP_SMUDGE": "1",
        # git looks for a repository from its working folder upwards and reads that repository's
        # config (where actions/checkout leaves `http.https://github.com/.extraheader` with the
        # job's token, a URL-scoped key the empty value above cannot clear): every call runs in a
        # folder of our own under the temporary folder, and never looks above it.
        "GIT_CEILING_DIRECTORIES": tempfile.gettempdir(),
    }


@contextlib.contextmanager
def neutral_git() -> Iterator[git.Git]:
    """A git runner whose working folder is an empty one of ours: no repository's config applies."""
    folder = tempfile.mkdtemp(prefix="repro-audit-git-")
    try:
        yield git.Git(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def snapshot(
    url: str,
    timeout: float = 60.0,
    history: int = COMMIT_SAMPLE,
    choose_texts: Callable[[tuple[str, ...], tuple[str, ...]], tuple[str, ...]] | None = None,
    max_bytes: int | None = None,
) -> GitSnapshot:
    """Clone `url` into a throw-away folder and read it; raises GitUnavailable.

    After the one-commit clone, `history - 1` more commits are fetched without their trees
    (`--filter=tree:0`), and the files `choose_texts(root_files, paths)` names are fetched in one
    batch by a checkout of just those paths. With `max_bytes`, a clone that grows past it on disk
    is stopped (hosts we know less about than GitHub may serve anything).
    """
    scratch = Path(tempfile.mkdtemp(prefix="repro-audit-git-"))
    target = scratch / "repo"
    env = git_environment(allow_http=url.startswith("http://"))
    try:
        runner = git.Git(str(scratch))
        command = [
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
        ]
        try:
            if max_bytes is None:
                runner.execute(command, env=env, kill_after_timeout=timeout)
            else:
                _watched(runner, command, env, timeout, scratch, max_bytes, "git clone")
        except git.GitCommandError as error:
            raise GitUnavailable(_clone_failure(error)) from None
        try:
            found = _read(target)
            if found.is_empty:
                return found
            dates, count = _history(target, env, timeout, history)
            texts, texts_gap = _texts(
                target,
                env,
                timeout,
                choose_texts(found.root_files, found.paths) if choose_texts else (),
            )
        except (git.GitError, ValueError, AttributeError, OSError) as error:
            # a repository shaped to trip the reader is one unknown fact, not a crashed audit
            raise GitUnavailable(f"the clone could not be read ({type(error).__name__})") from None
        return replace(
            found, commit_dates=dates, commit_count=count, texts=texts, texts_gap=texts_gap
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _watched(
    runner: git.Git,
    command: list[str],
    env: dict[str, str],
    timeout: float,
    scratch: Path,
    max_bytes: int,
    what: str,
) -> None:
    """Run git while watching its time and the size of what it writes; kill it past either."""
    handle = runner.execute(command, env=env, as_process=True)
    process = handle.proc
    if process is None:
        raise GitUnavailable(f"{what} could not be started")
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        problem = None
        if time.monotonic() > deadline:
            problem = f"{what} timed out"
        elif _disk_bytes(scratch) > max_bytes:
            problem = _too_large(max_bytes, what)
        if problem is not None:
            process.kill()
            process.wait()
            raise GitUnavailable(problem)
        time.sleep(0.05)
    handle.wait()  # raises GitCommandError, with git's message, when the clone failed
    if _disk_bytes(scratch) > max_bytes:  # it finished between two looks
        raise GitUnavailable(_too_large(max_bytes, what))


def _too_large(max_bytes: int, what: str) -> str:
    return f"{what} stopped: larger than {max_bytes // (1024 * 1024)} MB"


def _disk_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total


def _read(path: Path) -> GitSnapshot:
    repo = git.Repo(str(path))
    try:
        if not repo.head.is_valid():
            return GitSnapshot(True, None, None, (), ())
        commit = repo.head.commit
        branch = None if repo.head.is_detached else repo.active_branch.name
        # `path`, not `name`: a submodule's name comes from .gitmodules, absent in this clone
        root = tuple(
            str(item.path) + ("/" if item.type in ("tree", "submodule") else "")
            for item in commit.tree
        )
        paths, depth = _listing(commit.tree)
        cut_at = None if depth is None else MAX_TREE_ENTRIES
        return GitSnapshot(
            False,
            branch,
            commit.committed_datetime,
            root,
            paths,
            paths_depth=depth,
            listing_cut_at=cut_at,
        )
    finally:
        repo.close()


def _listing(tree: git.Tree) -> tuple[tuple[str, ...], int | None]:
    """File paths breadth first, at most MAX_TREE_ENTRIES entries; and, when that cut the
    listing, how many path components it holds whole (None: the whole tree)."""
    paths: list[str] = []
    for seen, item in enumerate(tree.traverse(branch_first=True)):
        path = str(getattr(item, "path", ""))
        if seen >= MAX_TREE_ENTRIES:
            return tuple(paths), max(1, path.count("/"))  # levels above this one are whole
        if getattr(item, "type", "") == "blob":
            paths.append(path)
    return tuple(paths), None


def _history(
    path: Path, env: dict[str, str], timeout: float, sample: int
) -> tuple[tuple[datetime, ...], int | None]:
    """Commit dates, newest first, after deepening the clone by `sample - 1` tree-less commits."""
    runner = git.Git(str(path))
    if sample > 1:
        # on failure the newest commit alone is still a fact; the count stays unknown
        with contextlib.suppress(git.GitCommandError):
            runner.execute(
                ["git", "fetch", "--quiet", f"--deepen={sample - 1}", "--filter=tree:0", "origin"],
                env=env,
                kill_after_timeout=timeout,
            )
    complete = not (path / ".git" / "shallow").exists()
    output = runner.execute(["git", "log", f"-n{sample}", "--format=%cI", "HEAD"], env=env)
    dates = tuple(
        moment for line in str(output).splitlines() if (moment := parse_github_time(line.strip()))
    )
    return dates, (len(dates) if complete else None)


def _texts(
    path: Path, env: dict[str, str], timeout: float, files: tuple[str, ...]
) -> tuple[tuple[tuple[str, str], ...], str]:
    """Texts of `files`, their blobs fetched in one go by checking out only those paths, and
    why they could not be read: a failed fetch is a gap, never "the repository has none"."""
    if not files:
        return (), ""
    command = ["git", "-c", "core.symlinks=false", "checkout", "--quiet", "HEAD", "--", *files]
    try:
        limit = _disk_bytes(path) + MAX_TEXTS_BYTES
        _watched(git.Git(str(path)), command, env, timeout, path, limit, "git checkout")
    except GitUnavailable as failure:
        if "larger than" in failure.reason:
            return (), f"file too large (the texts passed {MAX_TEXTS_BYTES // (1024 * 1024)} MB)"
        return (), f"git checkout of the texts: {failure.reason}"
    except git.GitCommandError as error:
        return (), _clone_failure(error).replace("git clone", "git checkout of the texts", 1)
    texts = []
    for name in files:
        target = path / name
        if target.is_symlink():  # never follow a link out of the clone
            continue
        try:
            with target.open("rb") as handle:
                data = handle.read(TEXT_LIMIT * 4)
        except OSError:
            continue
        if b"\0" not in data[:8000]:
            texts.append((name, data.decode("utf-8", errors="replace")[:TEXT_LIMIT]))
    return tuple(texts), ""


def _clone_failure(error: git.GitCommandError) -> str:
    text = str(error.stderr or "").strip().splitlines()
    detail = text[-1] if text else f"exit status {error.status}"
    if error.status in (-9, 137) or "timed out" in detail.lower():
        return "git clone timed out"
    return f"git clone failed: {detail[:200]}"
