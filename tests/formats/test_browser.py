"""The browser tests' own rule: skip without Chromium on a developer's machine, fail under CI."""

from __future__ import annotations

import pytest

from tests.formats import browser


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception),
                                             ("", pytest.skip.Exception)])  # fmt: skip
def test_a_missing_browser_skips_only_outside_ci(
    ci: str, outcome: type[BaseException], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no chromium, no chromedriver
    monkeypatch.setattr(browser, "DRIVER_FALLBACKS", ())
    monkeypatch.setenv("CI", ci)
    assert browser.find_chromium() is None
    with pytest.raises(outcome, match="chromium and chromedriver are not installed"):
        browser.require_chromium()
