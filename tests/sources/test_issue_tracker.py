"""The one tracking issue, against the emulator's issue endpoints: create once, update, close."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from repro_audit.sources.endpoints import ConfigError, Endpoints, endpoints_from_env
from repro_audit.sources.issue_tracker import (
    MARKER,
    IssueAction,
    IssueTracker,
    IssueTrackerError,
    check_repository,
    with_marker,
)
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_issue_tracker_token"


def _issues(emu: GitHubEmulator, slug: str = "lab/digests") -> list[dict[str, Any]]:
    answer = requests.get(
        f"{emu.api_url}/repos/{slug}/issues",
        params={"state": "all", "direction": "asc"},
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )
    answer.raise_for_status()
    issues = answer.json()
    assert isinstance(issues, list)
    return issues


def _tracker(emu: GitHubEmulator, **options: str) -> IssueTracker:
    return IssueTracker(endpoints_from_env(emu.env(TOKEN)), "lab/digests", **options)


def test_create_once_update_then_close(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    tracker = _tracker(emu)
    first = tracker.upsert("Dead links", "- a/b is dead", has_dead=True)
    assert (first.action, first.number) == (IssueAction.CREATED, 1)
    again = tracker.upsert("Dead links", "- a/b is dead", has_dead=True)
    assert again.action is IssueAction.UNCHANGED and again.number == 1
    updated = tracker.upsert("Dead links", "- a/b and c/d are dead", has_dead=True)
    assert (updated.action, updated.number) == (IssueAction.UPDATED, 1)
    [issue] = _issues(emu)
    assert issue["body"] == f"{MARKER}\n- a/b and c/d are dead"
    assert [label["name"] for label in issue["labels"]] == ["repro-audit"]
    closed = tracker.upsert("Dead links", "All links answer.", has_dead=False)
    assert (closed.action, closed.number) == (IssueAction.CLOSED, 1)
    [issue] = _issues(emu)
    assert (issue["state"], issue["state_reason"]) == ("closed", "completed")
    assert tracker.upsert("Dead links", "All links answer.", has_dead=False).action is (
        IssueAction.NOTHING
    )
    reopened = tracker.upsert("Dead links", "- e/f is dead", has_dead=True)
    assert (reopened.action, reopened.number) == (IssueAction.CREATED, 2)
    assert [i["state"] for i in _issues(emu)] == ["closed", "open"]


def test_only_an_issue_with_label_and_marker_is_ours(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    session = requests.Session()
    session.headers["Authorization"] = f"token {TOKEN}"
    url = f"{emu.api_url}/repos/lab/digests/issues"
    for payload in (
        {"title": "labelled, no marker", "body": "hello", "labels": ["repro-audit"]},
        {"title": "marker, no label", "body": MARKER},
        {"title": "ours", "body": f"{MARKER}\nold", "labels": ["repro-audit"]},
        {"title": "ours too, younger", "body": f"{MARKER}\nold", "labels": ["repro-audit"]},
    ):
        assert session.post(url, json=payload, timeout=5).status_code == 201
    outcome = _tracker(emu).upsert("Dead links", "new", has_dead=True)
    assert (outcome.action, outcome.number) == (IssueAction.UPDATED, 3)  # the oldest of ours
    bodies = {i["number"]: i["body"] for i in _issues(emu)}
    assert bodies == {1: "hello", 2: MARKER, 3: f"{MARKER}\nnew", 4: f"{MARKER}\nold"}


def test_a_custom_label_keeps_two_trackers_apart(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    assert _tracker(emu).upsert("A", "a", has_dead=True).number == 1
    assert _tracker(emu, label="nlp-digest").upsert("B", "b", has_dead=True).number == 2
    assert _tracker(emu).upsert("A", "a2", has_dead=True).number == 1


def test_refusals_become_errors_without_the_token(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    tracker = _tracker(emu)
    with pytest.raises(IssueTrackerError) as missing:
        tracker.upsert("t", "b", has_dead=True)
    assert "HTTP 404" in str(missing.value) and TOKEN not in str(missing.value)
    emu.add_repo(RepoSpec("lab", "digests", archived=True))
    with pytest.raises(IssueTrackerError) as archived:
        tracker.upsert("t", "b", has_dead=True)
    assert "HTTP 403" in str(archived.value) and "issues: write" in str(archived.value)


def test_server_errors_and_unreachable_servers(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "digests"))
    emu.fail_next("rest", 502, path_contains="/issues")
    with pytest.raises(IssueTrackerError, match="HTTP 502"):
        _tracker(emu).upsert("t", "b", has_dead=True)
    nowhere = endpoints_from_env(
        {"GITHUB_API_URL": "http://127.0.0.1:9/api/v3", "GITHUB_TOKEN": TOKEN}
    )
    with pytest.raises(IssueTrackerError, match="unreachable"):
        IssueTracker(nowhere, "lab/digests", timeout=2).upsert("t", "b", has_dead=True)
    assert _issues(emu) == []


@pytest.mark.parametrize(
    ("endpoints", "repository", "label", "message"),
    [
        (endpoints_from_env({}), "lab/digests", "repro-audit", "needs a token"),
        (endpoints_from_env({"GITHUB_TOKEN": TOKEN}), "lab", "repro-audit", "owner/name"),
        (endpoints_from_env({"GITHUB_TOKEN": TOKEN}), "lab/digests/x", "repro-audit", "owner/name"),
        (endpoints_from_env({"GITHUB_TOKEN": TOKEN}), "lab/digests", " ", "label"),
    ],
)
def test_configuration_errors(
    endpoints: Endpoints, repository: str, label: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        IssueTracker(endpoints, repository, label=label)


def test_marker_helpers() -> None:
    assert with_marker("body") == f"{MARKER}\nbody"
    assert with_marker(f"x {MARKER} y") == f"x {MARKER} y"
    assert check_repository(" lab/digests ") == "lab/digests"
