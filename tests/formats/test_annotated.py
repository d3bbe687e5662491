"""The annotated digest: an Audit column on audited tables, every other byte as it was."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from repro_audit.formats import OutputFormat, RenderOptions, render
from repro_audit.formats.annotated import annotate, badge, checks_label, paper_distance
from repro_audit.models import (
    AuditRow,
    Existence,
    LinkChecks,
    PageState,
    RepoFacts,
    RepoRef,
    WebCheck,
)
from repro_audit.reading.digest import read_digest
from repro_audit.report.assemble import build_report

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})
TEXT = (
    "# Digest\n"
    "\n"
    "Intro with a | pipe that is not a table.\n"
    "\n"
    "| Title | Date | Abstract | Comment | Code |\n"
    "| --- | --- | --- | --- | --- |\n"
    "| [Alive](http://arxiv.org/abs/2501.00001v1) | 2025-10-16 | x | | "
    "[Code Link](https://github.com/lab/alive) |\n"
    "| [Page](http://arxiv.org/abs/2501.00002v1) | 2025-10-16 | x | | "
    "[Code Link](https://lab.github.io/page) |\n"
    "| [None](http://arxiv.org/abs/2501.00003v1) | 2025-10-16 | at https://github.com/lab/alive. |"
    " | None |\n"
    "\n"
    "| Other | Table |\n"
    "| --- | --- |\n"
    "| not | audited |\n"
)


def _facts(owner: str, name: str) -> RepoFacts:
    return RepoFacts(
        RepoRef("github.com", owner, name),
        Existence.EXISTS,
        canonical=f"{owner}/{name}",
        is_empty=False,
        has_license=True,
        license_spdx="MIT",
        stars=3,
        root_files=("README.md", "requirements.txt"),
        last_commit_at=datetime(2025, 10, 28, 23, 0, tzinfo=timezone.utc),
    )


def _rows(text: str = TEXT) -> list[AuditRow]:
    known = {"lab/alive": _facts("lab", "alive"), "lab/page": _facts("lab", "page")}
    page = WebCheck("https://lab.github.io/page", PageState.ALIVE, 200)
    checks = LinkChecks(web={page.url: page})
    digest = read_digest(text, "d.md")
    return list(build_report([digest], known, NOW, HOSTS, checks=checks).rows)


def test_annotate_adds_one_column_to_the_audited_table_only() -> None:
    out = annotate(TEXT, _rows())
    before, after = TEXT.split("\n"), out.split("\n")
    assert len(before) == len(after)
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b]
    assert changed == [5, 6, 7, 8, 9]
    assert after[4] == "| Title | Date | Abstract | Comment | Code | Audit |"
    assert after[5] == "| --- | --- | --- | --- | --- | --- |"
    for number in (7, 8, 9):
        assert after[number - 1].startswith(before[number - 1] + " ")
        assert after[number - 1].count("|") == before[number - 1].count("|") + 1
    score = r"\d+(?: \(\d+\u2013\d+\))?(?: [A-F])?"  # a range when criteria are unknown
    expected = rf"\| alive · MIT · \d/\d checks · {score} · last commit 12 d after paper \|$"
    assert re.search(expected, after[6])  # rubric-independent: criteria and weights may change
    assert "project page → lab/page" in after[7]
    assert "no link · suggested: lab/alive (alive)" in after[8]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_endings_are_kept(newline: str) -> None:
    text = TEXT.replace("\n", newline)
    out = annotate(text, _rows(text))
    assert out.count(newline) == text.count(newline)
    assert out.startswith("# Digest" + newline + newline + "Intro with a | pipe")


def test_badge_parts() -> None:
    row = _rows()[0]
    assert re.fullmatch(r"\d/\d checks", checks_label(row) or "")
    assert paper_distance(row) == "last commit 12 d after paper"
    earlier = replace(
        row,
        facts=replace(
            _facts("lab", "alive"), last_commit_at=datetime(2025, 10, 13, tzinfo=timezone.utc)
        ),
    )
    assert paper_distance(earlier) == "last commit 3 d before paper"
    same_day = replace(row, entry=replace(row.entry, paper_date=date(2025, 10, 28)))
    assert paper_distance(same_day) == "last commit on the paper's day"
    text = badge(row)
    assert text.startswith("alive · MIT · ") and "d after paper" in text


def test_a_pipe_in_a_badge_cannot_split_the_row() -> None:
    row = replace(_rows()[0], status=_rows()[0].status, reason="x | y")
    dead = replace(row, status=row.status.__class__("dead"))
    out = annotate(TEXT, [dead])
    line = out.split("\n")[6]
    assert (
        "\\|" in line and line.count("|") - line.count("\\|") == TEXT.split("\n")[6].count("|") + 1
    )


def test_render_needs_the_text_and_names_each_digest() -> None:
    digest = read_digest(TEXT, "d.md")
    report = build_report([digest], {}, NOW, HOSTS)
    assert render(report, OutputFormat.ANNOTATED, RenderOptions()) == (
        "<!-- repro-audit: the text of d.md was not available -->\n"
    )
    text = render(report, OutputFormat.ANNOTATED, RenderOptions(digests=(("d.md", TEXT),)))
    assert text.startswith("# Digest\n") and "| Audit |" in text
    two = build_report([digest, read_digest(TEXT, "e.md")], {}, NOW, HOSTS)
    both = render(
        two, OutputFormat.ANNOTATED, RenderOptions(digests=(("d.md", TEXT), ("e.md", TEXT)))
    )
    assert both.count("<!-- repro-audit: ") == 2 and both.count("| Audit |") == 2
