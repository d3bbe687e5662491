"""The ignore list, JUnit output and --no-progress, through the installed script."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from tests.cli.installed import clean_env, run, run_in_pty, write_digest
from tests.emulator import GitHubEmulator, RepoSpec


def test_ignored_rows_are_left_out_and_reported(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = write_digest(
            tmp_path / "d.md", ["lab/tool", "lab/wip", "lab/old", "x/y"], emu.server_url
        )
        (tmp_path / ".repro-audit-ignore").write_text(
            "# links we know about\n"
            "LAB/WIP  until=2999-12-31  # released after the review\n"
            "lab/old  until=2001-01-01  # this one expired long ago\n",
            encoding="utf-8",
        )
        (tmp_path / "pyproject.toml").write_text(
            '[tool.repro-audit]\nexclude = [{pattern = "http://127.0.0.1:*/x/*", reason = "x"}]\n',
            encoding="utf-8",
        )
        env = clean_env(tmp_path, COLUMNS="80", **emu.env(None))
        done = run([str(digest)], env, cwd=tmp_path)
        asked = {r.path for r in emu.requests}
        xml_out = tmp_path / "r.xml"
        as_junit = run([str(digest), "-o", str(xml_out)], env, cwd=tmp_path)
    assert done.code == 2, done.stderr  # lab/old is dead and its rule has expired
    assert "/api/v3/repos/lab/wip" not in asked and "/api/v3/repos/x/y" not in asked
    lines = done.stdout.splitlines()
    assert "4 links" not in done.stdout and lines[-1].endswith("· 2 ignored")
    flat = " ".join(done.stdout.split())  # the table wraps long lines at 80 columns
    assert "L4 " in flat and "lab/wip (released after the review, until 2999-12-31)" in flat
    assert any(line.startswith("L5") and "lab/old" in line for line in lines)  # still audited
    assert "ignore rule 'lab/old' (.repro-audit-ignore:3) expired on 2001-01-01" in done.stderr
    assert as_junit.code == 2
    suite = ElementTree.parse(xml_out).getroot().find("testsuite")
    assert suite is not None
    assert (
        suite.get("tests") == "4" and suite.get("failures") == "1" and suite.get("skipped") == "2"
    )


def test_a_bad_ignore_rule_is_one_line(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        digest = write_digest(tmp_path / "d.md", ["lab/tool"], emu.server_url)
        (tmp_path / ".repro-audit-ignore").write_text("lab/tool until=soon\n", encoding="utf-8")
        done = run([str(digest)], clean_env(tmp_path, **emu.env(None)), cwd=tmp_path)
    assert done.code == 3
    assert done.stderr.splitlines() == [
        "audit: error: .repro-audit-ignore:1: until must be a date like 2026-03-31, got 'soon'"
    ]


def test_no_progress_is_an_alias_of_quiet(tmp_path: Path) -> None:
    with GitHubEmulator(tmp_path / "gh") as emu:
        emu.add_repo(RepoSpec("lab", "tool"))
        digest = write_digest(tmp_path / "d.md", ["lab/tool"], emu.server_url)
        env = clean_env(tmp_path, **emu.env(None))
        shown = run_in_pty([str(digest), "--no-cache"], env)
        hidden = run_in_pty([str(digest), "--no-cache", "--no-progress"], env)
    assert shown.code == hidden.code == 0
    assert "%|" in shown.stdout and "%|" not in hidden.stdout
    assert "lab/tool" in hidden.stdout
