"""The `audit` command end to end, in process against the emulator, plus one installed run."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from tests.emulator import GitHubEmulator
from tests.emulator.example_world import ExampleWorld

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "digest.md"
SCHEMA = ROOT / "src" / "repro_audit" / "schema" / "audit-report.schema.json"
TOKEN = "ghp_cli_test_token"
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)


class Run:
    """One in-process run's exit code and output."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        out, err = io.StringIO(), io.StringIO()
        self.code = main(argv, env, Streams(out, err), clock=lambda: NOW)
        self.stdout, self.stderr = out.getvalue(), err.getvalue()

    def json(self) -> dict[str, object]:
        document = json.loads(self.stdout)
        assert isinstance(document, dict)
        return document


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_example_digest_json(
    example: tuple[GitHubEmulator, ExampleWorld], token: str | None
) -> None:
    emu, world = example
    emu.clear_requests()
    run = Run([str(EXAMPLE), "--format", "json"], emu.env(token))
    assert run.code == ExitCode.FAIL_CONDITION, run.stderr  # the world holds dead links
    document = run.json()
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    rows = document["rows"]
    assert isinstance(rows, list)
    linked = [row for row in rows if row["link_status"] != "no_link"]
    assert len(linked) == 42
    summary = document["summary"]
    assert isinstance(summary, dict)
    assert summary["entries"] == 200 and summary["no_link"] == 158
    assert summary["with_code_link"] == 42
    for row in linked:
        if row["link_status"] == "not_a_repo":
            assert "github.io" in row["code_link"]
            continue
        slug = row["repo"]
        assert row["link_status"] == world.expected_status[slug], (slug, row["reason"])
        if row["link_status"] == "moved":
            assert row["moved_to"] == world.moved_to[slug]
        if row["link_status"] == "alive":
            assert row["facts"]["exists"] is True
            assert row["score"] is not None
    statuses = [row["link_status"] for row in linked]
    assert statuses.count("dead") == 3 and statuses.count("moved") == 1
    assert statuses.count("not_a_repo") == 0 and statuses.count("unknown") == 0
    _check_beyond_github(rows, summary)
    assert summary["missed_code_links"] >= 1
    ego = [
        row for row in rows if any("zju3dv/EgoAgent" in str(m["url"]) for m in row["missed_links"])
    ]
    assert len(ego) == 1 and ego[0]["link_status"] == "no_link"
    graphql = [r for r in emu.requests if r.kind == "graphql"]
    rest = [r for r in emu.requests if r.kind == "rest" and "/rate_limit" not in r.path]
    print(f"requests: graphql={len(graphql)} rest={len(rest)} git={document['requests']}")
    if token:
        assert len(graphql) in (1, 2) and not rest  # facts (+ texts the guesses missed)
        # 40 linked repositories, 2 behind github.io code links, 2 suggested: one batch
        assert graphql[0].aliases == 44
    else:
        assert not graphql and len(rest) <= 2 * 40


