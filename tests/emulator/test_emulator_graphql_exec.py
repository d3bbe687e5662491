"""The lean GraphQL executor answers exactly as graphql-core does, and the object snapshot lists
trees exactly as `git ls-tree` does: both exist only to make the emulator cheaper."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.emulator import GitHubEmulator, OwnerType, RepoSpec
from tests.emulator.gitrepo import GitRepo, run_git
from tests.emulator.graphql_api import (
    _Env,
    _execute,
    _plan,
    _prepare,
    _Query,
    _type_of,
    format_error,
)
from tests.emulator.graphql_exec import Run
from tests.emulator.state import RateSnapshot, World

UTC = timezone.utc
REPO = """
  id databaseId name nameWithOwner url resourcePath visibility isPrivate isDisabled isArchived
  isFork isEmpty isLocked isMirror isTemplate stargazerCount forkCount diskUsage description
  homepageUrl createdAt pushedAt updatedAt archivedAt __typename
  owner { __typename id login url ... on Organization { resourcePath } }
  parent { nameWithOwner parent { name } }
  licenseInfo { id key name nickname pseudoLicense spdxId url }
  defaultBranchRef { id name prefix target { __typename oid abbreviatedOid ... on Commit {
    id authoredDate committedDate message messageHeadline url tree { oid entries { name } }
    history(first: 2) { totalCount nodes { oid committedDate }
      pageInfo { startCursor endCursor hasNextPage hasPreviousPage } } } } }
  root: object(expression: "HEAD:") { __typename ... on Tree { id entries {
    name path type mode oid size extension
    object { __typename ... on Blob { byteSize isBinary isTruncated text }
      ... on Tree { entries { path object { ... on Blob { text } } } } } } } }
  readme: object(expression: "HEAD:README.md") { ... on Blob { text byteSize } }
  sub: object(expression: "main:src") { ... on Tree { entries { path } } }
  commit: object(expression: "HEAD") { ... on Commit { oid } }
  none: object(expression: "nope:README.md") { oid }
  gone: object(expression: "HEAD:missing.txt") { oid }
"""
NAMES = ("alive", "gone", "old-name", "new-name", "blocked", "empty", "off", "hidden")
BATCH = (
    "query Batch(" + ", ".join(f"$o{i}: String!, $n{i}: String!" for i in range(len(NAMES))) + ") {"
    + " ".join(f"r{i}: repository(owner: $o{i}, name: $n{i}) {{ ...F }}" for i in range(len(NAMES)))
    + " rateLimit { cost limit nodeCount remaining used resetAt } }\n"
    + "fragment F on Repository {" + REPO + "}\n"
)  # fmt: skip
HISTORY = """query H($f: Int, $a: String, $p: String, $s: GitTimestamp, $u: GitTimestamp) {
  repository(owner: "lab", name: "alive") { defaultBranchRef { target { ... on Commit {
    history(first: $f, after: $a, path: $p, since: $s, until: $u) { totalCount
      nodes { oid messageHeadline } pageInfo { endCursor hasNextPage hasPreviousPage } } } } } }
}"""
BY_OID = """query O($o: GitObjectID) { repository(owner: "lab", name: "alive") { object(oid: $o) {
  __typename oid ... on Blob { text } ... on Tree { entries { name } } ... on Commit { message }
} } }"""
TWO_OPERATIONS = """query A { ...Q b: repository(owner: "lab", name: "gone") { name } }
query B { repository(owner: "lab", name: "alive") { ...R } }
fragment Q on Query { a: repository(owner: "lab", name: "alive") { ...R ...R name } }
fragment R on Repository { name nameWithOwner }"""


def _world(emu: GitHubEmulator) -> World:
    dates = [datetime(2025, 9, 1, tzinfo=UTC), datetime(2025, 9, 8), datetime(2025, 9, 15)]
    files: dict[str, str | bytes] = {
        "README.md": "# Alive\n",
        "train.py": "pass\n",
        "weights.bin": b"\x00\x01\x02",
        "src/model.py": "x = 1\n",
        "src/deep/run.sh": "echo\n",
        ".env.example": "A=1\n",
    }
    emu.add_repo(RepoSpec("lab", "alive", files=files, commit_dates=dates, license_spdx="MIT"))
    emu.add_repo(RepoSpec("lab", "old-name", files=files, description="d", homepage="h"))
    emu.rename("lab/old-name", "lab/new-name")
    emu.add_repo(RepoSpec("lab", "blocked", blocked=True))
    emu.add_repo(RepoSpec("lab", "empty", empty=True))
    emu.add_repo(RepoSpec("lab", "off", disabled=True, archived=True, fork_of="lab/alive"))
    emu.add_repo(RepoSpec("lab", "hidden", private=True))
    emu.add_repo(RepoSpec("org", "tool", owner_type=OwnerType.ORGANIZATION, license_spdx="X"))
    return emu._world


def _answers(
    world: World, query: str, variables: dict[str, Any], operation: str | None, *, lean: bool
) -> tuple[Any, Any]:
    document = _prepare(query).document
    assert document is not None, _prepare(query).errors
    root = _Query(_Env(world, RateSnapshot("graphql", 5000, 7, 1_760_000_000), 3))
    data, errors = _execute(document, root, query, variables, operation, lean=lean)
    return data, [format_error(e) for e in errors or ()]


def _same(
    world: World, query: str, variables: dict[str, Any] | None = None, operation: str | None = None
) -> tuple[Any, Any]:
    """Both executors' (data, errors); the lean one must not have fallen back."""
    plan = _plan(query, operation)
    assert plan is not None
    root = _Query(_Env(world, RateSnapshot("graphql", 5000, 7, 1_760_000_000), 3))
    Run(plan, root, variables or {}, _type_of)  # raises Unsupported if it would fall back
    lean = _answers(world, query, variables or {}, operation, lean=True)
    assert lean == _answers(world, query, variables or {}, operation, lean=False)
    return lean


