"""A real browser for the HTML report's tests: Debian's headless Chromium under Selenium.

The browser and its driver come from the system (`.ci/run` installs `chromium` and
`chromium-driver` when they are missing); Selenium is given both paths, so its manager never
looks for or downloads a browser. The flags keep Chromium off the network: the machine's closed
network refuses its background connections (updates, sync, QUIC probes) otherwise, and a fresh
profile folder per session keeps runs apart.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVERS = ("chromedriver",)
DRIVER_FALLBACKS = ("/usr/lib/chromium/chromedriver",)  # Debian's, when not on PATH
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def _first(names: tuple[str, ...], extra: tuple[str, ...] = ()) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in extra if Path(path).is_file()), None)


def find_chromium() -> tuple[str, str] | None:
    """(browser, driver) paths, or None when either is not installed."""
    browser = _first(BROWSERS)
    driver = _first(DRIVERS, DRIVER_FALLBACKS)
    return (browser, driver) if browser and driver else None


def require_chromium() -> tuple[str, str]:
    """The browser and driver; without them skip, except under CI, where that is a failure."""
    found = find_chromium()
    if found is not None:
        return found
    reason = (
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; .ci/run installs them, so CI must have them")
    pytest.skip(reason)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A Selenium Chrome driver on a fresh profile, logging the console and network events."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=driver_path, log_output=str(profile.with_suffix(".log")))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    """Console messages at error level (uncaught exceptions and CSP refusals among them)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked for since the last call, from the DevTools network events."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
