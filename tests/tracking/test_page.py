"""What the HTML page takes beyond the report: the digest's address on GitHub, from the
variables Actions sets, and the history as this run leaves it (through the CLI, twice)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.tracking.page import digest_urls
from tests.emulator import GitHubEmulator, RepoSpec
from tests.formats import pages
from tests.tracking.test_actions import _digest

SHA = "a" * 40
GOOD = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "curator/list",
    "GITHUB_SHA": SHA,
    "GITHUB_WORKSPACE": "/w/list",
}
BLOB = f"https://github.com/curator/list/blob/{SHA}/"


@pytest.mark.parametrize(
    ("source", "changes", "expected"),
    [
        ("digests/cv.md", {}, BLOB + "digests/cv.md"),
        ("/w/list/digests/cv.md", {}, BLOB + "digests/cv.md"),
        ("./digests/a b#c.md", {}, BLOB + "digests/a%20b%23c.md"),
        ("digests/cv.md", {"GITHUB_SERVER_URL": "https://ghe.example:8443/"},
         f"https://ghe.example:8443/curator/list/blob/{SHA}/digests/cv.md"),
        ("/elsewhere/cv.md", {}, None),  # outside the checkout
        ("../cv.md", {}, None),
        ("C:\\digests\\cv.md", {}, None),
        ("digests/cv.md", {"GITHUB_SHA": "main"}, None),
        ("digests/cv.md", {"GITHUB_REPOSITORY": 'x/y"><script>'}, None),
        ("digests/cv.md", {"GITHUB_SERVER_URL": "javascript:alert(1)//"}, None),
        ("digests/cv.md", {"GITHUB_SERVER_URL": ""}, None),
    ],
)  # fmt: skip
def test_digest_urls(source: str, changes: dict[str, str], expected: str | None) -> None:
    found = dict(digest_urls([source], {**GOOD, **changes}))
    assert found.get(source) == expected


def test_with_a_history_the_page_shows_the_trend_and_since_dates(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "alive", license_spdx="MIT"))
    emu.add_repo(RepoSpec("lab", "old"))
    digest = _digest(tmp_path, emu.server_url)
    history, page = tmp_path / "audits", tmp_path / "report.html"
    first = datetime(2025, 11, 18, 5, 23, tzinfo=timezone.utc)
    argv = [str(digest), "--format", "html", "-o", str(page), "--history", str(history),
            "--no-cache", "--fail-on", "never"]  # fmt: skip
    for day in range(3):
        out, err = io.StringIO(), io.StringIO()
        moment = first + timedelta(days=day)
        code = main(argv, emu.env("ghp_page_test"), Streams(out, err), clock=lambda m=moment: m)
        assert code == ExitCode.OK, err.getvalue()
    text = page.read_text(encoding="utf-8")
    assert 'id="chart-trend"' in text
    assert "dead since 2025-11-18 (3 runs)" in text  # lab/gone, confirmed after two runs
    assert "11-20: 1" in text  # the third run's bar, in the chart's words
    assert len(list((history / "weekly").glob("*.json"))) == 3  # one record per run, no more
    parsed = pages.parse(text)
    assert parsed.csp()["script-src"] == [pages.sha256_source(parsed.scripts[0])]
