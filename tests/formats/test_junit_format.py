"""JUnit XML: one test case per code link; dead fails, unknown and ignored are skipped."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from xml.etree import ElementTree

from repro_audit.formats import RenderOptions, junit
from repro_audit.models import IgnoredLink
from tests.formats.samples import report


def test_cases_failures_and_skips() -> None:
    ignored = IgnoredLink("d.md", 40, "https://github.com/lab/wip", "lab/wip", "not out yet")
    sample = replace(report(), ignored=(ignored,))
    root = ElementTree.fromstring(junit.render(sample, RenderOptions()))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    by_name = {case.get("name", ""): case for case in cases}
    assert suite.get("tests") == str(len(cases)) == str(len(sample.rows) - 1 + 1)  # no-link row out
    dead = next(case for name, case in by_name.items() if "gone/repo" in name)
    assert dead.find("failure") is not None
    busy = next(case for name, case in by_name.items() if "busy/repo" in name)
    skipped = busy.find("skipped")
    assert skipped is not None and "rate limited" in skipped.get("message", "")
    alive = next(case for name, case in by_name.items() if "lab/paper-code" in name)
    assert alive.find("failure") is None and alive.find("skipped") is None
    wip = by_name["L40 https://github.com/lab/wip"].find("skipped")
    assert wip is not None and wip.get("message") == "ignored: not out yet"
    assert suite.get("failures") == str(sum(1 for c in cases if c.find("failure") is not None))
    assert date.fromisoformat(suite.get("timestamp", "")[:10])
