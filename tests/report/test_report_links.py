"""Which links the audit asks about, and how rows without a code link carry audited suggestions."""

from __future__ import annotations

from datetime import date, datetime, timezone

from repro_audit.models import (
    Existence,
    LinkChecks,
    LinkOrigin,
    LinkStatus,
    PageState,
    RepoFacts,
    RepoRef,
    RowFlag,
    WebCheck,
)
from repro_audit.reading.digest import read_digest
from repro_audit.report.assemble import (
    build_report,
    links_to_check,
    papers_to_look_up,
    repo_papers,
    suggestion_links,
)

NOW = datetime(2025, 11, 20, tzinfo=timezone.utc)
HOSTS = frozenset({"github.com"})
HEADER = "| Title | Date | Abstract | Comment | Code |\n| --- | --- | --- | --- | --- |\n"
DIGEST = HEADER + (
    "| [Linked](http://arxiv.org/abs/2501.00001v1) | 2025-10-01 | x | | "
    "[Code Link](https://github.com/lab/linked) |\n"
    "| [Page](http://arxiv.org/abs/2501.00002v1) | 2025-10-01 | x | | "
    "[Code Link](https://lab.github.io/page) |\n"
    "| [Missed](http://arxiv.org/abs/2502.05857v3) | 2025-10-01 | "
    "The code will be at https://github.com/zju3dv/EgoAgent. | | None |\n"
    "| [Mirror](http://arxiv.org/abs/2509.20463v1) | 2025-10-01 | "
    "All code: https://anonymous.4open.science/r/MemAttack-5413/ | | None |\n"
    "| [Nothing](http://arxiv.org/abs/2509.00003v1) | 2025-10-01 | no code | | None |\n"
    "| [Elsewhere](http://arxiv.org/abs/2509.00004v1) | 2025-10-01 | x | | "
    "[Code Link](https://gitlab.com/g/p) |\n"
)


def facts(owner: str, name: str, existence: Existence = Existence.EXISTS) -> RepoFacts:
    return RepoFacts(
        RepoRef("github.com", owner, name),
        existence,
        canonical=f"{owner}/{name}" if existence is Existence.EXISTS else None,
        is_empty=False if existence is Existence.EXISTS else None,
    )


def test_the_trailing_full_stop_is_not_part_of_the_suggestion() -> None:
    entry = read_digest(DIGEST, "d.md").entries[2]
    [(link, origin)] = suggestion_links(entry, HOSTS)
    assert link.url == "https://github.com/zju3dv/EgoAgent" and origin is LinkOrigin.ABSTRACT
    assert link.repo is not None and link.repo.slug == "zju3dv/EgoAgent"


def test_repos_to_ask_includes_pages_suggestions_and_papers_api_links() -> None:
    digest = read_digest(DIGEST, "d.md")
    papers = {"2509.00003": ("https://github.com/found/by-api",)}
    asked = repo_papers([digest], HOSTS, papers)
    assert [ref.slug for ref, _ in asked] == [
        "lab/linked",
        "lab/page",  # the repository behind lab.github.io/page
        "zju3dv/EgoAgent",  # a suggestion for a row without a link
        "found/by-api",
    ]
    assert {day for _, day in asked} == {date(2025, 10, 1)}
    assert [link.url for link in links_to_check([digest], HOSTS, papers)] == [
        "https://lab.github.io/page",
        "https://anonymous.4open.science/r/MemAttack-5413/",
        "https://gitlab.com/g/p",
    ]
    assert papers_to_look_up([digest], HOSTS) == ["2502.05857", "2509.20463", "2509.00003"]


def test_a_repository_linked_from_two_papers_is_listed_with_each_paper_date() -> None:
    rows = (
        "| [A](http://arxiv.org/abs/2501.00001v1) | 2025-10-01 | x | | "
        "[Code Link](https://github.com/lab/shared) |\n"
        "| [B](http://arxiv.org/abs/2501.00002v1) | 2024-03-05 | x | | "
        "[Code Link](https://github.com/Lab/Shared/tree/main) |\n"
    )
    asked = repo_papers([read_digest(HEADER + rows, "d.md")], HOSTS)
    assert [(ref.key, day) for ref, day in asked] == [
        ("lab/shared", date(2025, 10, 1)),
        ("lab/shared", date(2024, 3, 5)),
    ]


