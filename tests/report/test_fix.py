"""Fixing a digest, from literals: only code cells change, byte for byte everything else stays."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from repro_audit.models import (
    AuditRow,
    Existence,
    LinkChecks,
    LinkOrigin,
    PageState,
    RepoFacts,
    RepoRef,
    WebCheck,
)
from repro_audit.reading.digest import read_digest
from repro_audit.report.assemble import build_report, page_code_papers
from repro_audit.report.fix import (
    FixPlan,
    apply_fixes,
    cell_spans,
    moved_url,
    plan_fixes,
    split_lines,
    unified_diff,
)

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})


@pytest.mark.parametrize(
    ("url", "new"),
    [
        ("https://github.com/old/Name", "https://github.com/new/Name2"),
        ("http://github.com/old/Name/tree/main/src", "http://github.com/new/Name2/tree/main/src"),
        ("https://github.com/old/Name.git", "https://github.com/new/Name2.git"),
        (
            "https://github.com/old/Name?tab=readme#top",
            "https://github.com/new/Name2?tab=readme#top",
        ),
        ("https://github.com/old", "https://github.com/old"),  # not a repository: unchanged
    ],
)
def test_moved_url(url: str, new: str) -> None:
    assert moved_url(url, "new/Name2") == new


@pytest.mark.parametrize(
    ("line", "content", "spans"),
    [
        ("| a | None |", "None", [6]),
        ("| None | x | None |", "None", [2, 13]),
        ("| Nonesuch | x |", "None", []),
        ("| a | None", "None", [6]),  # a row without its closing pipe
        ("| a \\| None |", "None", []),  # an escaped pipe does not open a cell
        ("| a | |", "", []),
    ],
)
def test_cell_spans(line: str, content: str, spans: list[int]) -> None:
    assert cell_spans(line, content) == spans


def _digest(newline: str, bom: str = "", end: str = "\n") -> str:
    lines = [
        "# Weekly digest",
        "",
        "| Title | Date | Abstract | Comment | Code |",
        "| --- | --- | --- | --- | --- |",
        "| [Moved](http://arxiv.org/abs/2501.00001v1) | 2025-10-01 | See "
        "https://github.com/old/Name too. | |  [Code Link](https://github.com/old/Name)  |",
        "| [Missed](http://arxiv.org/abs/2502.05857v3) | 2025-10-01 | Code: "
        "https://github.com/zju3dv/EgoAgent. | | None |",
        "| [Kept](http://arxiv.org/abs/2501.00003v1) | 2025-10-01 | x | | "
        "[Code Link](https://github.com/lab/kept) |",
        "| [Gone](http://arxiv.org/abs/2501.00004v1) | 2025-10-01 | "
        "https://github.com/lab/also-gone | | None |",
        "",
        "Trailing prose with   odd  spacing\t.",
    ]
    return bom + newline.join(lines) + (end if end == "" else newline)


def _rows(text: str) -> list[AuditRow]:
    known = {
        "old/name": RepoFacts(
            RepoRef("github.com", "old", "Name"),
            Existence.EXISTS,
            canonical="new/Name2",
            is_empty=False,
        ),
        "zju3dv/egoagent": RepoFacts(
            RepoRef("github.com", "zju3dv", "EgoAgent"),
            Existence.EXISTS,
            canonical="zju3dv/EgoAgent",
            is_empty=False,
        ),
        "lab/kept": RepoFacts(
            RepoRef("github.com", "lab", "kept"), Existence.EXISTS, canonical="lab/kept"
        ),
        "lab/also-gone": RepoFacts(RepoRef("github.com", "lab", "also-gone"), Existence.MISSING),
    }
    digest = read_digest(text.removeprefix("\ufeff"), "d.md")
    return list(build_report([digest], known, NOW, HOSTS, checks=LinkChecks()).rows)


@pytest.mark.parametrize(
    ("newline", "bom", "end"),
    [("\n", "", "\n"), ("\r\n", "", "\r\n"), ("\r\n", "\ufeff", ""), ("\r", "", "\r")],
    ids=["lf", "crlf", "bom-crlf-no-final-newline", "cr"],
)
def test_fix_changes_only_the_code_cells(newline: str, bom: str, end: str) -> None:
    text = _digest(newline, bom, end)
    plan = plan_fixes(text, _rows(text), HOSTS)
    assert [(fix.line, fix.old, fix.new) for fix in plan.fixes] == [
        (
            5,
            "[Code Link](https://github.com/old/Name)",
            "[Code Link](https://github.com/new/Name2)",
        ),
        (6, "None", "[Code Link](https://github.com/zju3dv/EgoAgent)"),
    ]
    assert plan.skipped == ()  # the dead suggestion on line 8 is not offered
    fixed = apply_fixes(text, plan)
    before, after = split_lines(text), split_lines(fixed)
    assert len(before) == len(after)
    changed = [n + 1 for n, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    assert changed == [5, 6]
    for number in changed:
        (old_line, old_break), (new_line, new_break) = before[number - 1], after[number - 1]
        assert old_break == new_break
        fix = next(f for f in plan.fixes if f.line == number)
        # byte-identical around the cell: same prefix, same suffix (spaces and pipes included)
        assert new_line[: fix.start] == old_line[: fix.start]
        assert new_line[fix.start + len(fix.new) :] == old_line[fix.start + len(fix.old) :]
    assert "See https://github.com/old/Name too." in fixed  # the abstract is not the code cell
    assert fixed.startswith(bom + "# Weekly digest" + newline)
    assert fixed.endswith("odd  spacing\t." + end)


def test_the_diff_is_minimal() -> None:
    text = _digest("\n")
    fixed = apply_fixes(text, plan_fixes(text, _rows(text), HOSTS))
    diff = unified_diff(text, fixed, "digests/weekly.md")
    lines = diff.splitlines()
    assert lines[:2] == ["--- a/digests/weekly.md", "+++ b/digests/weekly.md"]
    assert sum(line.startswith("-") and not line.startswith("---") for line in lines) == 2
    assert sum(line.startswith("+") and not line.startswith("+++") for line in lines) == 2
    assert unified_diff(text, text, "x.md") == ""


def test_a_cell_that_cannot_be_placed_is_skipped_not_guessed() -> None:
    text = _digest("\n").replace("| | None |", "| None | None |", 1)  # comment says "None" too
    plan = plan_fixes(text, _rows(text), HOSTS)
    assert [fix.line for fix in plan.fixes] == [5]
    assert plan.skipped == (
        "L6: code link found in the abstract: https://github.com/zju3dv/EgoAgent not applied: "
        "the code cell is found more than once",
    )


def test_bare_urls_when_the_digest_uses_no_link_labels() -> None:
    text = _digest("\n").replace(
        "[Code Link](https://github.com/lab/kept)", "https://github.com/lab/kept"
    )
    text = text.replace("[Code Link](https://github.com/old/Name)", "https://github.com/old/Name")
    plan = plan_fixes(text, _rows(text), HOSTS)
    assert [fix.new for fix in plan.fixes] == [
        "https://github.com/new/Name2",
        "https://github.com/zju3dv/EgoAgent",
    ]


def test_apply_refuses_a_text_that_changed() -> None:
    text = _digest("\n")
    plan = plan_fixes(text, _rows(text), HOSTS)
    with pytest.raises(ValueError, match="L5: the code cell changed"):
        apply_fixes(text.replace("[Code Link](https://github.com/old/Name)", "[x](y)"), plan)
    assert apply_fixes(text, FixPlan()) == text


@pytest.mark.parametrize(
    ("comment", "repo"),
    [
        ("Project page: https://pageonly.github.io/", "pageonly/pageonly.github.io"),
        ("Project page: https://site-lab.github.io/proj-site/", "site-lab/proj-site"),
    ],
)
def test_a_project_page_never_fills_the_code_cell(comment: str, repo: str) -> None:
    """Issue 12: the site's own repository is not the paper's code, even when it exists."""
    text = (
        "| Title | Date | Abstract | Comment | Code |\n| --- | --- | --- | --- | --- |\n"
        f"| Page Only | 2025-03-01 | A method. | {comment} | None |\n"
    )
    owner, name = repo.split("/")
    known = {repo.lower(): RepoFacts(RepoRef("github.com", owner, name), Existence.EXISTS,
                                     canonical=repo, is_empty=False)}  # fmt: skip
    digest = read_digest(text, "d.md")
    rows = list(build_report([digest], known, NOW, HOSTS, checks=LinkChecks()).rows)
    assert rows[0].suggestions and rows[0].suggestions[0].resolved_repo == repo  # it exists
    plan = plan_fixes(text, rows)
    assert plan.fixes == ()
    assert plan.skipped == (
        f"L3: project page without a code link ({comment.split(': ')[1]}); nothing filled",
    )


def test_the_code_link_a_project_page_shows_fills_the_cell() -> None:
    """Issue 12: the page's own "Code" link is suggested (origin project_page) and filled."""
    page = "https://site-lab.github.io/proj-site/"
    text = (
        "| Title | Date | Abstract | Comment | Code |\n| --- | --- | --- | --- | --- |\n"
        f"| Project Site | 2025-03-02 | A method. | Project page: {page} | None |\n"
    )
    known = {
        "site-lab/proj-site": RepoFacts(RepoRef("github.com", "site-lab", "proj-site"),
                                        Existence.EXISTS, canonical="site-lab/proj-site"),
        "lab/real-code": RepoFacts(RepoRef("github.com", "lab", "real-code"), Existence.EXISTS,
                                   canonical="lab/real-code", is_empty=False),
    }  # fmt: skip
    checks = LinkChecks(
        web={page: WebCheck(page, PageState.ALIVE, 200, code_links=("https://github.com/lab/real-code",))}
    )  # fmt: skip
    digest = read_digest(text, "d.md")
    rows = list(build_report([digest], known, NOW, HOSTS, checks=checks).rows)
    origins = [(s.origin, s.link.url if s.link else None) for s in rows[0].suggestions]
    assert origins == [
        (LinkOrigin.COMMENT, page),
        (LinkOrigin.PROJECT_PAGE, "https://github.com/lab/real-code"),
    ]
    assert page_code_papers([digest], HOSTS, checks) == [
        (known["lab/real-code"].ref, date(2025, 3, 2))
    ]
    plan = plan_fixes(text, rows)
    assert [(fix.line, fix.new) for fix in plan.fixes] == [(3, "https://github.com/lab/real-code")]
    assert (
        plan.fixes[0].why == "code link found in the project page: https://github.com/lab/real-code"
    )
