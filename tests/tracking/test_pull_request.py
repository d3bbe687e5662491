"""The pull-request comment's text from a JSON report: what needs attention, rendered as text."""

from __future__ import annotations

from typing import Any

import pytest

from repro_audit.tracking.pull_request import ReportError, comment_for, links_of, run_url, safe


def _row(status: str, repo: str, line: int, **extra: Any) -> dict[str, Any]:
    return {
        "source": "digests/2025-10.md",
        "line": line,
        "title": extra.pop("title", f"Paper on line {line}"),
        "repo": repo,
        "code_link": f"https://github.com/{repo}",
        "link_status": status,
        "moved_to": extra.pop("moved_to", None),
        "reason": extra.pop("reason", ""),
        "score": extra.pop("score", None),
        "grade": extra.pop("grade", None),
    }


def _report(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"summary": {}, "rows": list(rows)}


def test_dead_and_moved_links_need_attention() -> None:
    report = _report(
        _row("alive", "lab/fine", 5, score=81, grade="A"),
        _row("dead", "lab/gone", 6, reason="not found on GitHub (404)"),
        _row("moved", "lab/old", 7, moved_to="lab/new"),
        _row("unknown", "lab/slow", 8, reason="timeout"),
        _row("no_link", "", 9),
        _row("unchanged", "lab/untouched", 10),
    )
    comment = comment_for(report, "0123456789abcdef")
    assert (comment.attention, comment.audited) == (2, 4)
    assert comment.body is not None
    attention = comment.body.split("Not checked")[0]
    expected = "| digests/2025-10.md | 6 | Paper on line 6 | lab/gone | dead | not found on"
    assert expected in attention
    assert "moved → lab/new" in attention and "lab/fine" not in attention
    assert "lab/slow" in comment.body.split("Not checked")[1]  # listed, not as a problem
    assert "lab/untouched" not in comment.body
    assert "(audited at 0123456789ab)" in comment.body and "81 A" in comment.body
    assert "All clear" in comment.resolved and "1 could not be checked" in comment.resolved


@pytest.mark.parametrize(
    "statuses", [("alive",), ("alive", "unknown"), ("not_a_repo",), ()], ids=repr
)
def test_nothing_dead_or_moved_means_no_body(statuses: tuple[str, ...]) -> None:
    report = _report(*(_row(s, f"lab/r{i}", i + 5) for i, s in enumerate(statuses)))
    comment = comment_for(report)
    assert comment.body is None and comment.attention == 0
    assert f"the {len(statuses)} code link(s) this pull request adds" in comment.resolved


def test_hostile_titles_stay_text() -> None:
    title = "@octocat see ![x](http://tracker.invalid/p.png) | <script>alert(1)</script>"
    comment = comment_for(_report(_row("dead", "lab/x", 5, title=title)))
    assert comment.body is not None
    assert "@octocat" not in comment.body and "@\u200boctocat" in comment.body
    assert "![" not in comment.body and "<script>" not in comment.body
    assert safe("a|b") == "a\\|b"


@pytest.mark.parametrize(
    "document",
    [{}, {"rows": []}, {"summary": {}, "rows": "x"}, {"summary": {}, "rows": [1]}],
    ids=repr,
)
def test_not_a_report_is_an_error(document: dict[str, Any]) -> None:
    with pytest.raises(ReportError):
        links_of(document)


@pytest.mark.parametrize(
    ("env", "url"),
    [
        (
            {
                "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_REPOSITORY": "lab/list",
                "GITHUB_RUN_ID": "42",
            },
            "https://github.com/lab/list/actions/runs/42",
        ),
        ({"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "lab/list"}, ""),
        ({"GITHUB_REPOSITORY": "lab/list", "GITHUB_RUN_ID": "x"}, ""),
    ],
)
def test_the_run_is_linked_when_known(env: dict[str, str], url: str) -> None:
    assert run_url(env) == url
    comment = comment_for(_report(_row("dead", "lab/x", 5)), details=url)
    assert comment.body is not None
    assert (f"]({url})" in comment.body) is bool(url)
    assert (f"]({url})" in comment.resolved) is bool(url)
