"""The emulator's REST, web and fault behaviour, checked with real requests and PyGithub clients."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from github import Auth, Github, GithubException

from tests.emulator import GitHubEmulator, RepoSpec

UTC = timezone.utc
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
TOKEN = {"Authorization": "token test-token"}
FILES = {"README.md": "# Paper\n", "train.py": "print('train')\n", "requirements.txt": "numpy\n"}


def _get(url: str, **kwargs: object) -> requests.Response:
    return requests.get(url, timeout=5, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def gh(github_emulator: GitHubEmulator) -> Iterator[Github]:
    """PyGithub pointed at the emulator, with its own throttling and retries off."""
    client = Github(
        base_url=github_emulator.api_url,
        auth=Auth.Token("test-token"),
        retry=None,
        seconds_between_requests=None,
        seconds_between_writes=None,
    )
    yield client
    client.close()


def test_repo_json_has_githubs_shape(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("EvolvingLab", "base", stars=900))
    emu.add_repo(
        RepoSpec(
            "Alice",
            "Paper-Code",
            files=FILES,
            commit_dates=[datetime(2025, 9, 1, 8), datetime(2025, 10, 2, 9, 30)],
            license_spdx="MIT",
            stars=5,
            forks=2,
            description="Code for the paper",
            fork_of="EvolvingLab/base",
        )
    )
    answer = _get(f"{emu.api_url}/repos/alice/paper-code")
    data = answer.json()
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    assert data["full_name"] == "Alice/Paper-Code"  # canonical case, asked in lower case
    assert data["owner"]["login"] == "Alice" and data["owner"]["type"] == "User"
    assert data["html_url"] == f"{emu.server_url}/Alice/Paper-Code"
    assert data["url"] == f"{emu.api_url}/repos/Alice/Paper-Code"
    assert (data["private"], data["archived"], data["disabled"]) == (False, False, False)
    assert (data["visibility"], data["default_branch"]) == ("public", "main")
    assert (data["stargazers_count"], data["watchers_count"], data["forks_count"]) == (5, 5, 2)
    assert data["fork"] is True and data["parent"]["full_name"] == "EvolvingLab/base"
    assert data["license"] == {
        "key": "mit",
        "name": "MIT License",
        "spdx_id": "MIT",
        "url": f"{emu.api_url}/licenses/mit",
        "node_id": "MDc6TGljZW5zZTEz",
    }
    assert data["created_at"] == "2025-09-01T08:00:00Z"
    assert data["pushed_at"] == "2025-10-02T09:30:00Z"
    assert ISO_Z.fullmatch(data["updated_at"])
    assert isinstance(data["id"], int) and data["node_id"] and data["size"] >= 1
    assert data["description"] == "Code for the paper" and data["language"] == "Python"
    assert answer.headers["x-ratelimit-resource"] == "core"
    assert (answer.headers["x-ratelimit-limit"], answer.headers["x-ratelimit-remaining"]) == (
        "60",
        "59",
    )


def test_pygithub_follows_a_rename_and_rest_answers_301(
    github_emulator: GitHubEmulator, gh: Github
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("old-owner", "old-name", files=FILES))
    emu.rename("old-owner/old-name", "new-owner/new-name")
    assert gh.get_repo("old-owner/old-name").full_name == "new-owner/new-name"
    moved = _get(f"{emu.api_url}/repos/old-owner/old-name", allow_redirects=False)
    repo_id = _get(f"{emu.api_url}/repos/new-owner/new-name").json()["id"]
    location = f"{emu.api_url}/repositories/{repo_id}"
    assert moved.status_code == 301
    assert moved.headers["Location"] == location
    assert moved.json()["message"] == "Moved Permanently" and moved.json()["url"] == location
    assert _get(location).json()["full_name"] == "new-owner/new-name"
    sub = _get(f"{emu.api_url}/repos/old-owner/old-name/readme", allow_redirects=False)
    assert sub.headers["Location"] == f"{location}/readme"
    assert _get(f"{emu.api_url}/repos/old-owner/old-name/readme").json()["name"] == "README.md"
    head = requests.head(f"{emu.api_url}/repos/new-owner/new-name", timeout=5)
    assert (head.status_code, head.content) == (200, b"")
    assert int(head.headers["Content-Length"]) > 0 and head.headers["ETag"]


ERRORS = [
    # (case, spec overrides, delete after adding, path after /repos/o/r, status, message)
    ("missing", None, False, "", 404, "Not Found"),
    ("deleted", {}, True, "", 404, "Not Found"),
    ("private", {"private": True}, False, "", 404, "Not Found"),
    ("blocked", {"blocked": True}, False, "", 451, "Repository access blocked"),
    ("disabled", {"disabled": True}, False, "", 403, "Repository access blocked"),
    ("empty contents", {"empty": True}, False, "/contents/", 409, "Git Repository is empty."),
    ("empty readme", {"empty": True}, False, "/readme", 409, "Git Repository is empty."),
    ("empty commits", {"empty": True}, False, "/commits", 409, "Git Repository is empty."),
    ("empty tree", {"empty": True}, False, "/git/trees/main", 409, "Git Repository is empty."),
    ("no readme", {"files": {"main.py": "x\n"}}, False, "/readme", 404, "Not Found"),
    ("no file", {}, False, "/contents/nope.txt", 404, "Not Found"),
    ("no licence", {}, False, "/license", 404, "Not Found"),
]


@pytest.mark.parametrize(
    ("overrides", "delete", "path", "status", "message"),
    [case[1:] for case in ERRORS],
    ids=[case[0] for case in ERRORS],
)
def test_error_answers_have_githubs_status_and_body(
    github_emulator: GitHubEmulator,
    overrides: dict[str, object] | None,
    delete: bool,
    path: str,
    status: int,
    message: str,
) -> None:
    emu = github_emulator
    if overrides is not None:
        emu.add_repo(RepoSpec("o", "r", **overrides))  # type: ignore[arg-type]
    if delete:
        emu.delete("o/r")
    answer = _get(f"{emu.api_url}/repos/o/r{path}")
    assert answer.status_code == status
    body = answer.json()
    assert body["message"] == message
    if status == 451:
        assert body["block"]["reason"] == "dmca" and body["block"]["html_url"]
    if status == 403:
        assert body["block"]["reason"] == "tos"
        assert answer.headers["x-ratelimit-remaining"] != "0"  # not a rate limit
    if status in (404, 409):
        assert body["documentation_url"].startswith("https://docs.github.com/")


def test_content_endpoints_agree_with_each_other(
    github_emulator: GitHubEmulator, gh: Github
) -> None:
    dates = [datetime(2025, 9, d, tzinfo=UTC) for d in (1, 10, 20)]
    files = {"README.rst": "Paper\n=====\n", "src/model.py": "x = 1\n", "requirements.txt": "a\n"}
    github_emulator.add_repo(
        RepoSpec("o", "r", files=files, commit_dates=dates, license_spdx="Apache-2.0")
    )
    repo = gh.get_repo("o/r")
    assert repo.get_readme().decoded_content == b"Paper\n=====\n"
    root = repo.get_contents("")
    assert isinstance(root, list)
    assert sorted((c.path, c.type) for c in root) == [
        ("LICENSE", "file"),
        ("README.rst", "file"),
        ("requirements.txt", "file"),
        ("src", "dir"),
    ]
    model = repo.get_contents("src/model.py")
    assert not isinstance(model, list) and model.decoded_content == b"x = 1\n"
    commits = list(repo.get_commits())
    assert [c.commit.committer.date for c in commits] == dates[::-1]
    assert len(list(repo.get_commits(path="src/model.py"))) == 1  # only the last commit has it
    tree = repo.get_git_tree("main", recursive=True)
    assert tree.sha == commits[0].commit.tree.sha
    assert {e.path for e in tree.tree} == {
        "LICENSE",
        "README.rst",
        "requirements.txt",
        "src",
        "src/model.py",
    }
    assert next(e.sha for e in tree.tree if e.path == "src/model.py") == model.sha
    licence = repo.get_license()
    assert licence.license.spdx_id == "Apache-2.0"
    assert licence.decoded_content.startswith(b"Apache License")
    assert repo.get_branch("main").commit.sha == commits[0].sha
    raw_url = f"{github_emulator.api_url}/repos/o/r/contents/src/model.py"
    raw = _get(raw_url, headers={"Accept": "application/vnd.github.raw+json"})
    assert raw.content == b"x = 1\n"


BSD3 = ("bsd-3-clause", "BSD-3-Clause", 'BSD 3-Clause "New" or "Revised" License')
OTHER = ("other", "NOASSERTION", "Other")


@pytest.mark.parametrize(
    ("spdx", "files", "expected"),
    [
        ("MIT", FILES, ("mit", "MIT", "MIT License")),
        ("NOASSERTION", FILES, OTHER),
        ("WTFPL", FILES, OTHER),  # an id GitHub does not recognise
        (None, {**FILES, "LICENSE": "BSD 3-Clause License\n\nCopyright\n"}, BSD3),
        (None, {**FILES, "LICENSE.txt": "All rights reserved by us.\n"}, OTHER),
        (None, FILES, None),
    ],
)
def test_licence_is_what_githubs_detector_would_say(
    github_emulator: GitHubEmulator,
    spdx: str | None,
    files: dict[str, str],
    expected: tuple[str, str, str] | None,
) -> None:
    github_emulator.add_repo(RepoSpec("o", "r", files=files, license_spdx=spdx))
    licence = _get(f"{github_emulator.api_url}/repos/o/r").json()["license"]
    if expected is None:
        assert licence is None
    else:
        assert (licence["key"], licence["spdx_id"], licence["name"]) == expected


def test_anonymous_budget_runs_out_and_rate_limit_is_free(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path, anonymous_limit=3) as emu:
        emu.add_repo(RepoSpec("o", "r"))
        url = f"{emu.api_url}/repos/o/r"
        remaining = [_get(url).headers["x-ratelimit-remaining"] for _ in range(3)]
        assert remaining == ["2", "1", "0"]
        over = _get(url)
        assert over.status_code == 403
        assert over.json()["message"].startswith("API rate limit exceeded for 127.0.0.1.")
        assert over.headers["x-ratelimit-remaining"] == "0"
        assert int(over.headers["x-ratelimit-reset"]) > time.time()
        limits = _get(f"{emu.api_url}/rate_limit")
        assert limits.status_code == 200
        assert limits.json()["resources"]["core"] == {
            "limit": 3,
            "used": 3,
            "remaining": 0,
            "reset": int(over.headers["x-ratelimit-reset"]),
        }
        with_token = _get(url, headers=TOKEN)
        assert with_token.status_code == 200
        assert with_token.headers["x-ratelimit-limit"] == "5000"


def test_conditional_request_answers_304_without_spending(github_emulator: GitHubEmulator) -> None:
    github_emulator.add_repo(RepoSpec("o", "r"))
    url = f"{github_emulator.api_url}/repos/o/r"
    first = _get(url, headers=TOKEN)
    etag = first.headers["ETag"]
    again = _get(url, headers={**TOKEN, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"]
    third = _get(url, headers=TOKEN)
    assert third.headers["ETag"] == etag
    spent = int(first.headers["x-ratelimit-remaining"]) - int(
        third.headers["x-ratelimit-remaining"]
    )
    assert spent == 1


def test_exhausted_rest_budget_answers_403_until_reset(github_emulator: GitHubEmulator) -> None:
    github_emulator.add_repo(RepoSpec("o", "r"))
    github_emulator.exhaust_rate_limit("rest", reset_in=120)
    answer = _get(f"{github_emulator.api_url}/repos/o/r", headers=TOKEN)
    assert answer.status_code == 403
    assert "rate limit exceeded" in answer.json()["message"]
    assert answer.headers["x-ratelimit-remaining"] == "0"
    assert 100 < int(answer.headers["x-ratelimit-reset"]) - time.time() <= 121


def test_bad_token_is_refused_and_never_recorded(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path, tokens=frozenset({"good-secret"})) as emu:
        emu.add_repo(RepoSpec("o", "r"))
        bad = _get(f"{emu.api_url}/repos/o/r", headers={"Authorization": "Bearer bad-secret"})
        good = _get(f"{emu.api_url}/repos/o/r", headers={"Authorization": "token good-secret"})
        assert (bad.status_code, bad.json()["message"]) == (401, "Bad credentials")
        assert good.status_code == 200
        assert [r.authenticated for r in emu.requests] == [False, True]
        assert "secret" not in repr(emu.requests)


def test_issue_endpoints_support_one_updated_issue(
    github_emulator: GitHubEmulator, gh: Github
) -> None:
    github_emulator.add_repo(RepoSpec("o", "r"))
    repo = gh.get_repo("o/r")
    audit = repo.create_issue(title="Reproducibility audit", body="v1", labels=["repro-audit"])
    repo.create_issue(title="Unrelated")
    assert audit.number == 1 and [label.name for label in audit.labels] == ["repro-audit"]
    found = list(repo.get_issues(state="open", labels=["repro-audit"]))
    assert [i.number for i in found] == [1]
    audit.edit(body="v2", state="closed")
    again = repo.get_issue(1)
    assert (again.body, again.state, again.state_reason) == ("v2", "closed", "completed")
    assert [i.number for i in repo.get_issues(state="closed")] == [1]
    assert [i.number for i in repo.get_issues(state="all")] == [2, 1]
    anonymous = requests.post(
        f"{github_emulator.api_url}/repos/o/r/issues", json={"title": "x"}, timeout=5
    )
    assert anonymous.status_code == 401
    untitled = requests.post(
        f"{github_emulator.api_url}/repos/o/r/issues", json={}, headers=TOKEN, timeout=5
    )
    assert untitled.status_code == 422


def test_pygithub_reports_missing_and_blocked(github_emulator: GitHubEmulator, gh: Github) -> None:
    github_emulator.add_repo(RepoSpec("o", "blocked", blocked=True))
    with pytest.raises(GithubException) as missing:
        gh.get_repo("o/none")
    with pytest.raises(GithubException) as blocked:
        gh.get_repo("o/blocked")
    assert (missing.value.status, blocked.value.status) == (404, 451)


@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/o/r", 200, None),
        ("/o/r/tree/main/src", 200, None),
        ("/o/r/raw/main/README.md", 200, None),
        ("/o/old", 301, "/o/new"),
        ("/o/old/issues", 301, "/o/new/issues"),
        ("/o/missing", 404, None),
        ("/o/blocked", 451, None),
        ("/o/r/raw/main/nope.txt", 404, None),
    ],
)
def test_web_pages(
    github_emulator: GitHubEmulator, path: str, status: int, location: str | None
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("o", "r", description="A paper"))
    emu.add_repo(RepoSpec("o", "old"))
    emu.add_repo(RepoSpec("o", "blocked", blocked=True))
    emu.rename("o/old", "o/new")
    answer = _get(emu.server_url + path, allow_redirects=False)
    assert answer.status_code == status
    if location is not None:
        assert answer.headers["Location"] == emu.server_url + location
    if path == "/o/r":
        assert "<title>GitHub - o/r: A paper</title>" in answer.text
    if path.endswith("README.md"):
        assert answer.text == "# Project\n\nResearch code for the paper.\n"
    assert [r.kind for r in emu.requests] == ["web"]