def test_rows_without_a_link_carry_audited_suggestions() -> None:
    digest = read_digest(DIGEST, "d.md")
    known = {
        "lab/linked": facts("lab", "linked"),
        "lab/page": facts("lab", "page"),
        "zju3dv/egoagent": facts("zju3dv", "EgoAgent"),
        "found/by-api": facts("found", "by-api", Existence.MISSING),
    }
    mirror = "https://anonymous.4open.science/r/MemAttack-5413/"
    checks = LinkChecks(
        git={
            "https://gitlab.com/g/p": RepoFacts(RepoRef("gitlab.com", "g", "p"), Existence.MISSING)
        },
        web={mirror: WebCheck(mirror, PageState.ALIVE, 200)},
        papers={"2509.00003": ("https://github.com/found/by-api",)},
    )
    report = build_report([digest], known, NOW, HOSTS, checks=checks)
    rows = {row.entry.title: row for row in report.rows}
    assert rows["Page"].status is LinkStatus.ALIVE and rows["Page"].resolved_repo == "lab/page"
    assert rows["Elsewhere"].status is LinkStatus.DEAD  # the other host says it is gone
    [ego] = rows["Missed"].suggestions
    assert rows["Missed"].status is LinkStatus.NO_LINK
    assert ego.status is LinkStatus.ALIVE and ego.flags == (RowFlag.MISSED_LINK,)
    assert ego.score is not None and ego.origin is LinkOrigin.ABSTRACT
    [temporary] = rows["Mirror"].suggestions
    assert temporary.flags == (RowFlag.MISSED_LINK, RowFlag.TEMPORARY)
    assert temporary.status is LinkStatus.NOT_A_REPO
    [api] = rows["Nothing"].suggestions
    assert api.origin is LinkOrigin.PAPER_LOOKUP and api.status is LinkStatus.DEAD
    assert rows["Nothing"].reason.endswith("the papers API names one")
    summary = report.summary
    assert (summary.entries, summary.with_code_link, summary.no_link) == (6, 3, 3)
    assert (summary.alive, summary.dead, summary.not_a_repo) == (2, 1, 0)
    assert summary.missed_code_links == 3  # entries with a suggestion, papers API included
    assert summary.project_pages == 1 and summary.temporary_links == 1
    assert summary.suggestions_alive == 1


def test_without_checks_nothing_changes_for_plain_github_rows() -> None:
    digest = read_digest(DIGEST, "d.md")
    report = build_report([digest], {"lab/linked": facts("lab", "linked")}, NOW, HOSTS)
    linked = report.rows[0]
    assert linked.status is LinkStatus.ALIVE and linked.flags == () and linked.web is None
    elsewhere = report.rows[-1]
    assert elsewhere.status is LinkStatus.NOT_A_REPO
    assert elsewhere.reason == "code on gitlab.com, not GitHub"


def test_a_badge_or_another_cell_is_named_as_where_the_missed_link_is() -> None:
    """Issue 12: missed links come from any cell now, and the reason says the row, not the
    abstract, when they do not all come from the abstract or comment."""
    text = (
        "| Title | Venue | Code |\n| --- | --- | --- |\n"
        "| [T](https://arxiv.org/abs/2501.00001) ![Star](https://img.shields.io/github/stars/lab/t)"
        " | ICML 2024 | - |\n"
    )
    report = build_report([read_digest(text, "d.md")], {}, NOW, HOSTS)
    [row] = report.rows
    assert row.status is LinkStatus.NO_LINK
    assert row.reason == "no code link in the code column; the row names one"
    assert [s.origin for s in row.suggestions] == [LinkOrigin.BADGE]
    assert [link.url for link in row.missed_links] == ["https://github.com/lab/t"]
