"""The emulator's git face and repository building, checked with GitPython and real `git`."""

from __future__ import annotations

import gzip
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import requests
from git import GitCommandError, Repo

from tests.emulator import GitHubEmulator, RepoSpec
from tests.emulator.example_world import Case, build_example_world

UTC = timezone.utc
TOKEN = {"Authorization": "token test-token"}
DATES = [datetime(2025, 9, 1, tzinfo=UTC), datetime(2025, 9, 9), datetime(2025, 10, 1, 15)]
FILES = {
    "README.md": "# Paper\n",
    "requirements.txt": "torch\n",
    "src/model.py": "import torch\n",
    "scripts/run.sh": "#!/bin/sh\n",
}


def _paths_by_sha(emu: GitHubEmulator, slug: str) -> dict[str, str]:
    url = f"{emu.api_url}/repos/{slug}/git/trees/main?recursive=1"
    tree = requests.get(url, timeout=5).json()["tree"]
    return {e["path"]: e["sha"] for e in tree if e["type"] == "blob"}


def test_partial_clone_over_http_sees_what_rest_reports(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r", files=FILES, commit_dates=DATES, license_spdx="MIT"))
    clone = Repo.clone_from(
        f"{emu.server_url}/o/r.git",
        tmp_path / "clone",
        depth=1,
        filter="blob:none",
        no_checkout=True,
    )
    listing = {}
    for line in clone.git.ls_tree("-r", "HEAD").splitlines():
        meta, path = line.split("\t")
        mode, _, sha = meta.split()
        listing[path] = sha
        if path == "scripts/run.sh":
            assert mode == "100755"
    assert listing == _paths_by_sha(emu, "o/r")
    assert clone.git.log("-1", "--format=%cI") == "2025-10-01T15:00:00+00:00"
    fetches = len(emu.requests)
    assert clone.git.cat_file("-p", "HEAD:README.md") == "# Paper"  # fetched lazily, now
    lazy = emu.requests[fetches:]
    assert [(r.kind, r.method, r.path) for r in lazy] == [
        ("git", "GET", "/o/r.git/info/refs"),
        ("git", "POST", "/o/r.git/git-upload-pack"),
    ]


def test_full_history_clone_matches_commit_dates(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    github_emulator.add_repo(RepoSpec("o", "r", files=FILES, commit_dates=DATES))
    clone = Repo.clone_from(f"{github_emulator.server_url}/o/r", tmp_path / "clone")
    dates = [c.committed_datetime.astimezone(UTC) for c in clone.iter_commits()]
    assert dates == [d.replace(tzinfo=UTC) for d in DATES][::-1]
    assert (tmp_path / "clone" / "src" / "model.py").read_text() == "import torch\n"
    api = requests.get(f"{github_emulator.api_url}/repos/o/r/commits", timeout=5).json()
    assert [c["sha"] for c in api] == [c.hexsha for c in clone.iter_commits()]


def test_clone_follows_a_rename_and_fails_for_missing(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "old", files=FILES))
    emu.rename("o/old", "o/new")
    clone = Repo.clone_from(f"{emu.server_url}/o/old.git", tmp_path / "moved", no_checkout=True)
    assert clone.head.commit.message == "Initial commit\n"
    assert [r.status for r in emu.requests][:2] == [301, 200]
    with pytest.raises(GitCommandError, match="not found"):
        Repo.clone_from(f"{emu.server_url}/o/missing.git", tmp_path / "missing")


@pytest.mark.parametrize(("token", "ok"), [("good", True), ("bad", False)])
def test_git_checks_a_token_sent_up_front(tmp_path: Path, token: str, ok: bool) -> None:
    header = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: Bearer {token}",
        "GIT_TERMINAL_PROMPT": "0",
    }
    with GitHubEmulator(tmp_path / "gh", tokens=frozenset({"good"})) as emu:
        emu.add_repo(RepoSpec("o", "r"))
        url, target = f"{emu.server_url}/o/r", tmp_path / "clone"
        if ok:
            assert Repo.clone_from(url, target, env=header).head.commit.hexsha
        else:
            with pytest.raises(GitCommandError):
                Repo.clone_from(url, target, env=header)
        assert emu.requests[0].authenticated is ok
        assert emu.requests[0].status == (200 if ok else 401)


