"""The emulator's GraphQL face, checked with plain requests as a batching client would send them."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    build_schema,
)

from tests.emulator import GitHubEmulator, RepoSpec
from tests.emulator.graphql_api import SCHEMA_PATH

UTC = timezone.utc
TOKEN = {"Authorization": "bearer test-token"}
REPO_FIELDS = """
  nameWithOwner name owner { login __typename } url isPrivate isDisabled isArchived isFork
  isEmpty parent { nameWithOwner } stargazerCount forkCount
  licenseInfo { spdxId key name pseudoLicense } createdAt pushedAt updatedAt archivedAt
  description homepageUrl diskUsage
  defaultBranchRef { name target { ... on Commit { committedDate oid
    history(first: 2) { totalCount nodes { committedDate } } } } }
  root: object(expression: "HEAD:") { ... on Tree { entries { name type path
    object { ... on Blob { byteSize isBinary } } } } }
  readme: object(expression: "HEAD:README.md") { ... on Blob { text byteSize isBinary } }
"""


def _post(emu: GitHubEmulator, query: str, **variables: object) -> requests.Response:
    body = {"query": query, "variables": variables}
    return requests.post(emu.graphql_url, json=body, headers=TOKEN, timeout=5)


def _world(emu: GitHubEmulator) -> None:
    dates = [datetime(2025, 9, 1, tzinfo=UTC), datetime(2025, 9, 8), datetime(2025, 9, 15)]
    files: dict[str, str | bytes] = {
        "README.md": "# Alive\n",
        "train.py": "pass\n",
        "weights.bin": b"\x00\x01\x02",
    }
    emu.add_repo(RepoSpec("lab", "alive", files=files, commit_dates=dates, license_spdx="MIT"))
    emu.add_repo(RepoSpec("lab", "old-name", files=files))
    emu.rename("lab/old-name", "lab/new-name")
    emu.add_repo(RepoSpec("lab", "blocked", blocked=True))
    emu.add_repo(RepoSpec("lab", "empty", empty=True))
    emu.add_repo(RepoSpec("lab", "off", disabled=True, archived=True, fork_of="lab/alive"))


def test_batch_keeps_the_data_of_good_aliases(github_emulator: GitHubEmulator) -> None:
    emu = github_emulator
    _world(emu)
    names = ["alive", "gone", "old-name", "blocked", "empty", "off"]
    aliases = " ".join(
        f'r{i}: repository(owner: "lab", name: "{name}") {{ nameWithOwner }}'
        for i, name in enumerate(names)
    )
    query = f"query {{ {aliases} rateLimit {{ cost remaining limit }} }}"
    answer = _post(emu, query)
    body = answer.json()
    assert answer.status_code == 200
    assert body["data"]["r0"] == {"nameWithOwner": "lab/alive"}
    assert body["data"]["r1"] is None and body["data"]["r3"] is None
    assert body["data"]["r2"] == {"nameWithOwner": "lab/new-name"}  # renames are followed
    assert body["data"]["r4"] == {"nameWithOwner": "lab/empty"}
    assert body["data"]["rateLimit"] == {"cost": 1, "remaining": 4999, "limit": 5000}
    errors = {tuple(e["path"]): e for e in body["errors"]}
    assert errors[("r1",)]["type"] == "NOT_FOUND"
    message = "Could not resolve to a Repository with the name 'lab/gone'."
    assert errors[("r1",)]["message"] == message
    assert errors[("r1",)]["locations"][0]["line"] == 1
    assert errors[("r3",)]["type"] == "FORBIDDEN"
    assert len(errors) == 2
    assert answer.headers["x-ratelimit-resource"] == "graphql"
    assert answer.headers["x-ratelimit-remaining"] == "4999"
    assert [(r.kind, r.aliases, r.authenticated) for r in emu.requests] == [("graphql", 6, True)]


def test_repository_fields_match_the_git_data(github_emulator: GitHubEmulator) -> None:
    _world(github_emulator)
    query = "query($o: String!, $n: String!) { repository(owner: $o, name: $n) { %s } }"
    query %= REPO_FIELDS
    repo = _post(github_emulator, query, o="LAB", n="Alive").json()["data"]["repository"]
    assert repo["nameWithOwner"] == "lab/alive" and repo["owner"] == {
        "login": "lab",
        "__typename": "User",
    }
    assert repo["licenseInfo"] == {
        "spdxId": "MIT",
        "key": "mit",
        "name": "MIT License",
        "pseudoLicense": False,
    }
    assert (repo["createdAt"], repo["pushedAt"]) == ("2025-09-01T00:00:00Z", "2025-09-15T00:00:00Z")
    assert (repo["isEmpty"], repo["isFork"], repo["parent"], repo["archivedAt"]) == (
        False,
        False,
        None,
        None,
    )
    target = repo["defaultBranchRef"]["target"]
    assert repo["defaultBranchRef"]["name"] == "main" and len(target["oid"]) == 40
    assert target["committedDate"] == "2025-09-15T00:00:00Z"
    assert target["history"]["totalCount"] == 3
    assert [n["committedDate"] for n in target["history"]["nodes"]] == [
        "2025-09-15T00:00:00Z",
        "2025-09-08T00:00:00Z",
    ]
    entries = {e["name"]: e for e in repo["root"]["entries"]}
    assert set(entries) == {"LICENSE", "README.md", "train.py", "weights.bin"}
    assert entries["weights.bin"]["object"] == {"byteSize": 3, "isBinary": True}
    assert repo["readme"] == {"text": "# Alive\n", "byteSize": 8, "isBinary": False}


@pytest.mark.parametrize(
    ("name", "fields", "expected"),
    [
        ("empty", "isEmpty defaultBranchRef { name } object(expression: \"HEAD:\") { oid }",
         {"isEmpty": True, "defaultBranchRef": None, "object": None}),
        ("off", "isDisabled isArchived isFork parent { nameWithOwner }",
         {"isDisabled": True, "isArchived": True, "isFork": True,
          "parent": {"nameWithOwner": "lab/alive"}}),
        ("alive", 'object(expression: "main:nope.txt") { oid }', {"object": None}),
        ("alive", "licenseInfo { spdxId } description homepageUrl",
         {"licenseInfo": {"spdxId": "MIT"}, "description": None, "homepageUrl": None}),
    ],
)  # fmt: skip
def test_repository_flags(
    github_emulator: GitHubEmulator, name: str, fields: str, expected: dict[str, Any]
) -> None:
    _world(github_emulator)
    query = f'{{ repository(owner: "lab", name: "{name}") {{ {fields} }} }}'
    assert _post(github_emulator, query).json() == {"data": {"repository": expected}}


def test_follow_renames_false_does_not_follow(github_emulator: GitHubEmulator) -> None:
    _world(github_emulator)
    query = '{ repository(owner: "lab", name: "old-name", followRenames: false) { name } }'
    body = _post(github_emulator, query).json()
    assert body["data"] == {"repository": None}
    assert body["errors"][0]["type"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "query",
    [
        '{ repository(owner: "lab", name: "alive") { name ',  # syntax error
        '{ repository(owner: "lab", name: "alive") { stars } }',  # no such field
        '{ repository(name: "alive") { name } }',  # required argument missing
        'query($n: Int!) { repository(owner: "lab", name: $n) { name } }',  # wrong type
        "mutation { addStar { clientMutationId } }",
    ],
)
def test_invalid_query_fails_like_github(github_emulator: GitHubEmulator, query: str) -> None:
    _world(github_emulator)
    answer = _post(github_emulator, query)
    body = answer.json()
    assert answer.status_code == 200
    assert "data" not in body
    assert body["errors"] and all(e["message"] for e in body["errors"])


def test_history_needs_a_page_size(github_emulator: GitHubEmulator) -> None:
    _world(github_emulator)
    query = """{ repository(owner: "lab", name: "alive") { defaultBranchRef { target {
        ... on Commit { history { totalCount } } } } } }"""
    body = _post(github_emulator, query).json()
    assert body["data"] == {"repository": {"defaultBranchRef": {"target": None}}}
    assert "`first` or `last`" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "This endpoint requires you to be authenticated."),
        ({"Authorization": "bearer wrong"}, "Bad credentials"),
    ],
)
def test_graphql_needs_a_valid_token(tmp_path: Path, headers: dict[str, str], message: str) -> None:
    with GitHubEmulator(tmp_path, tokens=frozenset({"right"})) as emu:
        query = {"query": "{ rateLimit { remaining } }"}
        answer = requests.post(emu.graphql_url, json=query, headers=headers, timeout=5)
        assert (answer.status_code, answer.json()["message"]) == (401, message)


def test_exhausted_graphql_budget_answers_rate_limited(github_emulator: GitHubEmulator) -> None:
    _world(github_emulator)
    github_emulator.exhaust_rate_limit("graphql", reset_in=60)
    answer = _post(github_emulator, '{ repository(owner: "lab", name: "alive") { name } }')
    assert answer.status_code == 200
    assert answer.json()["errors"][0]["type"] == "RATE_LIMITED"
    assert "data" not in answer.json()
    assert answer.headers["x-ratelimit-remaining"] == "0"


def _shared_schema() -> Path | None:
    root = Path(__file__).parents[2]
    for candidate in (
        Path("/work/shared/github_graphql_subset.graphql"),
        root.parent / "shared" / "github_graphql_subset.graphql",
    ):
        if candidate.exists():
            return candidate
    return None


def _differences(mine: GraphQLNamedType, theirs: GraphQLNamedType) -> list[str]:
    name = mine.name
    if type(mine) is not type(theirs):
        return [f"{name}: kind differs"]
    problems = []
    if isinstance(mine, GraphQLEnumType) and isinstance(theirs, GraphQLEnumType):
        problems += [f"{name}.{v}: no such value" for v in mine.values if v not in theirs.values]
    if isinstance(mine, (GraphQLObjectType, GraphQLInterfaceType)):
        assert isinstance(theirs, (GraphQLObjectType, GraphQLInterfaceType))
        known = {i.name for i in theirs.interfaces}
        problems += [
            f"{name}: implements {i.name}?" for i in mine.interfaces if i.name not in known
        ]
    if isinstance(mine, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
        assert isinstance(theirs, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType))
        for field_name, field in mine.fields.items():
            other = theirs.fields.get(field_name)
            if other is None or str(field.type) != str(other.type):
                problems.append(f"{name}.{field_name}: {field.type} vs {other and other.type}")
                continue
            for arg_name, arg in getattr(field, "args", {}).items():
                other_arg = getattr(other, "args", {}).get(arg_name)
                if other_arg is None or str(arg.type) != str(other_arg.type):
                    problems.append(f"{name}.{field_name}({arg_name}): {arg.type}")
    return problems


def test_schema_is_subset_of_github() -> None:
    shared = _shared_schema()
    if shared is None:
        pytest.skip("GitHub schema subset not available")
    mine = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))
    theirs = build_schema(shared.read_text(encoding="utf-8"))
    problems: list[str] = []
    for name, named in mine.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Float", "Boolean", "ID"):
            continue
        other = theirs.type_map.get(name)
        problems += (
            [f"{name}: not in GitHub's schema"] if other is None else _differences(named, other)
        )
    assert problems == []
