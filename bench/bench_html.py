"""Benchmark: how the HTML report grows and how long it takes, against the markdown report.

Run:  python bench/bench_html.py [--rows 42,1000,10000]

The sample report's scored rows are repeated to each size and rendered as HTML and as markdown
(with --explain, so both carry every finding) in the same process; it prints the page's size,
the part of it that is not data (the page with no row), and both times with their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repro_audit.formats import OutputFormat, RenderOptions, render  # noqa: E402
from repro_audit.models import AuditReport  # noqa: E402
from tests.formats import samples  # noqa: E402


def report_of(count: int) -> AuditReport:
    """The sample report with its code-link rows repeated to `count` rows, lines renumbered."""
    base = [row for row in samples.rows() if row.link is not None]
    rows = tuple(
        replace(row, entry=replace(row.entry, line=index + 1))
        for index, row in enumerate(base[i % len(base)] for i in range(count))
    )
    return replace(samples.report(), rows=rows)


def timed(report: AuditReport, fmt: OutputFormat) -> tuple[float, int]:
    """Best of three: seconds and UTF-8 bytes of one render."""
    options = RenderOptions(explain=True)
    best, size = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        text = render(report, fmt, options)
        best = min(best, time.perf_counter() - started)
        size = len(text.encode("utf-8"))
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="42,1000,10000")
    args = parser.parse_args()
    _, empty = timed(report_of(0), OutputFormat.HTML)
    print(f"page without rows: {empty / 1000:.1f} kB")
    print(f"{'rows':>6} {'html kB':>9} {'html s':>8} {'markdown s':>11} {'ratio':>6}")
    for count in (int(part) for part in args.rows.split(",")):
        report = report_of(count)
        html_s, html_bytes = timed(report, OutputFormat.HTML)
        md_s, _ = timed(report, OutputFormat.MARKDOWN)
        print(f"{count:>6} {html_bytes / 1000:>9.1f} {html_s:>8.3f} {md_s:>11.3f} "
              f"{html_s / md_s:>6.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