def test_push_is_refused(github_emulator: GitHubEmulator) -> None:
    github_emulator.add_repo(RepoSpec("o", "r"))
    base = f"{github_emulator.server_url}/o/r.git"
    refs = requests.get(f"{base}/info/refs?service=git-receive-pack", timeout=5)
    push = requests.post(f"{base}/git-receive-pack", data=b"0000", timeout=5)
    assert (refs.status_code, push.status_code) == (403, 403)


def test_gzip_upload_pack_request_is_understood(github_emulator: GitHubEmulator) -> None:
    github_emulator.add_repo(RepoSpec("o", "r", files=FILES))
    head = requests.get(f"{github_emulator.api_url}/repos/o/r/commits", timeout=5).json()[0]
    want = f"want {head['sha']}\n"
    body = f"{len(want) + 4:04x}{want}00000009done\n".encode()
    answer = requests.post(
        f"{github_emulator.server_url}/o/r.git/git-upload-pack",
        data=gzip.compress(body),
        headers={
            "Content-Type": "application/x-git-upload-pack-request",
            "Content-Encoding": "gzip",
        },
        timeout=5,
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/x-git-upload-pack-result"
    assert answer.content.startswith(b"0008NAK\n") and b"PACK" in answer.content


def test_building_fifty_repositories_gives_fifty_bare_repositories(tmp_path: Path) -> None:
    """Behaviour only: how long building takes is the bench's business, not a test's."""
    emu = GitHubEmulator(tmp_path)
    for i in range(50):
        emu.add_repo(RepoSpec("lab", f"repo-{i}", files=FILES, commit_dates=DATES))
    assert len(list((tmp_path / "git").glob("*.git"))) == 50


def test_example_world_matches_the_digest(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    world = build_example_world(emu)
    assert len(world.slugs) == 43
    assert {"zju3dv/EgoAgent", "cristianopatricio/CBVLM", "vineetkumarrakesh/lcnn-opt"} <= set(
        world.slugs
    )
    assert Counter(world.cases.values()) == {
        Case.ALIVE: 34,
        Case.DELETED: 2,
        Case.RENAMED: 1,
        Case.EMPTY: 1,
        Case.ARCHIVED: 1,
        Case.FORK: 1,
        Case.NO_LICENSE: 1,
        Case.PLACEHOLDER: 1,
        Case.BLOCKED: 1,
    }
    session = requests.Session()
    session.headers.update(TOKEN)
    expected_code = {"alive": 200, "moved": 301}
    for slug in world.slugs:
        answer = session.get(f"{emu.api_url}/repos/{slug}", allow_redirects=False, timeout=5)
        status = world.expected_status[slug]
        if status == "dead":
            assert answer.status_code == (451 if world.cases[slug] is Case.BLOCKED else 404)
            continue
        assert answer.status_code == expected_code[status], slug
        data = session.get(f"{emu.api_url}/repos/{slug}", timeout=5).json()
        assert data["full_name"] == world.moved_to.get(slug, slug)
        pushed = datetime.fromisoformat(data["pushed_at"].replace("Z", "+00:00")).date()
        assert abs(pushed - world.paper_dates[slug]) < timedelta(days=60)
        case = world.cases[slug]
        assert data["archived"] is (case is Case.ARCHIVED)
        assert data["fork"] is (case is Case.FORK)
        unlicensed = case in (Case.NO_LICENSE, Case.PLACEHOLDER, Case.EMPTY)
        assert (data["license"] is None) is unlicensed
        readme = session.get(f"{emu.api_url}/repos/{slug}/readme", timeout=5)
        assert readme.status_code == (409 if case is Case.EMPTY else 200)
    placeholder = next(s for s, c in world.cases.items() if c is Case.PLACEHOLDER)
    raw = session.get(f"{emu.server_url}/{placeholder}/raw/main/README.md", timeout=5)
    assert "Code coming soon" in raw.text
