"""Output formats: each module turns an AuditReport into a string and never prints.

The CLI is the one place that writes; `render` picks the module with an exhaustive match, so
adding an OutputFormat member without a renderer fails type checking.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NoReturn

from repro_audit.formats import annotated, csv, html, json, junit, markdown, sarif, table
from repro_audit.formats.options import OutputFormat, RenderOptions
from repro_audit.models import AuditReport

__all__ = ["OutputFormat", "RenderOptions", "render", "render_chunks"]


def _unreachable(value: NoReturn) -> NoReturn:
    """Fall-through guard: mypy proves it is never called (typing.assert_never needs 3.11)."""
    raise AssertionError(f"unhandled output format: {value!r}")


def render(report: AuditReport, fmt: OutputFormat, options: RenderOptions | None = None) -> str:
    """Render `report` in `fmt`; default options show code-link rows without explanations."""
    opts = RenderOptions() if options is None else options
    match fmt:
        case OutputFormat.TABLE:
            return table.render(report, opts)
        case OutputFormat.MARKDOWN:
            return markdown.render(report, opts)
        case OutputFormat.JSON:
            return json.render(report, opts)
        case OutputFormat.CSV:
            return csv.render(report, opts)
        case OutputFormat.SARIF:
            return sarif.render(report, opts)
        case OutputFormat.ANNOTATED:
            return annotated.render(report, opts)
        case OutputFormat.HTML:
            return html.render(report, opts)
        case OutputFormat.JUNIT:
            return junit.render(report, opts)
        case _:
            _unreachable(fmt)


def render_chunks(
    report: AuditReport, fmt: OutputFormat, options: RenderOptions | None = None
) -> Iterator[str]:
    """`render`'s text in pieces that end in a newline: JSON, the one format read by machines
    over whole digests, row by row (a 10,000-row report is 65 MB of it); the rest in one piece."""
    if fmt is OutputFormat.JSON:
        yield from json.chunks(report, RenderOptions() if options is None else options)
        return
    text = render(report, fmt, options)
    yield text if text.endswith("\n") else text + "\n"
