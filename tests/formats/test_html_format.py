"""HTML: every value escaped, only http(s) linked, a strict CSP by hash, filters and sort keys
for every row, the history's trend and dates, and colours that pass WCAG AA in both schemes."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from repro_audit.formats import RenderOptions, html
from repro_audit.formats.charts import TrendPoint
from repro_audit.formats.options import LinkSince
from repro_audit.models import ArchiveFacts, ArchiveState, AuditRow, LinkStatus
from tests.formats import pages, samples

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "style", "body", "header", "main", "section", "h1",
    "h2", "h3", "p", "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "button",
    "span", "a", "ul", "li", "dl", "dt", "dd", "strong", "form", "label", "select", "option",
    "input", "figure", "figcaption", "svg", "rect", "text", "polyline", "footer", "script",
    "code",
}  # fmt: skip


def _page(report_options: RenderOptions | None = None) -> tuple[str, pages.Page]:
    text = html.render(pages.hostile_report(), report_options or RenderOptions())
    return text, pages.parse(text)


def test_hostile_values_stay_text() -> None:
    text, page = _page()
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS  # no <img>, no injected <script>
    assert len(page.named("script")) == 1 and all(
        s.get("src") is None for s in page.named("script")
    )
    handlers = [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    assert handlers == []
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;&lt;img src=x" in text
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/script&gt;&lt;script&gt;alert(3)" in text
    sections = [o.get("value") for o in page.named("option")]
    assert pages.HOSTILE_SECTION in sections  # a value, decoded back to the text it was
    assert "alert" not in page.scripts[0]


def test_only_http_and_https_become_links() -> None:
    text, page = _page()
    hrefs = [attrs.get("href") or "" for attrs in page.named("a")]
    assert hrefs and all(re.match(r"^https?://[^\s\"<>]+$", href) for href in hrefs), hrefs
    assert pages.JAVASCRIPT_URL in text  # shown as text
    assert pages.QUOTE_URL not in hrefs
    assert all(link.get("rel") == "noopener noreferrer" for link in page.named("a"))


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://github.com/o/r", True),
        ("http://127.0.0.1:8080/o/r", True),
        ("HTTPS://GITHUB.COM/o/r", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ("https:///no-host", False),
        ('https://h/"onmouseover="x', False),
        ("https://h/a b", False),
        ("https://h/<x>", False),
        ("https://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, linked: bool) -> None:
    assert html.safe_url(url) == (url if linked else None)


def test_csp_allows_only_the_inline_script_and_style_by_hash() -> None:
    _, page = _page()
    csp = page.csp()
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == [pages.sha256_source(page.scripts[0])]
    assert csp["style-src"] == [pages.sha256_source(page.styles[0])]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'none'"]
    everything = " ".join(word for words in csp.values() for word in words)
    assert "unsafe" not in everything and "http" not in everything
    assert all(attrs.get("style") is None for _, attrs in page.tags)  # CSP would refuse them


def test_one_row_per_code_link_with_sort_and_filter_keys() -> None:
    _, page = _page()
    report = pages.hostile_report()
    bodies = [b for b in page.named("tbody") if "link" in (b.get("class") or "")]
    linked = [row for row in report.rows if row.status is not LinkStatus.NO_LINK]
    assert len(bodies) == len(linked)
    assert [b["data-status"] for b in bodies] == [row.status.value for row in linked]
    by_line = {int(b["data-index"] or 0): b for b in bodies}
    assert by_line[1]["data-score"] == "72" and by_line[1]["data-stars"] == "42"
    assert by_line[1]["data-commit"] == "2025-10-20" and by_line[1]["data-grade"] == "B"
    assert by_line[4]["data-score"] == "" and by_line[4]["data-stars"] == ""  # unknown: no key
    toggles = [b for b in page.named("button") if b.get("class") == "toggle"]
    details = {attrs.get("id") for _, attrs in page.tags if attrs.get("class") == "details"}
    assert {t["aria-controls"] for t in toggles} == details and len(details) == len(linked)
    everything = html.render(report, RenderOptions(show_all=True))
    assert everything.count('<tbody class="link"') == len(report.rows)


def test_findings_paper_and_digest_line_are_in_the_details() -> None:
    url = "https://github.com/lab/digests/blob/" + "a" * 40 + "/examples/digest.md"
    text = html.render(samples.report(), RenderOptions(digest_urls=((samples.SOURCE, url),)))
    assert f'href="{url}#L5"' in text
    assert 'href="https://arxiv.org/abs/2510.14810v2"' in text
    assert "Add a requirements.txt" in text and "none found" in text
    assert "no dependency specification | at the root" in text
    assert 'href="https://github.com/new/name"' in text  # where the moved repository is now


def test_history_adds_a_trend_and_since_dates() -> None:
    start = datetime(2025, 10, 28, 5, 23, tzinfo=timezone.utc)
    trend = tuple(TrendPoint(start + timedelta(days=d), d // 2, 1) for d in range(4))
    since = (LinkSince(samples.SOURCE, "gone/repo", "failing", start, 2),)
    plain = html.render(samples.report(), RenderOptions())
    assert "chart-trend" not in plain and "failing since" not in plain
    text = html.render(samples.report(), RenderOptions(trend=trend, since=since))
    assert 'id="chart-trend"' in text and "line-dead" in text
    assert "failing since 2025-10-28 (2 runs)" in text
    assert "10-31: 2" in text  # the chart's numbers, in words


def test_charts_draw_status_scores_and_missed_links() -> None:
    _, page = _page()
    figures = [f.get("id") for f in page.named("figure")]
    assert figures == ["chart-status", "chart-scores", "chart-missed"]
    labels = [s.get("aria-label") or "" for s in page.named("svg")]
    assert labels[0].startswith("Code links by status: alive 2, moved 1, dead 1")


@pytest.mark.parametrize("name", html.ASSETS)
def test_the_inline_assets_cannot_close_their_element(name: str) -> None:
    text = html._asset(name).text
    assert "</" not in text and "<!--" not in text  # would end <script>/<style> early


def test_empty_report_renders_and_the_page_is_small() -> None:
    report = replace(samples.report(), rows=(), problems=(), notes=())
    text = html.render(report, RenderOptions())
    assert "No rows with a code link to show." in text
    assert len(text.encode("utf-8")) < 150_000  # the page besides the data


@pytest.mark.parametrize("status", list(LinkStatus))
def test_every_status_has_a_chip_colour(status: LinkStatus) -> None:
    css = pages.parse(html.render(samples.report(), RenderOptions())).styles[0]
    assert f".chip-{status.value}" in css
    row = replace(samples.rows()[0], status=status)
    assert html.row_view(1, row, samples.report(), {}, {}).status == status.value


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _schemes(css: str) -> list[dict[str, str]]:
    light_block, dark_block = css.split("@media (prefers-color-scheme: dark)", 1)
    light = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", light_block.split("}", 1)[0]))
    dark = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", dark_block.split("}", 1)[0]))
    assert set(dark) == set(light) and len(light) > 20
    return [light, dark]


TEXT_PAIRS = [("fg", "bg"), ("fg", "panel"), ("muted", "bg"), ("muted", "panel"),
              ("link", "bg"), ("link", "panel"), ("ok-fg", "ok-bg"), ("bad-fg", "bad-bg"),
              ("warn-fg", "warn-bg"), ("unk-fg", "unk-bg"), ("other-fg", "other-bg")]  # fmt: skip
BAR_COLOURS = ["bar-alive", "bar-dead", "bar-moved", "bar-unknown", "bar-not_a_repo",
               "bar-score", "bar-none", "focus"]  # fmt: skip


@pytest.mark.parametrize("scheme", [0, 1], ids=["light", "dark"])
def test_colours_pass_wcag_aa(scheme: int) -> None:
    css = pages.parse(html.render(samples.report(), RenderOptions())).styles[0]
    colours = _schemes(css)[scheme]
    weak = {
        (fg, bg): round(contrast(colours[fg], colours[bg]), 2)
        for fg, bg in TEXT_PAIRS
        if contrast(colours[fg], colours[bg]) < 4.5  # AA for text
    }
    weak |= {
        (bar, "panel"): round(contrast(colours[bar], colours["panel"]), 2)
        for bar in BAR_COLOURS
        if contrast(colours[bar], colours["panel"]) < 3.0  # AA for graphics (1.4.11)
    }
    assert weak == {}


def test_a_row_notes_hold_flags_history_and_gaps() -> None:
    row: AuditRow = samples.rows()[4]
    since = LinkSince(
        samples.SOURCE, "quiet/repo", "dead", datetime(2025, 9, 1, tzinfo=timezone.utc), 3
    )
    notes = [note.text for note in html.row_notes(row, since)]
    assert notes == [
        "dead since 2025-09-01 (3 runs)",
        "unknown: file listing unknown: GitHub returned no tree for HEAD",
    ]


@pytest.mark.parametrize(
    ("url", "linked"),
    [("https://archive.softwareheritage.org/browse/snapshot/abc/", True),
     ("javascript:alert(1)", False)],
)  # fmt: skip
def test_an_archived_copy_is_noted_and_linked_when_safe(url: str, linked: bool) -> None:
    base = samples.report()
    rows = list(base.rows)
    visited = datetime(2025, 6, 12, tzinfo=timezone.utc)
    archive = ArchiveFacts("https://github.com/gone/repo", ArchiveState.ARCHIVED, url,
                           "swh:1:snp:" + "b" * 40, visited)  # fmt: skip
    rows[2] = replace(rows[2], archive=archive)  # the dead row
    text = html.render(replace(base, rows=tuple(rows)), RenderOptions())
    [note] = [n for n in html.row_notes(rows[2]) if n.text.startswith("archived")]
    assert note.text == "archived 2025-06-12" and (note.url == url) is linked
    assert (f'href="{url}"' in text) is linked
    assert "swh:1:snp:" + "b" * 40 in text and "snapshot of 2025-06-12" in text
