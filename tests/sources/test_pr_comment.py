"""The one pull-request comment, against the emulator's issue-comment endpoints: created once,
updated, resolved or deleted, and never left twice by two runs at the same moment."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from repro_audit.sources.endpoints import ConfigError, endpoints_from_env
from repro_audit.sources.issue_tracker import IssueTrackerError
from repro_audit.sources.pr_comment import (
    MARKER,
    CommentAction,
    CommentOutcome,
    PullRequestComment,
    WhenFine,
    marked,
)
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_pr_comment_token"
SLUG = "lab/digests"


def comments(emu: GitHubEmulator, number: int) -> list[dict[str, Any]]:
    """Every comment on the pull request, oldest first, through the plain REST API."""
    answer = requests.get(
        f"{emu.api_url}/repos/{SLUG}/issues/{number}/comments",
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )
    answer.raise_for_status()
    found = answer.json()
    assert isinstance(found, list)
    return found


def post(emu: GitHubEmulator, number: int, body: str) -> None:
    answer = requests.post(
        f"{emu.api_url}/repos/{SLUG}/issues/{number}/comments",
        json={"body": body},
        headers={"Authorization": f"token {TOKEN}"},
        timeout=5,
    )
    assert answer.status_code == 201, answer.text


@pytest.fixture
def pull(github_emulator: GitHubEmulator) -> tuple[GitHubEmulator, int]:
    github_emulator.add_repo(RepoSpec("lab", "digests"))
    return github_emulator, github_emulator.open_pull_request(SLUG)


def _target(emu: GitHubEmulator, number: int) -> PullRequestComment:
    return PullRequestComment(endpoints_from_env(emu.env(TOKEN)), SLUG, number)


def test_create_update_unchanged_then_resolve(pull: tuple[GitHubEmulator, int]) -> None:
    emu, number = pull
    target = _target(emu, number)
    first = target.upsert("1 dead link", "all clear")
    assert first.action is CommentAction.CREATED and first.comment_id is not None
    assert first.url is not None and f"/pull/{number}#issuecomment-" in first.url
    assert target.upsert("1 dead link", "all clear").action is CommentAction.UNCHANGED
    second = target.upsert("2 dead links", "all clear")
    assert (second.action, second.comment_id) == (CommentAction.UPDATED, first.comment_id)
    [only] = comments(emu, number)
    assert only["body"] == f"{MARKER}\n2 dead links"
    resolved = target.upsert(None, "all clear")
    assert (resolved.action, resolved.comment_id) == (CommentAction.RESOLVED, first.comment_id)
    [only] = comments(emu, number)
    assert only["body"] == f"{MARKER}\nall clear"
    assert target.upsert(None, "all clear").action is CommentAction.UNCHANGED
    again = target.upsert("a new dead link", "all clear")
    assert (again.action, again.comment_id) == (CommentAction.UPDATED, first.comment_id)
    assert len(comments(emu, number)) == 1


def test_all_fine_from_the_start_posts_nothing(pull: tuple[GitHubEmulator, int]) -> None:
    emu, number = pull
    assert _target(emu, number).upsert(None, "all clear").action is CommentAction.NOTHING
    assert comments(emu, number) == []


def test_delete_when_fine_and_other_comments_are_left_alone(
    pull: tuple[GitHubEmulator, int],
) -> None:
    emu, number = pull
    post(emu, number, "Looks good to me")
    post(emu, number, f"quoting the bot: {MARKER}")  # the marker, but not as the first line
    target = _target(emu, number)
    assert target.upsert("1 dead link", "ok").action is CommentAction.CREATED
    deleted = target.upsert(None, "ok", WhenFine.DELETE)
    assert deleted == CommentOutcome(CommentAction.DELETED)
    assert [c["body"] for c in comments(emu, number)] == [
        "Looks good to me",
        f"quoting the bot: {MARKER}",
    ]


def test_duplicates_left_by_an_older_race_are_folded(pull: tuple[GitHubEmulator, int]) -> None:
    emu, number = pull
    post(emu, number, marked("old one"))
    post(emu, number, marked("old two"))
    outcome = _target(emu, number).upsert("now", "ok")
    assert (outcome.action, outcome.removed_duplicates) == (CommentAction.UPDATED, 1)
    assert [c["body"] for c in comments(emu, number)] == [marked("now")]


@pytest.mark.parametrize("round_", range(3))
def test_two_concurrent_runs_leave_one_comment(
    pull: tuple[GitHubEmulator, int], round_: int
) -> None:
    """Both runs list (nothing), both post; each checks again and the younger one folds."""
    emu, number = pull
    emu.latency = 0.15  # each request takes this long, so both lists happen before any post
    start = threading.Barrier(2)
    outcomes: list[CommentOutcome] = []
    errors: list[BaseException] = []

    def push(body: str) -> None:
        target = _target(emu, number)
        start.wait()
        try:
            outcomes.append(target.upsert(body, "all clear"))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=push, args=(f"run {i} of round {round_}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    emu.latency = 0.0
    assert not errors, errors
    posts = [r for r in emu.requests if r.method == "POST" and r.path.endswith("/comments")]
    assert len(posts) == 2  # the race did happen: both runs posted
    [survivor] = comments(emu, number)
    assert {o.comment_id for o in outcomes} == {survivor["id"]}
    assert survivor["body"] in {marked(f"run {i} of round {round_}") for i in (1, 2)}


def test_refusals_are_one_line_without_the_token(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    with pytest.raises(IssueTrackerError) as missing:
        _target(emu, 7).upsert("x", "ok")
    assert "HTTP 404" in str(missing.value) and TOKEN not in str(missing.value)
    emu.add_repo(RepoSpec("lab", "digests", archived=True))
    number = emu.open_pull_request(SLUG)
    with pytest.raises(IssueTrackerError) as archived:
        _target(emu, number).upsert("x", "ok")
    assert "HTTP 403" in str(archived.value) and "pull-requests: write" in str(archived.value)
    emu.fail_next("rest", 502, path_contains="/comments")
    with pytest.raises(IssueTrackerError, match="HTTP 502"):
        _target(emu, number).upsert("x", "ok")


@pytest.mark.parametrize(
    ("env", "number", "message"),
    [({}, 1, "needs a token"), ({"GITHUB_TOKEN": TOKEN}, 0, "1 or more")],
)
def test_configuration_errors(env: dict[str, str], number: int, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        PullRequestComment(endpoints_from_env(env), SLUG, number)