def _check_beyond_github(rows: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    """Both github.io code links resolve to their repository; every missed link is audited."""
    pages = {row["code_link"]: row for row in rows if "github.io" in str(row["code_link"])}
    assert {row["resolved_repo"] for row in pages.values()} == {
        "vineetkumarrakesh/lcnn-opt",
        "cristianopatricio/CBVLM",
    }
    for row in pages.values():
        assert row["flags"] == ["project_page"] and row["link_status"] == "alive"
        assert row["score"] is not None and row["facts"]["exists"] is True
        assert row["web"]["state"] == "unknown" and "allow-list" in row["web"]["reason"]
    suggested = {s["code_link"]: (row, s) for row in rows for s in row["suggestions"]}
    assert set(suggested) == {
        "https://github.com/zju3dv/EgoAgent",  # written with a sentence's full stop
        "https://diffusemix.github.io/",
        "https://anonymous.4open.science/r/MemAttack-5413/",
    }
    for row, suggestion in suggested.values():
        assert row["link_status"] == "no_link" and "missed_link" in suggestion["flags"]
    ego = suggested["https://github.com/zju3dv/EgoAgent"][1]
    assert ego["link_status"] == "alive" and ego["repo"] == "zju3dv/EgoAgent"
    assert ego["origin"] == "abstract" and ego["score"] is not None
    mirror = suggested["https://anonymous.4open.science/r/MemAttack-5413/"][1]
    assert mirror["flags"] == ["missed_link", "temporary"]
    assert mirror["link_status"] == "not_a_repo" and mirror["web"]["state"] == "unknown"
    page = suggested["https://diffusemix.github.io/"][1]
    assert page["link_status"] == "not_a_repo" and "project_page" in page["flags"]
    assert "no repository diffusemix/diffusemix.github.io" in page["reason"]
    assert summary["project_pages"] == 2 and summary["temporary_links"] == 1
    assert summary["suggestions_alive"] == 1 and summary["missed_code_links"] == 3


def test_an_outage_never_produces_dead(example: tuple[GitHubEmulator, ExampleWorld]) -> None:
    emu, _ = example
    emu.fail_next("graphql", 502, count=50)
    run = Run([str(EXAMPLE), "--format", "json", "--retries", "2"], emu.env(TOKEN))
    emu.clear_faults()
    summary = run.json()["summary"]
    assert isinstance(summary, dict)
    # 40 repositories and the 2 behind github.io links: all unknown, none dead
    assert summary["dead"] == 0 and summary["unknown"] == 42 and summary["alive"] == 0
    assert run.code == ExitCode.OK
    assert (
        Run(
            [str(EXAMPLE), "--format", "json", "--fail-on", "unknown", "--retries", "1"],
            {**emu.env(TOKEN), "GITHUB_GRAPHQL_URL": "http://127.0.0.1:9/api/graphql"},
        ).code
        == 2
    )


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_every_format_renders_the_example(
    example: tuple[GitHubEmulator, ExampleWorld], fmt: str, tmp_path: Path
) -> None:
    emu, _ = example
    target = tmp_path / f"report.{fmt}"
    run = Run(
        [str(EXAMPLE), "--format", fmt, "--output", str(target), "--fail-on", "never"],
        emu.env(TOKEN),
    )
    assert run.code == ExitCode.OK and run.stdout == ""
    text = target.read_text()
    assert "SPHeRe" in text and "LogViG" in text
    assert TOKEN not in text + run.stderr


def test_table_shows_summary_and_explain(example: tuple[GitHubEmulator, ExampleWorld]) -> None:
    emu, _ = example
    run = Run([str(EXAMPLE), "--explain", "--all"], emu.env(TOKEN))
    assert "mmunir127/LogViG-Official" in run.stdout and "moved" in run.stdout
    assert "Free-Grained Hierarchical" in run.stdout  # a no-link row, shown with --all
    assert "zju3dv/EgoAgent" in run.stdout


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("missing", [], "no such file"),
        ("binary", [], "binary"),
        ("empty", [], "no paper table and no code links"),
        ("prose", [], "no paper table and no code links"),
        ("directory", [], "no .md files"),
        ("good", ["--format", "yaml"], "invalid choice"),
        ("good", ["--batch-size", "0"], "at least 1"),
        ("good", ["--api-url", "ftp://x"], "GITHUB_API_URL"),
    ],
)
def test_bad_input_is_one_line_and_exit_3(
    tmp_path: Path, setup: str, args: list[str], message: str
) -> None:
    path = tmp_path / "digest.md"
    if setup == "binary":
        path.write_bytes(b"\x00\x01\x02PNG\x00" * 500)
    elif setup == "empty":
        path.write_text("")
    elif setup == "prose":
        path.write_text("# Notes\n\nNothing linked here.\n")
    elif setup == "directory":
        path = tmp_path / "folder"
        path.mkdir()
    elif setup == "good":
        shutil.copy(EXAMPLE, path)
    run = Run([str(path), *args], {})
    assert run.code == ExitCode.USAGE_ERROR
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_installed_script_runs(
    example: tuple[GitHubEmulator, ExampleWorld], tmp_path: Path
) -> None:
    emu, _ = example
    script = Path(sys.executable).parent / "audit"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "repro_audit"]
    result = subprocess.run(
        [*command, str(EXAMPLE), "--format", "csv", "--fail-on", "never"],
        env={"PATH": "/usr/bin:/bin", "REPRO_AUDIT_CACHE_DIR": str(tmp_path), **emu.env(TOKEN)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 43  # header + 42 code links
    assert TOKEN not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (ROOT / "tests/data/digests/shapes").glob("*.md"))
)
def test_dump_lists_what_was_read_without_any_server(name: str, tmp_path: Path) -> None:
    """`--dump` asks no server: the API URL points at a closed port, and nothing is waited for."""
    path = ROOT / "tests" / "data" / "digests" / "shapes" / name
    env = {"GITHUB_API_URL": "http://127.0.0.1:9", "GITHUB_SERVER_URL": "http://127.0.0.1:9"}
    run = Run(["--dump", str(path)], env)
    assert run.code == ExitCode.OK, run.stderr
    first, *rest = run.stdout.splitlines()
    assert first.startswith(f"{path}: ") and " entries, " in first
    written = path.read_text(encoding="utf-8")
    links = [line.split() for line in rest if line.startswith("    L")]
    assert links, "every shape fixture has links"
    for parts in links:  # `L<line>:<column> code|also <origin> [column] <url> -> <kind> ...`
        line, column = (int(n) for n in parts[0][1:].split(":"))
        url = next(p for p in parts if "://" in p)
        shown = written.splitlines()[line - 1][column - 1 :]
        assert (
            shown.startswith(url) or shown.startswith(url.split("://")[1]) or "written" in parts[-2]
        )
    out = tmp_path / "dump.txt"
    assert Run(["--dump", str(path), "-o", str(out)], env).code == ExitCode.OK
    assert out.read_text(encoding="utf-8") == run.stdout
