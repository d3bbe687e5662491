"""What a newcomer meets at a terminal: a table that fits it, help that tells, reports written
where and how they expect, digests from standard input or from GitHub."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from tests.cli.installed import EXAMPLE, clean_env, run, run_in_pty
from tests.emulator import GitHubEmulator, RepoSpec
from tests.emulator.example_world import ExampleWorld

TOKEN = "ghp_terminal_test_token"


def _names(emu: GitHubEmulator, env: dict[str, str], tmp_path: Path) -> list[str]:
    """Every repository name and new name the example's rows carry, from the CSV report."""
    done = run([str(EXAMPLE), "--format", "csv", "--fail-on", "never"], env)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    names = []
    for row in rows:
        names += [part.strip() for part in [row["repo"], row["moved_to"]] if part.strip()]
    return names


@pytest.mark.parametrize("columns", [80, 120])
def test_the_table_fits_the_terminal_and_keeps_names_whole(
    example: tuple[GitHubEmulator, ExampleWorld], tmp_path: Path, columns: int
) -> None:
    emu, _ = example
    env = clean_env(tmp_path, **emu.env(TOKEN))
    done = run_in_pty([str(EXAMPLE), "--quiet"], env, columns=columns)
    assert done.code == 2, done.stdout
    lines = done.stdout.splitlines()
    table = [line for line in lines if not line.startswith("audit: ")]  # stderr's own notes
    assert max(len(line) for line in table) <= columns
    shown = {word for line in lines for word in line.split()}
    names = _names(emu, env, tmp_path)
    assert len(names) >= 42 and "mmunir127/LogViG" in names
    assert [name for name in names if name not in shown] == []  # none cut, none missing
    assert "42 links: 38 alive, 3 dead, 1 moved · 3 missed" in lines
    attention = lines.index(next(line for line in lines if "needs attention" in line))
    healthy = lines.index(next(line for line in lines if line.startswith("-- alive")))
    dead_at = [i for i, line in enumerate(lines) if " dead " in line and line.startswith("L")]
    assert dead_at and all(attention < i < healthy for i in dead_at)  # problems first


def test_columns_variable_and_wide(
    example: tuple[GitHubEmulator, ExampleWorld], tmp_path: Path
) -> None:
    emu, _ = example
    env = clean_env(tmp_path, COLUMNS="80", **emu.env(TOKEN))
    fitted = run([str(EXAMPLE)], env)
    assert max(len(line) for line in fitted.stdout.splitlines()) <= 80
    wide = run([str(EXAMPLE), "--wide"], env)
    rows = [line for line in wide.stdout.splitlines() if "mmunir127/LogViG-Official" in line]
    assert len(rows) == 1 and "Multi-Scale High-Resolution" in rows[0]  # every column, one line
    assert "README" in wide.stdout.splitlines()[2]


def test_help_lists_commands_formats_defaults_and_tokens(tmp_path: Path) -> None:
    done = run(["--help"], clean_env(tmp_path))
    assert done.code == 0
    text = " ".join(done.stdout.split())
    for needed in (
        "audit fix DIGEST",
        "audit diff",
        "audit report",
        "table, markdown, json, csv, sarif",
        "GH_TOKEN",
        "HTTPS_PROXY",
        "--batch-size BATCH_SIZE repos per GraphQL query (default: 50)",
        "--workers WORKERS parallel REST/git workers (default: 4)",
        "--timeout TIMEOUT seconds per request (default: 30.0)",
        "--no-progress",
        "--offline",
        "4 GitHub's API cannot be reached",
    ):
        assert needed in text, needed


def _small(tmp_path: Path, emu: GitHubEmulator) -> str:
    return (
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| A paper | 2025-10-01 | text | none | [Code Link]({emu.server_url}/lab/tool) |\n"
    )


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("r.json", lambda text: json.loads(text)["summary"]["with_code_link"] == 1),
        ("r.md", lambda text: text.startswith("#") and "| " in text),
        ("r.csv", lambda text: text.splitlines()[0].startswith("source,line,")),
        ("r.sarif", lambda text: json.loads(text)["version"] == "2.1.0"),
    ],
)
def test_output_format_follows_the_extension_and_files_are_0644(
    tmp_path: Path, name: str, check: object
) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = tmp_path / "d.md"
        digest.write_text(_small(tmp_path, emu), encoding="utf-8")
        target = tmp_path / name
        done = run([str(digest), "-o", str(target)], clean_env(tmp_path, **emu.env(None)))
    assert done.code == 0, done.stderr
    assert callable(check) and check(target.read_text(encoding="utf-8"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_output_into_a_missing_folder_is_refused_before_asking(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = tmp_path / "d.md"
        digest.write_text(_small(tmp_path, emu), encoding="utf-8")
        target = tmp_path / "no" / "such" / "x.md"
        done = run([str(digest), "-o", str(target)], clean_env(tmp_path, **emu.env(None)))
        asked = emu.requests
    assert done.code == 3
    assert done.stderr.splitlines() == [
        f"audit: error: --output {target}: no such folder {target.parent}"
    ]
    assert not target.parent.exists() and asked == []


def test_a_digest_from_standard_input(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool", license_spdx="MIT"))
        env = clean_env(tmp_path, **emu.env(None))
        done = run(["-", "--format", "csv"], env, stdin=_small(tmp_path, emu))
    assert done.code == 0, done.stderr
    assert "lab/tool" in done.stdout and ",alive," in done.stdout


def test_a_digest_on_github_is_read_through_the_api(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool", license_spdx="MIT"))
        emu.add_repo(RepoSpec("lab", "lists", files={"README.md": _small(tmp_path, emu)}))
        env = clean_env(tmp_path, **emu.env(TOKEN))
        url = f"{emu.server_url}/lab/lists/blob/main/README.md"
        done = run([url, "--format", "csv"], env)
        asked = [(r.path, r.authenticated) for r in emu.requests if "contents" in r.path]
        missing = run([f"{emu.server_url}/lab/lists/blob/main/NOPE.md"], env)
    assert done.code == 0, done.stderr
    assert "lab/tool" in done.stdout and ",alive," in done.stdout
    assert asked == [("/api/v3/repos/lab/lists/contents/README.md", True)]
    assert missing.code == 3 and "no such file on GitHub (404)" in missing.stderr


def test_an_html_output_follows_the_extension_or_says_it_cannot(tmp_path: Path) -> None:
    """`.html` maps to the html format where this version has one (issue 15), else one line."""
    from repro_audit.formats import OutputFormat

    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = tmp_path / "d.md"
        digest.write_text(_small(tmp_path, emu), encoding="utf-8")
        target = tmp_path / "r.html"
        done = run([str(digest), "-o", str(target)], clean_env(tmp_path, **emu.env(None)))
    if "html" in {member.value for member in OutputFormat}:
        assert done.code == 0 and "<html" in target.read_text(encoding="utf-8").lower()
    else:
        assert done.code == 3 and not target.exists()
        assert done.stderr.splitlines() == [
            f"audit: error: --output {target}: this version cannot write html reports; "
            "choose one with --format"
        ]
