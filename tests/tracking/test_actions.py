"""GitHub Actions output: escaping, annotations, outputs, and the CLI inside a simulated job."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.tracking.actions import (
    annotation,
    command,
    cut_summary,
    escape_data,
    escape_property,
    outputs_text,
    workspace_path,
)
from repro_audit.tracking.history import DeadPolicy, Health, LinkHealth
from repro_audit.tracking.workflow_text import enabled
from tests.emulator import GitHubEmulator, RepoSpec
from tests.formats.samples import rows
from tests.tracking.test_history import link

TOKEN = "ghp_actions_test_token"
NOW = datetime(2025, 11, 20, 6, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50%", "50%25", "50%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the text stays text
    ],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_command_shape() -> None:
    line = command("error", "gone\nfor good", [("file", "a,b.md"), ("line", "7")])
    assert line == "::error file=a%2Cb.md,line=7::gone%0Afor good"
    assert command("notice", "hi") == "::notice::hi"


@pytest.mark.parametrize(
    ("source", "workspace", "expected"),
    [
        ("digests/cv.md", None, "digests/cv.md"),
        ("./digests/cv.md", "/w", "digests/cv.md"),
        ("/w/repo/digests/cv.md", "/w/repo", "digests/cv.md"),
        ("/elsewhere/cv.md", "/w/repo", "/elsewhere/cv.md"),
        ("digests\\cv.md", None, "digests/cv.md"),
        ("D:\\a\\repo\\cv.md", "D:\\a\\repo", "cv.md"),
    ],
)
def test_workspace_path(source: str, workspace: str | None, expected: str) -> None:
    assert workspace_path(source, workspace) == expected


@pytest.mark.parametrize("env", [{"GITHUB_ACTIONS": "true"}, {"GITHUB_ACTIONS": "false"}, {}])
def test_enabled_only_when_actions_says_true(env: dict[str, str]) -> None:
    assert enabled(env) is (env.get("GITHUB_ACTIONS") == "true")


def test_annotations_per_status() -> None:
    by_line = {row.entry.line: row for row in rows()}
    moved = annotation(by_line[6], None)
    assert moved is not None and moved.startswith("::warning file=examples/digest.md,line=6,")
    assert "old/name now answers as new/name" in moved
    dead = annotation(by_line[7], None)
    assert dead is not None and dead.startswith("::error file=examples/digest.md,line=7,")
    assert "title=Dead%3A gone/repo::gone/repo is dead: 404" in dead
    failing = LinkHealth(link("gone/repo", by_line[7].status), Health.FAILING, 1, NOW)
    soft = annotation(by_line[7], None, failing, DeadPolicy(runs=3))
    assert soft is not None and soft.startswith("::warning ")
    assert "failing since 2025-11-20 (1 of 3 runs)" in soft
    assert [annotation(by_line[n], None) for n in (5, 8, 10, 20)] == [None] * 4


def test_outputs_text_uses_a_heredoc_for_multiline_values() -> None:
    text = outputs_text({"a": "1", "b": "x\nREPRO_AUDIT_EOF\ny"})
    assert text == "a=1\nb<<REPRO_AUDIT_EOF_1\nx\nREPRO_AUDIT_EOF\ny\nREPRO_AUDIT_EOF_1\n"


def test_cut_summary_respects_the_byte_limit() -> None:
    assert cut_summary("short", 100) == "short"
    cut = cut_summary("é" * 500, 200)
    assert len(cut.encode("utf-8")) <= 200 and "cut here" in cut


def _digest(folder: Path, server: str) -> Path:
    path = folder / "digests" / "weekly.md"
    path.parent.mkdir(parents=True)
    lines = [
        "## Vision",
        "",
        "| Title | Date | Abstract | Comment | CodeRepository |",
        "|---|---|---|---|---|",
        f"| Alive paper | 2025-10-01 | a | c | [Code Link]({server}/lab/alive) |",
        "| No code | 2025-10-01 | a | c | None |",
        f"| Gone paper | 2025-10-02 | a | c | [Code Link]({server}/lab/gone) |",
        f"| Moved paper | 2025-10-03 | a | c | [Code Link]({server}/lab/old) |",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_cli_in_a_github_actions_job(github_emulator: GitHubEmulator, tmp_path: Path) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "alive", license_spdx="MIT"))
    emu.add_repo(RepoSpec("lab", "old"))
    emu.rename("lab/old", "lab/new")
    digest = _digest(tmp_path, emu.server_url)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    summary.write_text("earlier step\n")
    report = tmp_path / "report.md"
    env = {
        **emu.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_WORKSPACE": str(tmp_path),
    }
    out, err = io.StringIO(), io.StringIO()
    argv = [str(digest), "--format", "markdown", "--output", str(report), "--no-cache"]
    code = main(argv, env, Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.FAIL_CONDITION, err.getvalue()
    annotations = out.getvalue().splitlines()
    assert annotations == [
        "::error file=digests/weekly.md,line=7,title=Dead%3A lab/gone::lab/gone is dead: "
        "not found on GitHub (404)",
        "::warning file=digests/weekly.md,line=8,title=Moved code link%3A lab/old::"
        "lab/old now answers as lab/new; update the link.",
    ]
    text = summary.read_text()
    assert text.startswith("earlier step\n## repro-audit report")  # appended, not replaced
    assert "```mermaid\npie showData" in text and "| Gone paper L7 | lab/gone | dead" in text
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert values == {
        "dead-count": "1",
        "failing-count": "0",
        "report-path": str(report),
        "exit-code": "2",
    }
    assert TOKEN not in text + outputs.read_text() + out.getvalue() + err.getvalue()


def test_cli_outside_actions_prints_no_workflow_commands(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    github_emulator.add_repo(RepoSpec("lab", "alive"))
    digest = _digest(tmp_path, github_emulator.server_url)
    out, err = io.StringIO(), io.StringIO()
    env = {**github_emulator.env(TOKEN), "GITHUB_OUTPUT": str(tmp_path / "o.txt")}
    code = main([str(digest), "--no-cache"], env, Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.FAIL_CONDITION
    assert "::error" not in out.getvalue() and not (tmp_path / "o.txt").exists()


def test_unwritable_summary_is_a_note_not_a_failure(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    github_emulator.add_repo(RepoSpec("lab", "alive"))
    github_emulator.add_repo(RepoSpec("lab", "gone"))
    github_emulator.add_repo(RepoSpec("lab", "old"))
    digest = _digest(tmp_path, github_emulator.server_url)
    env = {
        **github_emulator.env(TOKEN),
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "missing-folder" / "summary.md"),
    }
    out, err = io.StringIO(), io.StringIO()
    code = main([str(digest), "--no-cache"], env, Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.OK
    assert "cannot write $GITHUB_STEP_SUMMARY" in err.getvalue()


def test_a_report_on_stdout_stays_clean(github_emulator: GitHubEmulator, tmp_path: Path) -> None:
    github_emulator.add_repo(RepoSpec("lab", "alive"))
    github_emulator.add_repo(RepoSpec("lab", "old"))
    digest = _digest(tmp_path, github_emulator.server_url)
    env = {**github_emulator.env(TOKEN), "GITHUB_ACTIONS": "true"}
    out, err = io.StringIO(), io.StringIO()
    argv = [str(digest), "--format", "json", "--no-cache"]
    code = main(argv, env, Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.FAIL_CONDITION
    assert json.loads(out.getvalue())["summary"]["dead"] == 1  # no workflow command mixed in
    assert f"::error file={digest.as_posix()},line=7," in err.getvalue()
