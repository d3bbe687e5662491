"""The emulator's issue-comment endpoints answer as GitHub's do: list (paginated, oldest first),
create, edit and delete, writes only with a token, 404 for what is not there."""

from __future__ import annotations

import requests

from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_emulator_comments"


def test_comment_endpoints(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    number = emu.open_pull_request("lab/digests")
    base = f"{emu.api_url}/repos/lab/digests/issues"
    auth = {"Authorization": f"token {TOKEN}"}
    anonymous = requests.post(f"{base}/{number}/comments", json={"body": "x"}, timeout=5)
    assert anonymous.status_code == 401
    ids = []
    for text in ("first", "second", "third"):
        made = requests.post(
            f"{base}/{number}/comments", json={"body": text}, headers=auth, timeout=5
        )
        assert made.status_code == 201
        ids.append(made.json()["id"])
        assert made.json()["html_url"].endswith(f"/pull/{number}#issuecomment-{ids[-1]}")
    page = requests.get(f"{base}/{number}/comments", params={"per_page": 2}, timeout=5)
    assert [c["body"] for c in page.json()] == ["first", "second"]
    assert 'rel="next"' in page.headers["Link"]
    edited = requests.patch(
        f"{base}/comments/{ids[1]}", json={"body": "2nd"}, headers=auth, timeout=5
    )
    assert edited.status_code == 200 and edited.json()["body"] == "2nd"
    empty = requests.patch(f"{base}/comments/{ids[1]}", json={"body": " "}, headers=auth, timeout=5)
    assert empty.status_code == 422
    assert requests.delete(f"{base}/comments/{ids[0]}", timeout=5).status_code == 401
    assert requests.delete(f"{base}/comments/{ids[0]}", headers=auth, timeout=5).status_code == 204
    assert requests.delete(f"{base}/comments/{ids[0]}", headers=auth, timeout=5).status_code == 404
    left = requests.get(f"{base}/{number}/comments", timeout=5).json()
    assert [c["body"] for c in left] == ["2nd", "third"]
    issue = requests.get(f"{base}/{number}", timeout=5).json()
    assert issue["comments"] == 2
    assert requests.get(f"{base}/99/comments", timeout=5).status_code == 404