def test_a_batch_answers_as_graphql_core_does(github_emulator: GitHubEmulator) -> None:
    world = _world(github_emulator)
    variables = {f"o{i}": "lab" for i in range(len(NAMES))}
    variables |= {f"n{i}": name for i, name in enumerate(NAMES)}
    data, errors = _same(world, BATCH, variables)
    assert {e["type"] for e in errors} == {"NOT_FOUND", "FORBIDDEN"}
    assert data["r0"]["root"]["entries"][0]["path"] == ".env.example"
    variables["o1"] = "org"
    variables["n1"] = "tool"
    _same(world, BATCH, variables, "Batch")


@pytest.mark.parametrize(
    "variables",
    [
        {"f": 1},
        {"f": 2, "a": "x 0"},
        {"f": 5, "p": "src"},
        {"f": 5, "s": "2025-09-05T00:00:00Z", "u": "2025-09-10T00:00:00+00:00"},
        {"f": 5, "s": "not a time"},
        {},
        {"f": 101},
    ],
)
def test_history_arguments_and_errors(
    github_emulator: GitHubEmulator, variables: dict[str, Any]
) -> None:
    _same(_world(github_emulator), HISTORY, variables)


def test_objects_by_oid_and_operations(github_emulator: GitHubEmulator) -> None:
    world = _world(github_emulator)
    repo, _ = world.lookup("lab", "alive")
    assert repo is not None and repo.git.head is not None
    head = repo.git.head
    readme = next(e.sha for e in repo.git.files_at(head) if e.path == "README.md")
    for oid in (readme, head.sha, head.tree, "0" * 40, "abc"):
        _same(world, BY_OID, {"o": oid})
    assert _same(world, TWO_OPERATIONS, None, "A")[0] == {
        "a": {"name": "alive", "nameWithOwner": "lab/alive"},
        "b": None,
    }
    _same(world, TWO_OPERATIONS, None, "B")


@pytest.mark.parametrize(
    ("query", "variables", "operation"),
    [
        ('{ repository(owner: "lab", name: "alive") { name @skip(if: true) url } }', {}, None),
        ('query($o: String!) { repository(owner: $o, name: "alive") { name } }', {}, None),
        ('query($o: String!) { repository(owner: $o, name: "alive") { name } }', {"o": 3}, None),
        (TWO_OPERATIONS, {}, None),
        (TWO_OPERATIONS, {}, "C"),
        ("{ __schema { queryType { name } } }", {}, None),
    ],
)
def test_what_the_lean_executor_leaves_to_graphql_core(
    github_emulator: GitHubEmulator, query: str, variables: dict[str, Any], operation: str | None
) -> None:
    world = _world(github_emulator)
    lean = _answers(world, query, variables, operation, lean=True)
    assert lean == _answers(world, query, variables, operation, lean=False)


def _add_commit(repo: Path) -> tuple[str, str]:
    """A commit made by hand: symlink, executable, submodule, nested folders. (tree, blob)."""
    head = run_git(repo, "rev-parse", "HEAD")
    blob = run_git(repo, "hash-object", "-w", "--stdin", data=b"new content\n")
    link = run_git(repo, "hash-object", "-w", "--stdin", data=b"../../etc/passwd")
    inner = run_git(repo, "mktree", data=f"100755 blob {blob}\trun.sh\n".encode())
    middle = run_git(repo, "mktree", data=f"040000 tree {inner}\tdeeper\n".encode())
    rows = (
        f"100644 blob {blob}\tnew.txt\n120000 blob {link}\tlink\n"
        f"160000 commit {head}\tmodule\n040000 tree {middle}\tdeep\n"
    )
    tree = run_git(repo, "mktree", data=rows.encode())
    commit = run_git(repo, "commit-tree", tree, "-p", head, "-m", "by hand")
    run_git(repo, "update-ref", "refs/heads/main", commit)
    return tree, blob


def test_snapshot_lists_trees_as_ls_tree_does(tmp_path: Path) -> None:
    files = {"README.md": b"# R\n", "a/b/c.py": b"c\n", "a/run.sh": b"#!/bin/sh\n", "z": b"\0"}
    dates = [datetime(2025, 9, 1, tzinfo=UTC), datetime(2025, 9, 2, tzinfo=UTC)]
    git = GitRepo.build(
        tmp_path / "r.git", branch="main", files=files, dates=dates, author="a <a@b>", home=tmp_path
    )
    assert git.head is not None
    for commit in git.commits:
        assert git.tree(commit.tree) == git._ls_tree(commit.tree)
    tree, blob = _add_commit(git.path)  # after the snapshot: read one by one, as before
    assert git.tree(tree) == git._ls_tree(tree)
    assert [e.type for e in git._ls_tree(tree)].count("commit") == 1
    assert (git.object_type(blob), git.blob(blob)) == ("blob", b"new content\n")
    fresh = GitRepo(git.path, "main", tmp_path)  # the hand-made objects inside the snapshot
    assert fresh._listing_from_objects(tree) == git._ls_tree(tree)
    assert fresh.object_type(git.commits[0].sha) == "commit"
    assert fresh.tree(git.commits[0].sha) is None and fresh.object_type("f" * 40) is None
