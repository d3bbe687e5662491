"""`audit fix` in process against the emulator: dry-run diff, atomic --write, refusals."""

from __future__ import annotations

import io
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from repro_audit.cli.console import ExitCode, Streams
from repro_audit.cli.main import main
from tests.cli.installed import clean_env, run
from tests.emulator import GitHubEmulator, RepoSpec

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_fix_command_token"


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["fix", *argv], env, Streams(out, err), clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def world(github_emulator: GitHubEmulator) -> GitHubEmulator:
    for owner, name in (("old", "Name"), ("zju3dv", "EgoAgent"), ("lab", "kept")):
        github_emulator.add_repo(RepoSpec(owner, name, license_spdx="MIT"))
    github_emulator.add_repo(RepoSpec("group", "project", license_spdx="MIT"))
    github_emulator.rename("old/Name", "new/Name2")
    return github_emulator


def _digest(folder: Path, server: str) -> Path:
    port = server.rsplit(":", 1)[1]
    rows = [
        "# Digest",
        "",
        "| Title | Date | Abstract | Comment | Code |",
        "| --- | --- | --- | --- | --- |",
        f"| [Moved](http://arxiv.org/abs/2501.00001v1) | 2025-10-01 | x | | "
        f"[Code Link]({server}/old/Name) |",
        "| [Missed](http://arxiv.org/abs/2502.05857v3) | 2025-10-01 | Code: "
        "https://github.com/zju3dv/EgoAgent. | | None |",  # asked through the emulator's API
        f"| [Kept](http://arxiv.org/abs/2501.00003v1) | 2025-10-01 | x | | "
        f"[Code Link]({server}/lab/kept) |",
        f"| [GitLab](http://arxiv.org/abs/2501.00004v1) | 2025-10-01 | Our code: "
        f"http://localhost:{port}/group/project.git | | None |",
        "",
    ]
    path = folder / "digests" / "weekly.md"
    path.parent.mkdir()
    path.write_bytes("\r\n".join(rows).encode())
    return path


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_dry_run_prints_a_diff_and_writes_nothing(
    world: GitHubEmulator, tmp_path: Path, token: str | None
) -> None:
    path = _digest(tmp_path, world.server_url)
    before = path.read_bytes()
    code, out, err = _run([str(path), "--no-cache", "--diff"], world.env(token))
    assert code == ExitCode.OK, err
    assert path.read_bytes() == before
    removed = [line for line in out.splitlines() if line.startswith("-") and "---" not in line]
    added = [line for line in out.splitlines() if line.startswith("+") and "+++" not in line]
    assert len(removed) == len(added) == 3
    port = world.server_url.rsplit(":", 1)[1]
    assert f"[Code Link]({world.server_url}/new/Name2)" in added[0]
    assert "[Code Link](https://github.com/zju3dv/EgoAgent) |" in added[1]
    assert f"[Code Link](http://localhost:{port}/group/project)" in added[2]
    assert "old/Name moved to new/Name2" in err and "code link found in the abstract" in err
    assert TOKEN not in out + err


def test_write_replaces_the_file_atomically(world: GitHubEmulator, tmp_path: Path) -> None:
    path = _digest(tmp_path, world.server_url)
    path.chmod(0o640)
    before = path.read_bytes()
    code, out, err = _run([str(path), "--write", "--no-cache"], world.env(TOKEN))
    assert code == ExitCode.OK, err
    assert out == "" and "3 cell(s) rewritten" in err
    after = path.read_bytes()
    assert after.count(b"\r\n") == before.count(b"\r\n")  # line endings kept
    pairs = zip(before.split(b"\r\n"), after.split(b"\r\n"), strict=True)
    changed = [number for number, (old, new) in enumerate(pairs, 1) if old != new]
    assert changed == [5, 6, 8]
    assert (path.stat().st_mode & 0o777) == 0o640
    assert os.listdir(path.parent) == ["weekly.md"]  # no temporary file left behind
    code, _, err = _run([str(path), "--write", "--no-cache"], world.env(TOKEN))
    assert code == ExitCode.OK and "nothing to fix" in err
    assert path.read_bytes() == after


def test_dry_run_shows_the_cells_that_change(world: GitHubEmulator, tmp_path: Path) -> None:
    """Through the installed script: one line per changed cell, not whole rows."""
    path = _digest(tmp_path, world.server_url)
    env = clean_env(tmp_path, **world.env(TOKEN))
    done = run(["fix", str(path)], env)
    assert done.code == ExitCode.OK, done.stderr
    port = world.server_url.rsplit(":", 1)[1]
    lines = done.stdout.splitlines()
    assert len(lines) == 3
    assert lines[0] == f"{path}:L5 code: old/Name → new/Name2  (old/Name moved to new/Name2)"
    assert lines[1].startswith(f"{path}:L6 code: None → zju3dv/EgoAgent  (code link found")
    assert lines[2].startswith(f"{path}:L8 code: None → http://localhost:{port}/group/project")
    assert "Abstract" not in done.stdout and "|" not in done.stdout  # no whole rows


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"| Title | Code |\n| --- | --- |\n| \xff\xfe | None |\n", [], "not UTF-8"),
        (None, [], "no such file"),
        (b"# x\n", ["--write", "--dry-run"], "not allowed with argument"),
        (b"# x\n", ["--papers-api-url", "ftp://x"], "--papers-api-url must be"),
    ],
)
def test_refusals_are_one_line_and_exit_3(
    tmp_path: Path, content: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "digest.md"
    if content is not None:
        path.write_bytes(content)
    code, out, err = _run([str(path), *args, "--no-cache"], {})
    assert code == ExitCode.USAGE_ERROR and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    if content is not None:
        assert path.read_bytes() == content


def test_a_folder_is_refused_as_audit_refuses_it(tmp_path: Path) -> None:
    """`fix` reads its files through the same gate as `audit`: one line, exit 3."""
    folder = tmp_path / "lists.md"
    folder.mkdir()
    code, out, err = _run([str(folder), "--no-cache"], {})
    assert code == ExitCode.USAGE_ERROR and out == ""
    assert err.strip() == f"audit: error: {folder}: is a directory, not a digest file"


def test_audit_diff_says_what_a_fix_rewrote(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    """Audit with a history, `fix --write`, audit again: `audit diff` names the rewritten link."""
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "Old", license_spdx="MIT"))
    emu.rename("lab/Old", "lab/Fresh")
    path = tmp_path / "weekly.md"
    path.write_text(
        "| Title | Date | Abstract | Comment | Code |\n| --- | --- | --- | --- | --- |\n"
        f"| Paper | 2025-10-01 | x | | [Code Link]({emu.server_url}/lab/Old) |\n",
        encoding="utf-8",
    )
    env = clean_env(tmp_path, **emu.env(TOKEN))
    history = tmp_path / "audits"
    audit = [str(path), "--history", str(history), "--fail-on", "never", "--format", "csv"]
    assert run(audit, env).code == ExitCode.OK
    assert run(["fix", str(path), "--write"], env).code == ExitCode.OK
    assert run(audit, env).code == ExitCode.OK
    done = run(["diff", "--history", str(history), str(path)], env)
    assert done.code == ExitCode.OK, done.stderr
    text = " ".join(done.stdout.split())
    assert "link rewritten" in text
    assert "L3 lab/Fresh" in text and "was lab/Old (it had moved to lab/Fresh)" in text
