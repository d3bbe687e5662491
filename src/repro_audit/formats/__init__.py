"""Output formats: each module turns an AuditReport into a string and never prints.

The CLI is the one place that writes; `render` picks the module with an exhaustive match, so
adding an OutputFormat member without a renderer fails type checking. Each renderer is imported
in its own arm, when it is asked for: the HTML page's Jinja2 costs nothing to a CSV run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from repro_audit.formats.options import OutputFormat, RenderOptions

if TYPE_CHECKING:
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
            from repro_audit.formats import table

            return table.render(report, opts)
        case OutputFormat.MARKDOWN:
            from repro_audit.formats import markdown

            return markdown.render(report, opts)
        case OutputFormat.JSON:
            from repro_audit.formats import json

            return json.render(report, opts)
        case OutputFormat.CSV:
            from repro_audit.formats import csv

            return csv.render(report, opts)
        case OutputFormat.SARIF:
            from repro_audit.formats import sarif

            return sarif.render(report, opts)
        case OutputFormat.ANNOTATED:
            from repro_audit.formats import annotated

            return annotated.render(report, opts)
        case OutputFormat.HTML:
            from repro_audit.formats import html

            return html.render(report, opts)
        case OutputFormat.JUNIT:
            from repro_audit.formats import junit

            return junit.render(report, opts)
        case _:
            _unreachable(fmt)


def render_chunks(
    report: AuditReport, fmt: OutputFormat, options: RenderOptions | None = None
) -> Iterator[str]:
    """`render`'s text in pieces that end in a newline: JSON, the one format read by machines
    over whole digests, row by row (a 10,000-row report is 65 MB of it); the rest in one piece."""
    if fmt is OutputFormat.JSON:
        from repro_audit.formats import json

        yield from json.chunks(report, RenderOptions() if options is None else options)
        return
    text = render(report, fmt, options)
    yield text if text.endswith("\n") else text + "\n"
