"""No criterion reads more than TEXT_LIMIT characters of any one text, whichever way the
texts came: GraphQL's first round (the guessed names), its second round (names the tree
showed), or a git clone without a token (issue 18, item 6: cap the text each criterion reads).

The emulator serves a repository whose README and dependency files are each 200 KiB, more than
three times the cap; the facts hold each cut to its first TEXT_LIMIT characters, never more.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from repro_audit.models import TEXT_LIMIT, RepoFacts, RepoRef
from repro_audit.sources import FetchOptions, GitHubSource, RetryPolicy, endpoints_from_env
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_test_token_for_the_emulator"
OPTIONS = FetchOptions(
    policy=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.05, max_total=5.0, max_hint=1.0),
    timeout=10.0,
    git_timeout=60.0,
)
SIZE = 200 * 1024  # characters of each text: more than three times TEXT_LIMIT


def _text(first: str) -> str:
    line = first + " " + "numpy==1.26.4 # " * 4 + "\n"
    return (line * (SIZE // len(line) + 1))[:SIZE]


FIRST_ROUND = {"README.md": _text("#"), "requirements.txt": _text("x"), "setup.py": _text("y")}
SECOND_ROUND = {"README.rst": _text("="), "docker/Dockerfile": _text("RUN")}


@pytest.fixture
def world(github_emulator: GitHubEmulator) -> Iterator[GitHubEmulator]:
    github_emulator.add_repo(RepoSpec("lab", "guessed", files=FIRST_ROUND))
    github_emulator.add_repo(RepoSpec("lab", "listed", files=SECOND_ROUND))
    yield github_emulator


def _texts(facts: RepoFacts) -> dict[str, str]:
    texts = dict(facts.file_texts or ())
    assert facts.readme_text is not None, facts.gaps
    return {**texts, "README": facts.readme_text}


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_every_text_is_cut_to_the_limit(world: GitHubEmulator, token: str | None) -> None:
    source = GitHubSource(endpoints_from_env(world.env(token)), OPTIONS)
    refs = [RepoRef("github.com", "lab", "guessed"), RepoRef("github.com", "lab", "listed")]
    facts = source.fetch(refs)
    for name, files in (("lab/guessed", FIRST_ROUND), ("lab/listed", SECOND_ROUND)):
        texts = _texts(facts[name])
        readme = next(path for path in files if path.startswith("README"))
        expected = {"README" if path == readme else path: text for path, text in files.items()}
        assert set(texts) == set(expected), (name, set(texts))  # every text read, none left out
        for path, text in texts.items():
            assert len(text) == TEXT_LIMIT, (name, path, len(text))
            assert text == expected[path][:TEXT_LIMIT], (name, path)
