"""The HTML report in a real browser: the example digest's page, made by `audit --format html`
against the emulator, opened over file:// in headless Chromium.

What a reader does is what is checked: the rows shown, sorting, filtering, opening a row, the
phone layout; and what must never happen: a console error (a CSP refusal is one), a request
leaving the page, a hostile title running as markup.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.formats import RenderOptions, html
from tests.emulator import GitHubEmulator
from tests.emulator.example_archive import ExampleArchive
from tests.emulator.example_world import ExampleWorld
from tests.emulator.swh import SwhEmulator
from tests.formats import pages
from tests.formats.browser import chromium, console_errors, requested_urls, require_chromium

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "digest.md"
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
SHA = "0123456789abcdef0123456789abcdef01234567"
LINKED_ROWS = 42  # the example digest's code links (tests/cli/test_cli.py counts them too)


@pytest.fixture(scope="module")
def example_page(
    example: tuple[GitHubEmulator, ExampleWorld],
    example_archive: tuple[SwhEmulator, ExampleArchive],
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """The example digest's report, written by the CLI as a curator's workflow would, with
    Software Heritage's records of some of its repositories."""
    require_chromium()
    emu, _ = example
    swh, _ = example_archive
    target = tmp_path_factory.mktemp("page") / "report.html"
    env = {
        **emu.env("ghp_browser_test_token"),
        **swh.env("swh_browser_test_token"),
        "GITHUB_REPOSITORY": "curator/reading-list",
        "GITHUB_SHA": SHA,
        "GITHUB_WORKSPACE": str(ROOT),
    }
    argv = [str(EXAMPLE), "--format", "html", "-o", str(target), "--fail-on", "never"]
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, env, Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.OK, err.getvalue()
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One Chromium for the module; each test opens its page afresh."""
    with chromium(tmp_path_factory.mktemp("chromium") / "profile") as driver:
        yield driver


def _open(driver: Any, page: Path, width: int = 1280) -> None:
    driver.set_window_size(width, 900)
    driver.get(page.as_uri())
    driver.get_log("browser"), driver.get_log("performance")  # start the logs afresh per test
    driver.refresh()


def _visible(driver: Any) -> list[Any]:
    return list(driver.execute_script("return [...document.querySelectorAll('tbody.link')]"
                                      ".filter(b => !b.hidden)"))  # fmt: skip


def _keys(driver: Any, name: str) -> list[str]:
    return [b.get_attribute(f"data-{name}") for b in _visible(driver)]


def test_the_page_shows_every_code_link_without_errors_or_requests(
    browser: Any, example_page: Path
) -> None:
    _open(browser, example_page)
    assert len(_visible(browser)) == LINKED_ROWS
    assert browser.find_element("id", "shown").text == f"{LINKED_ROWS} code links."
    assert browser.find_element("css selector", "form.filters").is_displayed()
    assert console_errors(browser) == []
    urls = requested_urls(browser)
    assert urls and set(urls) <= {example_page.as_uri()}, urls  # the page itself, nothing else
    digest_link = browser.find_element("css selector", "tbody.link .details a[href*='/blob/']")
    assert digest_link.get_attribute("href").endswith(f"/{SHA}/examples/digest.md#L5")
    dead_archived = browser.find_element("css selector", "tbody[data-repo='lqh89757/mics']")
    assert dead_archived.get_attribute("data-status") == "dead"
    snapshot = dead_archived.find_element("css selector", ".notes a")
    assert snapshot.text.startswith("archived 20") and "/browse/" in snapshot.get_attribute("href")


def test_sorting_by_score_orders_the_rows(browser: Any, example_page: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(browser, example_page)
    header = browser.find_element("css selector", "thead button[data-sort='score']")
    header.click()
    keys = _keys(browser, "score")
    scores = [int(key) for key in keys if key]
    assert len(scores) > 20 and scores == sorted(scores)
    assert all(keys[: len(scores)])  # rows without a score (dead, not a repo) come last
    header.send_keys(Keys.ENTER)  # the keyboard toggles the direction
    descending = [int(key) for key in _keys(browser, "score") if key]
    assert descending == sorted(scores, reverse=True)
    th = browser.find_element("xpath", "//th[button[@data-sort='score']]")
    assert th.get_attribute("aria-sort") == "descending"
    browser.find_element("css selector", "thead button[data-sort='index']").click()
    assert [int(k) for k in _keys(browser, "index")] == list(range(1, LINKED_ROWS + 1))


def test_filtering_by_dead_leaves_the_dead_rows(browser: Any, example_page: Path) -> None:
    from selenium.webdriver.support.ui import Select

    _open(browser, example_page)
    dead = browser.execute_script(
        "return document.querySelectorAll('tbody.link[data-status=dead]').length"
    )
    Select(browser.find_element("id", "f-status")).select_by_value("dead")
    assert dead > 0 and _keys(browser, "status") == ["dead"] * dead
    assert browser.find_element("id", "shown").text == f"{dead} of {LINKED_ROWS} code links shown."
    assert "status=dead" in browser.current_url  # the filtered view can be linked to
    browser.find_element("id", "f-text").send_keys("zzz-no-such-row")
    assert _visible(browser) == []
    browser.find_element("css selector", "form.filters button[type=reset]").click()
    assert len(_visible(browser)) == LINKED_ROWS
    browser.find_element("id", "f-text").send_keys("SPHeRe")
    assert len(_visible(browser)) == 1
    assert console_errors(browser) == []


def test_a_row_expands_to_its_findings(browser: Any, example_page: Path) -> None:
    _open(browser, example_page)
    first = _visible(browser)[0]
    details = first.find_element("css selector", "tr.details")
    toggle = first.find_element("css selector", "button.toggle")
    assert not details.is_displayed() and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert details.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    findings = details.find_elements("css selector", "li.finding")
    assert len(findings) >= 10  # one per rubric criterion
    assert "Repository available" in details.text and "pass" in details.text
    assert details.find_element("css selector", "a[href^='https://arxiv.org/abs/']")
    toggle.click()
    assert not details.is_displayed()


def test_screenshots_and_the_phone_layout(browser: Any, example_page: Path, tmp_path: Path) -> None:
    _open(browser, example_page)
    wide = tmp_path / "report-1280.png"
    assert browser.save_screenshot(str(wide)) and wide.stat().st_size > 10_000
    _open(browser, example_page, width=390)
    layout = browser.execute_script(
        "const b = document.querySelector('tbody.link');"
        "return [innerWidth, getComputedStyle(b).display, document.documentElement.scrollWidth,"
        " document.querySelector('thead').getBoundingClientRect().width]"
    )
    width, display, scroll_width, header_width = layout
    assert width <= 400 and display == "block"  # rows are cards
    assert scroll_width <= width and header_width <= 1  # nothing overflows sideways
    narrow = tmp_path / "report-390.png"
    assert browser.save_screenshot(str(narrow)) and narrow.stat().st_size > 10_000
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    background = browser.execute_script(
        "return getComputedStyle(document.documentElement).backgroundColor"
    )
    assert background == "rgb(13, 17, 23)"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert console_errors(browser) == []


def test_a_hostile_title_stays_text(browser: Any, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(html.render(pages.hostile_report(), RenderOptions()), encoding="utf-8")
    _open(browser, page)
    title = browser.find_element("css selector", "tbody.link td.paper")
    assert title.text.startswith(pages.HOSTILE_TITLE)
    injected = browser.execute_script(
        "return [document.scripts.length, document.images.length,"
        " document.querySelectorAll('[onerror],[onload],[onmouseover]').length,"
        " [...document.links].map(a => a.protocol)]"
    )
    assert injected[:3] == [1, 0, 0]
    assert set(injected[3]) <= {"https:", "http:"}
    assert console_errors(browser) == []
    assert set(requested_urls(browser)) <= {page.as_uri()}
