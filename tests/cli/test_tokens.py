"""Tokens are checked once per run, warm cache or not; a rejected one is dropped by position,
and the budget note comes before the first repository is asked."""

from __future__ import annotations

from pathlib import Path

from tests.cli.installed import clean_env, run, run_in_pty, write_digest
from tests.emulator import GitHubEmulator, RepoSpec

GOOD = "ghp_good_test_token_1"
BAD = "ghp_bad_test_token_2"


def test_a_bad_token_is_caught_even_when_the_cache_answers_everything(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", tokens=frozenset({GOOD})) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = write_digest(tmp_path / "d.md", ["lab/tool"], emu.server_url)
        env = clean_env(tmp_path, **emu.env(GOOD))
        assert run([str(digest), "--format", "csv"], env).code == 0
        done = run([str(digest), "--format", "csv", "--token", BAD], env)
    assert done.code == 3
    assert done.stderr.splitlines() == [
        "audit: error: GitHub rejected the token (401 Bad credentials); "
        "check GITHUB_TOKEN / --token"
    ]
    assert BAD not in done.stderr + done.stdout


def test_a_rejected_token_is_dropped_by_position_and_the_good_one_used(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", tokens=frozenset({GOOD})) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = write_digest(tmp_path / "d.md", ["lab/tool"], emu.server_url)
        env = clean_env(tmp_path, **{**emu.env(None), "GITHUB_TOKEN": f"{BAD},{GOOD}"})
        done = run([str(digest), "--format", "csv"], env)
        graphql = [r for r in emu.requests if r.kind == "graphql"]
    assert done.code == 0, done.stderr
    assert (
        "audit: warning: token 1 of 2 was rejected by GitHub (401 Bad credentials) and is "
        "left out of this run"
    ) in done.stderr.splitlines()
    assert ",alive," in done.stdout
    assert graphql and all(r.status == 200 for r in graphql)  # asked with the good one only
    assert BAD not in done.stderr + done.stdout and GOOD not in done.stderr + done.stdout


def test_every_token_rejected_fails(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", tokens=frozenset({GOOD})) as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = write_digest(tmp_path / "d.md", ["lab/tool"], emu.server_url)
        env = clean_env(tmp_path, **{**emu.env(None), "GH_TOKEN": f"{BAD},{BAD}x"})
        done = run([str(digest)], env)
    assert done.code == 3
    assert "GitHub rejected all 2 tokens (401 Bad credentials)" in done.stderr


def test_the_budget_note_comes_before_the_first_repository_is_asked(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh", anonymous_limit=2) as emu:
        names = [f"lab/r{i}" for i in range(5)]
        for name in names:
            emu.add_repo(RepoSpec(*name.split("/")))
        digest = write_digest(tmp_path / "d.md", names, emu.server_url)
        done = run_in_pty([str(digest), "--fail-on", "never"], clean_env(tmp_path, **emu.env(None)))
    note = "5 repositories need about 5 core requests but only 2 are left this hour"
    said = f"audit: note: {note}"
    assert done.stdout.count(said) == 1, done.stdout  # said once on stderr (the table repeats it)
    before, _, after = done.stdout.partition(said)
    assert before == ""  # before the progress bar and the table: nothing had been asked
    assert "%|" in after and "lab/r0" in after
