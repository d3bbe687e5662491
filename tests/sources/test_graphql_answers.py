"""Reading GraphQL batch answers alias by alias (pure: literals in, facts out)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from repro_audit.models import Existence, RepoRef
from repro_audit.sources.graphql import build_batch_query, facts_from_answer

REFS = [RepoRef("github.com", "alice", "alive"), RepoRef("github.com", "bob", "gone")]

NODE: dict[str, Any] = {
    "nameWithOwner": "alice/alive",
    "url": "https://github.com/alice/alive",
    "isPrivate": False,
    "isDisabled": False,
    "isArchived": True,
    "isFork": True,
    "isEmpty": False,
    "parent": {"nameWithOwner": "upstream/alive"},
    "stargazerCount": 12,
    "forkCount": 3,
    "licenseInfo": {"spdxId": "MIT", "key": "mit", "name": "MIT License"},
    "createdAt": "2025-09-01T10:00:00Z",
    "pushedAt": "2025-10-02T10:00:00Z",
    "defaultBranchRef": {"name": "main", "target": {"committedDate": "2025-10-01T08:30:00Z"}},
    "object": {"entries": [{"name": "README.md", "type": "blob"}, {"name": "src", "type": "tree"}]},
}


def test_query_passes_names_as_variables_not_inline() -> None:
    query, variables = build_batch_query([RepoRef("github.com", 'evil"){x}', "n")])
    assert 'evil"' not in query
    assert variables == {"o0": 'evil"){x}', "n0": "n"}
    assert "r0: repository(owner: $o0, name: $n0)" in query


def test_missing_alias_is_missing_and_the_others_keep_their_data() -> None:
    answer = {
        "data": {"r0": NODE, "r1": None},
        "errors": [{"type": "NOT_FOUND", "path": ["r1"], "message": "Could not resolve"}],
    }
    alive, gone = facts_from_answer(REFS, answer)
    assert gone.existence is Existence.MISSING
    assert alive.existence is Existence.EXISTS
    assert alive.canonical == "alice/alive" and not alive.moved
    assert (alive.stars, alive.forks, alive.license_spdx) == (12, 3, "MIT")
    assert alive.is_archived is True and alive.parent == "upstream/alive"
    assert alive.root_files == ("README.md", "src/")
    assert alive.last_commit_at == datetime(2025, 10, 1, 8, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("error", "existence"),
    [
        ({"type": "NOT_FOUND", "path": ["r1"], "message": "x"}, Existence.MISSING),
        ({"type": "FORBIDDEN", "path": ["r1"], "message": "blocked"}, Existence.BLOCKED),
        ({"type": "SERVICE_UNAVAILABLE", "path": ["r1"], "message": "timeout"}, Existence.UNKNOWN),
        ({"message": "Something went wrong"}, Existence.UNKNOWN),
    ],
)
def test_a_null_alias_is_judged_by_its_own_error(
    error: dict[str, Any], existence: Existence
) -> None:
    facts = facts_from_answer(REFS, {"data": {"r0": NODE, "r1": None}, "errors": [error]})
    assert facts[1].existence is existence
    assert facts[0].existence is Existence.EXISTS


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"nameWithOwner": "carol/renamed"}, "moved", True),
        ({"licenseInfo": None}, "has_license", False),
        ({"licenseInfo": None}, "license_spdx", None),
        (
            {"licenseInfo": {"spdxId": None, "key": "other", "name": "Other"}},
            "license_spdx",
            "NOASSERTION",
        ),
        ({"isEmpty": True, "object": None, "defaultBranchRef": None}, "root_files", ()),
        ({"object": None}, "root_files", None),
    ],
)
def test_node_fields(changes: dict[str, Any], field: str, expected: object) -> None:
    facts = facts_from_answer(REFS[:1], {"data": {"r0": {**NODE, **changes}}})[0]
    assert getattr(facts, field) == expected


def test_unknown_tree_is_reported_as_a_gap() -> None:
    facts = facts_from_answer(REFS[:1], {"data": {"r0": {**NODE, "object": None}}})[0]
    assert facts.gaps and "file listing unknown" in facts.gaps[0]
