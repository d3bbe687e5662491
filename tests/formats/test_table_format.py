"""The terminal table: columns, placeholders, summary block and --explain findings."""

from __future__ import annotations

import pytest

from repro_audit.formats import RenderOptions, table
from repro_audit.formats.common import HEADERS
from tests.formats.samples import MISSED_URL, report


def _line(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_header_and_columns() -> None:
    text = table.render(report(), RenderOptions())
    first = text.splitlines()[0]
    assert first.startswith("repro-audit 0.1.0 · rubric 0.1 · generated 2025-11-01T12:00:00Z")
    header = _line(text, "Paper")
    positions = [header.index(name) for name in HEADERS]
    assert positions == sorted(positions)
    assert text.endswith("\n")


def test_rows_show_values_and_placeholders() -> None:
    text = table.render(report(), RenderOptions())
    alive = _line(text, "lab/paper-code")
    for value in ("alive", "MIT", "42", "2025-10-20", "yes", "environment.yml", "72 B"):
        assert value in alive
    assert "(2510.14810v2) L5" in alive
    assert "old/name → new/name" in _line(text, "Moved paper")
    unknown = _line(text, "busy/repo")
    assert "unknown (rate limited)" in unknown
    assert unknown.split()[-6:] == ["?"] * 6
    assert " no " not in unknown
    dead = _line(text, "gone/repo")
    assert "dead (404)" in dead
    assert dead.rstrip().endswith("0 F")
    assert _line(text, "Pages paper").rstrip().endswith("—")


def test_no_link_rows_hidden_but_counted() -> None:
    hidden = table.render(report(), RenderOptions())
    shown = table.render(report(), RenderOptions(show_all=True))
    assert "No link paper" not in hidden
    assert "No link paper L20" in shown
    for text in (hidden, shown):
        summary = text.split("\nSummary\n")[1]
        assert _line(summary, "no code link").split()[-1] == "1"
        assert _line(text, MISSED_URL).split() == ["L20", MISSED_URL]


def test_summary_block() -> None:
    text = table.render(report(), RenderOptions())
    summary = text.split("\nSummary\n")[1]
    counts = {
        " ".join(line.split()[:-1]): int(line.split()[-1])
        for line in summary.splitlines()
        if line.startswith("  ") and line.split()[-1].isdigit()
    }
    assert counts["entries"] == 7
    assert counts["with code link"] == 6
    assert counts["dead"] == 1
    assert counts["not a repository"] == 1
    assert "examples/digest.md:L3 row has 4 cells | expected 5" in summary
    assert "anonymous budget will not fit" in summary
    *_, requests, verdict = summary.rstrip().splitlines()
    assert requests == "Requests: graphql 2, rest 5, git 1; answered from cache: 0"
    assert verdict.startswith("6 links: ") and " 1 dead" in verdict


def test_explain_lists_findings_with_remediation() -> None:
    plain = table.render(report(), RenderOptions())
    text = table.render(report(), RenderOptions(explain=True))
    assert "Findings" not in plain
    findings = text.split("\nFindings\n")[1].split("\nSummary\n")[0]
    assert "L5 lab/paper-code: 72 B (coverage 85%)" in findings
    fail = _line(findings, "Dependency specification: no dependency")
    assert fail.split()[:2] == ["fail", "0/20"]
    assert "fix: Add a requirements.txt" in findings
    assert _line(findings, "stars unknown").split()[:2] == ["unknown", "—"]
    assert "L7 gone/repo: 0 F" in findings
    assert "Pages paper" not in findings  # nothing was scored for it


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_width_is_kept_and_names_stay_whole(width: int) -> None:
    text = table.render(report(), RenderOptions(width=width, explain=True))
    lines = text.splitlines()
    words = {word for line in lines for word in line.split()}
    assert {"lab/paper-code", "old/name", "new/name", "gone/repo", "busy/repo"} <= words
    too_long = [line for line in lines if len(line) > width and " " in line.strip()]
    assert too_long == []  # only a single word longer than the line (a URL) may overrun
    attention = next(i for i, line in enumerate(lines) if "needs attention" in line)
    healthy = next(i for i, line in enumerate(lines) if line.startswith("-- alive"))
    gone = next(i for i, line in enumerate(lines) if "gone/repo" in line)
    assert attention < gone < healthy


def test_labels_are_cut_with_an_ellipsis_not_names() -> None:
    text = table.render(report(), RenderOptions(width=60))
    assert "…" in text or max(len(line) for line in text.splitlines()) <= 60
    assert "Paper" not in text.splitlines()[2]  # the title column left out when there is no room
