"""The listing view: complete trees, trees cut at a depth, root listings, and what is unknown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring.aggregate import score_repository
from repro_audit.scoring.base import verdict_shown
from repro_audit.scoring.tree import Presence, Tree, components, listing_cut, tree_of
from tests.scoring.facts import ctx, facts

CUT = facts(
    paths=("README.md", "src/a.py", "src/pkg/b.py", "data/x/y.csv"),
    paths_depth=3,
    root_files=("README.md", "src/", "data/", "empty/"),
)
ROOT_ONLY = facts(paths=None, root_files=("README.md", "train.py", "scripts/"))
CAPPED = facts(  # a listing cut at 3 entries by size, at no particular depth
    paths=("README.md", "src/a.py", "src/pkg/b.py"),
    paths_depth=None,
    listing_cut_at=3,
    root_files=("README.md", "src/", "data/"),
)


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
        (CAPPED, "src/pkg/b.py", Presence.PRESENT),
        (CAPPED, "src/b.py", Presence.UNKNOWN),  # any depth: the cut fell anywhere
        (CAPPED, "data/x.csv", Presence.UNKNOWN),
        (CAPPED, "setup.py", Presence.ABSENT),  # the root listing is whole
        (CAPPED, "nope/x.py", Presence.ABSENT),  # no such root folder
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
        (CAPPED, False, "a listing cut at 3 entries"),
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


DEEP_CODE = facts(  # training and evaluation code sit four levels down, below any cut
    root_files=("README.md", "requirements.txt", "experiments/"),
    paths=("README.md", "requirements.txt", "experiments/x/tools/evaluate_x.py",
           "experiments/x/tools/train_x.py"),
    paths_depth=None,
)  # fmt: skip
DEPTH_CUT = facts(
    root_files=DEEP_CODE.root_files,
    paths=("README.md", "requirements.txt"),
    paths_depth=3,
)


@pytest.mark.parametrize(
    ("repo", "verdict", "reason"),
    [
        (DEEP_CODE, Verdict.PASS, "found experiments/x/tools/"),
        (DEPTH_CUT, Verdict.UNKNOWN, "listing cut at 3 folder levels: no "),
        (replace(DEPTH_CUT, paths_depth=None, listing_cut_at=2000), Verdict.UNKNOWN,
         "listing cut at 2,000 entries: no "),
        (replace(DEPTH_CUT, paths_depth=None), Verdict.FAIL, "no "),  # whole: truly absent
    ],
)  # fmt: skip
def test_a_criterion_looking_for_a_file_is_unknown_on_a_cut_listing(
    repo: RepoFacts, verdict: Verdict, reason: str
) -> None:
    findings = {f.criterion: f for f in score_repository(repo, ctx()).findings}
    for criterion in ("training", "evaluation"):
        assert findings[criterion].verdict is verdict, findings[criterion]
        assert findings[criterion].reason.startswith(reason), findings[criterion]


def test_a_cut_listing_lowers_coverage_never_the_score() -> None:
    whole = score_repository(replace(DEPTH_CUT, paths_depth=None), ctx())
    cut = score_repository(DEPTH_CUT, ctx())
    assert cut.coverage < whole.coverage
    assert cut.value is not None and whole.value is not None and cut.value > whole.value


@pytest.mark.parametrize(
    ("repo", "said"),
    [
        (facts(listing_cut_at=1500), "listing cut at 1,500 entries"),
        (facts(paths_depth=3), "listing cut at 3 folder levels"),
        (facts(paths=None, root_files=None, is_empty=None, gaps=("file listing unknown: x",)),
         "file listing unknown: file listing unknown: x"),
        (facts(), None),
        (facts(paths=None, root_files=None, is_empty=True), None),
    ],
)  # fmt: skip
def test_listing_cut_names_how_the_listing_falls_short(repo: RepoFacts, said: str | None) -> None:
    assert listing_cut(repo) == said


@pytest.mark.parametrize(
    ("verdict", "reason", "shown"),
    [
        (Verdict.UNKNOWN, "listing cut at 200,000 entries: no train.py",
         "unknown (listing cut at 200,000 entries)"),
        (Verdict.UNKNOWN, "listing cut at 3 folder levels: no test folder",
         "unknown (listing cut at 3 folder levels)"),
        (Verdict.UNKNOWN, "README.md present; its text was not read: README and dependency texts "
         "unknown: file too large (the texts passed 16 MB)", "unknown (file too large)"),
        (Verdict.UNKNOWN, "GitHub rate limit", "unknown"),
        (Verdict.FAIL, "no README: a file too large elsewhere", "fail"),
    ],
)  # fmt: skip
def test_every_report_names_the_bound_an_unknown_met(
    verdict: Verdict, reason: str, shown: str
) -> None:
    assert verdict_shown(verdict, reason) == shown
