"""JUnit XML, the report CI dashboards read (GitLab, Jenkins, GitHub test reporters): one test
case per code link, as lychee writes them.

A dead link is a failure; an unknown one is skipped with its reason (unknown is not bad); a
moved link passes and says where it went; an ignored row is skipped with the rule's reason.
"""

from __future__ import annotations

from xml.etree import ElementTree

from repro_audit.formats import common
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow, LinkStatus


def _case(row: AuditRow, report: AuditReport) -> ElementTree.Element:
    case = ElementTree.Element(
        "testcase",
        name=f"{common.line_ref(row, report)} {common.repo_cell(row)}",
        classname=row.entry.source,
        file=row.entry.source,
        line=str(row.entry.line),
    )
    reason = common.one_line(row.reason)
    if row.status is LinkStatus.DEAD:
        failure = ElementTree.SubElement(case, "failure", message=reason or "dead", type="dead")
        failure.text = f"{common.repo_cell(row)}: {reason or 'dead'}"
    elif row.status is LinkStatus.UNKNOWN:
        ElementTree.SubElement(case, "skipped", message=f"unknown: {reason}".rstrip(": "))
    else:
        out = ElementTree.SubElement(case, "system-out")
        score = common.score_cell(row)
        out.text = f"{common.status_cell(row)}; score {score}"
    return case


def render(report: AuditReport, options: RenderOptions) -> str:
    """The report as JUnit XML; never prints."""
    rows = common.shown_rows(report, options)
    cases = [_case(row, report) for row in rows]
    for item in report.ignored:
        case = ElementTree.Element(
            "testcase", name=f"L{item.line} {item.url}", classname=item.source, file=item.source
        )
        until = f" (until {item.until})" if item.until else ""
        ElementTree.SubElement(case, "skipped", message=f"ignored: {item.reason}{until}".strip())
        cases.append(case)
    failures = sum(1 for case in cases if case.find("failure") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    suite = ElementTree.Element(
        "testsuite",
        name="repro-audit",
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
        timestamp=common.iso_utc(report.generated_at),
    )
    suite.extend(cases)
    root = ElementTree.Element("testsuites", name="repro-audit", tests=str(len(cases)))
    root.set("failures", str(failures))
    root.append(suite)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"
