"""The texts round's pure parts: what to read, the query, and reading the answer."""

from __future__ import annotations

import pytest

from repro_audit.models import TEXT_LIMIT, Existence, RepoFacts, RepoRef
from repro_audit.sources.selection import dependency_paths, readme_path, texts_to_read
from repro_audit.sources.texts import (
    build_texts_query,
    nothing_to_read,
    text_request,
    with_text_gap,
    with_texts,
)

REF = RepoRef("github.com", "o", "r")
LISTED = RepoFacts(
    ref=REF,
    existence=Existence.EXISTS,
    canonical="o/renamed",
    root_files=("README.rst", "requirements.txt", "docs/"),
    paths=("README.rst", "requirements.txt", "docs/requirements-docs.txt", "a/b/setup.py"),
    file_texts=(("requirements.txt", "torch==2.1\n"),),  # guessed in the first round
)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("readme.rst", "README.md"), "README.md"),
        (("Readme.txt", "src/"), "Readme.txt"),
        (("README/",), None),
        ((), None),
    ],
)
def test_readme_path(names: tuple[str, ...], expected: str | None) -> None:
    assert readme_path(names) == expected


def test_dependency_paths_are_shallow_first_and_capped() -> None:
    paths = (*tuple(f"requirements-{i}.txt" for i in range(20)), "env/environment.yml")
    chosen = dependency_paths((*paths, "a/b/c/pyproject.toml"))
    assert len(chosen) == 8 and "a/b/c/pyproject.toml" not in chosen
    assert dependency_paths(("binder/Dockerfile", "x.py")) == ("binder/Dockerfile",)
    assert texts_to_read(("README.md",), ("setup.cfg",)) == ("README.md", "setup.cfg")


def test_query_uses_the_current_name_and_variables() -> None:
    request = text_request(LISTED)
    assert request is not None
    query, variables = build_texts_query([request])
    assert variables["o0"] == "o" and variables["n0"] == "renamed"
    assert variables["e0_0"] == "HEAD:README.rst"
    assert variables["e0_1"] == "HEAD:docs/requirements-docs.txt"
    assert "e0_2" not in variables  # requirements.txt was read with the facts
    assert "README" not in query


def test_answer_fills_texts_and_skips_binaries() -> None:
    request = text_request(LISTED)
    assert request is not None
    node = {
        "f0": {"text": "Title\n" + "x" * (TEXT_LIMIT + 10), "isBinary": False},
        "f1": {"text": None, "isBinary": True},
    }
    facts = with_texts(request, node)
    assert facts.readme_text is not None and len(facts.readme_text) == TEXT_LIMIT
    assert facts.file_texts == (("requirements.txt", "torch==2.1\n"),)
    node["f1"] = {"text": "sphinx\n", "isBinary": False}
    both = with_texts(request, node).file_texts
    assert both == (
        ("requirements.txt", "torch==2.1\n"),
        ("docs/requirements-docs.txt", "sphinx\n"),
    )


@pytest.mark.parametrize(
    ("facts", "wanted"),
    [
        (LISTED, True),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, root_files=("README.md",)), False),
        (RepoFacts(ref=REF, existence=Existence.MISSING), False),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, is_empty=True, root_files=()), False),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, root_files=None), False),
        (RepoFacts(ref=REF, existence=Existence.EXISTS, root_files=("main.py",)), False),
    ],
)
def test_text_request_only_when_there_is_something_to_read(facts: RepoFacts, wanted: bool) -> None:
    assert (text_request(facts) is not None) is wanted


def test_known_absence_and_unknown_texts_differ() -> None:
    bare = RepoFacts(ref=REF, existence=Existence.EXISTS, root_files=("main.py",))
    assert nothing_to_read(bare).file_texts == ()
    assert nothing_to_read(RepoFacts(ref=REF, existence=Existence.UNKNOWN)).file_texts is None
    gap = with_text_gap(LISTED, "rate limited (primary limit reached)")
    assert gap.file_texts is None and gap.readme_text is None
    assert gap.gaps == (
        "README and dependency texts unknown: rate limited (primary limit reached)",
    )
