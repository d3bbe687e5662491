"""The shortcuts that make scoring fast must answer exactly what the plain code would."""

from __future__ import annotations

import re
import shlex
from dataclasses import replace

import pytest

from repro_audit.scoring import DEFAULT_CONFIG, phrases, score_repository
from repro_audit.scoring.commands import _tokens
from repro_audit.scoring.filenames import (
    code_files,
    dependency_files,
    dependency_paths,
    readme_file,
)
from repro_audit.scoring.memo import per_facts
from repro_audit.scoring.readme import placeholder_phrase, read_readme, substance
from repro_audit.scoring.tree import tree_of
from tests.scoring.calibration import CASES
from tests.scoring.facts import CTX, NOW, listing


def test_per_facts_remembers_recent_objects_by_identity() -> None:
    calls: list[tuple[str, ...]] = []

    @per_facts(maxsize=2)
    def first(key: tuple[str, ...]) -> str:
        calls.append(key)
        return key[0]

    key, other, third = ("a", "b"), ("c",), ("d",)
    assert first(key) == first(key) == "a"
    assert first(other) == "c" and first(key) == "a"  # the last but one is still held
    assert len(calls) == 2
    assert first(tuple(["a", "b"])) == "a"  # equal, not identical: answered again, not hashed
    assert len(calls) == 3
    first(third)
    first(key)  # pushed out by the two newer keys
    assert len(calls) == 5
    first.cache_clear()
    assert first(third) == "d"
    assert len(calls) == 6


def test_tree_of_is_shared_by_every_criterion_of_one_repository() -> None:
    repo = listing("README.md", "train.py")
    assert tree_of(repo) is tree_of(repo)
    assert tree_of(replace(repo)) == tree_of(repo)  # equal facts, equal tree


@pytest.mark.parametrize(
    "command",
    [
        "python train.py --epochs 3",
        "  pip install -r requirements.txt  ",
        "CUDA_VISIBLE_DEVICES=0,1\tpython\ttrain.py\r",
        "echo $HOME > ~/x; ls *.py | wc -l && cd a/b",
        "python\u00a0train.py",  # a no-break space is part of a word to shlex
        "",
    ],
)
def test_plain_commands_split_as_shlex_does(command: str) -> None:
    assert _tokens(command) == shlex.split(command, comments=True)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ('python train.py --name "my run"', ["python", "train.py", "--name", "my run"]),
        ("python train.py  # the default", ["python", "train.py"]),
        ("bash run\\ me.sh", ["bash", "run me.sh"]),
        ('python "unclosed', ["python", '"unclosed']),  # shlex fails: plain split
    ],
)
def test_quoted_commands_still_go_through_shlex(command: str, expected: list[str]) -> None:
    assert _tokens(command) == expected


_TEXTS = (
    "The code will be released upon acceptance. Stay tuned!",
    "Code is coming soon\nand weights are coming\n\n- [ ] release code",
    "We will\nsoon release the code; TBA",
    "x_coming soon, comingsoon, \u017ftay tuned, KOMING SOON, \u0130s coming",  # long s, dotted I
    "代码整理后开源。预训练模型即将发布\uff0c敬请期待",
    "공개 예정 · próximamente · em  breve · bientôt disponible · in kürze",
    "Plain README: install, train, evaluate. Nothing is missing here.",
    "  * [ ] upload checkpoints\n- [x] release code",
    "Released under the MIT licence; we plan to share more after publication",
    "Weights: available soon. Data to be\nuploaded. Site under construction",
    "The code is still being cleaned up; demnächst mehr. Models are under review",
    "## Training\n\nTBD\n\n## Results\nTo be updated. Evaluation: to be added\n",
    "## Code\n\nComing...\n\n## Data\n  TODO\nWIP\nwork in progress!\n",
)


def test_every_wording_has_a_sample_above() -> None:
    """A new wording needs a sample here, so the one-search shortcut is checked against it."""
    for pattern in phrases.PLACEHOLDER_PATTERNS:
        assert any(pattern.search(text) for text in _TEXTS), pattern.pattern


def _leftmost_of_each(text: str) -> tuple[int, int] | None:
    """The reference: every wording on its own, the leftmost match, ties to the earlier one."""
    found = [m for m in (p.search(text) for p in phrases.PLACEHOLDER_PATTERNS) if m]
    return min(found, key=lambda m: m.start()).span() if found else None


@pytest.mark.parametrize("text", _TEXTS)
def test_one_search_finds_what_each_wording_on_its_own_finds(text: str) -> None:
    match = phrases.PLACEHOLDER_ANY.search(text)
    assert (match.span() if match else None) == _leftmost_of_each(text)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (phrases.INSTALL_SECTION, "Set-up", True),
        (phrases.INSTALL_SECTION, "Reinstall", False),  # English words start at a word
        (phrases.INSTALL_SECTION, "快速安装", True),  # other scripts match anywhere
        (phrases.ML_TERMS, "A HuggingFace model", True),
        (phrases.ML_TERMS, "A web server in Go", False),
        (phrases.USAGE_SECTION, "", False),
    ],
)
def test_word_lists_say_whether_a_word_occurs(
    pattern: re.Pattern[str], text: str, expected: bool
) -> None:
    assert bool(pattern.search(text)) is expected


def test_filename_answers_do_not_depend_on_the_sequence_type() -> None:
    names = ["README.md", "docs/requirements.txt", "src/a.py", "binder/", "requirements.txt"]
    assert code_files(names) == code_files(tuple(names)) == ("src/a.py",)
    assert dependency_files(names) == ("binder/", "requirements.txt")
    assert dependency_paths(names) == ("requirements.txt",)
    assert readme_file(names) == "README.md"
    assert code_files(tuple(names)) is code_files(tuple(names))  # cached, and immutable


def test_readme_answers_are_cached_per_text() -> None:
    text = "# X\n\nSome words here.\n"
    assert read_readme(text) is read_readme(text)
    assert substance(read_readme(text)) == substance(read_readme(text[:-1] + "\n"))
    assert placeholder_phrase("Code coming soon.") == (1, "Code coming soon.")


def test_scores_do_not_depend_on_what_was_scored_before() -> None:
    """Caches keyed by identity or text must never leak one repository's answer into another's."""
    for ctx in (CTX, DEFAULT_CONFIG.context(NOW, None)):
        cases = [case.facts for case in CASES]
        forward = [score_repository(f, ctx) for f in cases]
        backward = [score_repository(f, ctx) for f in reversed(cases)][::-1]
        copies = [score_repository(replace(f), ctx) for f in cases]  # equal facts, new objects
        assert forward == backward == copies
