"""The listing view: complete trees, trees cut at a depth, root listings, and what is unknown."""

from __future__ import annotations

import pytest

from repro_audit.scoring.tree import Presence, Tree, components, tree_of
from tests.scoring.facts import facts

CUT = facts(
    paths=("README.md", "src/a.py", "src/pkg/b.py", "data/x/y.csv"),
    paths_depth=3,
    root_files=("README.md", "src/", "data/", "empty/"),
)
ROOT_ONLY = facts(paths=None, root_files=("README.md", "train.py", "scripts/"))


def _tree(repo: object) -> Tree:
    tree = tree_of(repo)  # type: ignore[arg-type]
    assert tree is not None
    return tree


@pytest.mark.parametrize(("path", "count"), [("a.py", 1), ("src/a.py", 2), ("a/b/c/", 3)])
def test_components(path: str, count: int) -> None:
    assert components(path) == count


@pytest.mark.parametrize(
    ("repo", "path", "expected"),
    [
        (facts(), "train.py", Presence.PRESENT),
        (facts(), "scripts/x.sh", Presence.ABSENT),  # a complete tree knows
        (facts(), "configs/deep/er/x.yaml", Presence.ABSENT),
        (CUT, "src/pkg/b.py", Presence.PRESENT),
        (CUT, "src/pkg/c.py", Presence.ABSENT),  # 3 components: src/pkg was listed
        (CUT, "src/pkg/sub/c.py", Presence.UNKNOWN),  # deeper than the listing
        (CUT, "empty/a/b/c.py", Presence.UNKNOWN),  # a root folder with nothing listed
        (CUT, "nope/a/b/c.py", Presence.ABSENT),  # no such root folder
        (ROOT_ONLY, "train.py", Presence.PRESENT),
        (ROOT_ONLY, "eval.py", Presence.ABSENT),
        (ROOT_ONLY, "scripts/x.sh", Presence.UNKNOWN),
        (ROOT_ONLY, "tools/x.sh", Presence.ABSENT),
    ],
)
def test_presence(repo: object, path: str, expected: Presence) -> None:
    assert _tree(repo).presence(path) is expected


@pytest.mark.parametrize(
    ("repo", "complete", "scope"),
    [
        (facts(), True, "the whole tree"),
        (CUT, False, "the top 3 folder levels"),
        (ROOT_ONLY, False, "the root listing"),
        (facts(paths=None, root_files=("README.md", "a.py")), True, "the whole tree"),
        (facts(paths=None, root_files=None, is_empty=True), True, "the whole tree"),
    ],
)
def test_completeness_and_scope(repo: object, complete: bool, scope: str) -> None:
    tree = _tree(repo)
    assert (tree.complete, tree.scope) == (complete, scope)


def test_no_listing_is_no_tree() -> None:
    assert tree_of(facts(paths=None, root_files=None, is_empty=None)) is None


def test_folders_and_root_entries() -> None:
    tree = _tree(CUT)
    assert tree.is_folder("src/pkg") is True
    assert tree.is_folder("src/a.py") is False
    assert tree.is_folder("empty/a/b/c") is None
    assert tree.root == ("README.md", "src/", "data/", "empty/")
    derived = _tree(facts(root_files=None, paths=("a.py", "src/b.py")))
    assert derived.root == ("a.py", "src/")


def test_case_twin() -> None:
    assert _tree(facts()).case_twin("TRAIN.PY") == "train.py"
    assert _tree(facts()).case_twin("nope.py") is None
