"""What each command loads at start-up, read from Python's own import log
(PYTHONPROFILEIMPORTTIME) of the installed script: `--version`, `--help`, `--dump` and a run the
cache answers wholly must not import the GitHub clients, git, requests or the HTML templates.
How long that takes is bench/bench_startup.py's business; here only what is loaded is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.installed import clean_env, run, write_digest
from tests.emulator import GitHubEmulator, RepoSpec

HEAVY = ("github", "git", "requests", "urllib3", "jinja2", "tenacity", "http.client")
"""Libraries a command that asks no server must not load (each costs 10-200 ms to import)."""


def _imported(stderr: str) -> set[str]:
    """Module names from the `import time: self | cumulative | name` lines."""
    rows = (line.rsplit("|", 1) for line in stderr.splitlines() if line.startswith("import time:"))
    return {row[1].strip() for row in rows if len(row) == 2}


@pytest.fixture
def cached_world(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> tuple[GitHubEmulator, Path, dict[str, str]]:
    """A digest of three live repositories, audited once so the cache holds every answer."""
    names = [f"lab/tool{n}" for n in range(3)]
    for name in names:
        owner, repo = name.split("/")
        github_emulator.add_repo(RepoSpec(owner, repo))
    digest = write_digest(tmp_path / "digest.md", names, github_emulator.server_url)
    env = clean_env(tmp_path, **github_emulator.env(None))
    first = run([str(digest), "--no-archive", "--quiet"], env)
    assert first.code == 0, first.stderr
    return github_emulator, digest, env


@pytest.mark.parametrize(
    ("label", "argv", "also_absent"),
    [
        ("version", ["--version"], ("repro_audit.cli.main",)),
        ("help", ["--help"], ("repro_audit.sources.github", "repro_audit.scoring.rubric")),
        ("dump", ["{digest}", "--dump"], ("repro_audit.sources.github", "repro_audit.audit")),
        ("cached run", ["{digest}", "--no-archive", "--quiet", "--format", "csv"], ()),
    ],
)
def test_commands_that_ask_no_server_load_no_client(
    cached_world: tuple[GitHubEmulator, Path, dict[str, str]],
    label: str,
    argv: list[str],
    also_absent: tuple[str, ...],
) -> None:
    emulator, digest, env = cached_world
    asked_before = len(emulator.requests)
    done = run([a.format(digest=digest) for a in argv], {**env, "PYTHONPROFILEIMPORTTIME": "1"})
    assert done.code == 0, done.stderr[-2000:]
    loaded = _imported(done.stderr)
    assert "repro_audit" in loaded  # the log was read: the program's own package is in it
    assert sorted(loaded & {*HEAVY, *also_absent}) == [], label
    assert len(emulator.requests) == asked_before  # answered without asking GitHub at all
