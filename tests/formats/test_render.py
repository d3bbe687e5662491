"""Dispatch: every OutputFormat has a renderer and `render` returns what that module returns."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from repro_audit.formats import (
    OutputFormat,
    RenderOptions,
    annotated,
    csv,
    html,
    json,
    junit,
    markdown,
    render,
    sarif,
    table,
)
from repro_audit.models import AuditReport
from tests.formats.samples import report

MODULES: dict[OutputFormat, Callable[[AuditReport, RenderOptions], str]] = {
    OutputFormat.TABLE: table.render,
    OutputFormat.MARKDOWN: markdown.render,
    OutputFormat.JSON: json.render,
    OutputFormat.CSV: csv.render,
    OutputFormat.SARIF: sarif.render,
    OutputFormat.ANNOTATED: annotated.render,
    OutputFormat.HTML: html.render,
    OutputFormat.JUNIT: junit.render,
}


def test_every_format_has_a_renderer() -> None:
    assert set(MODULES) == set(OutputFormat)
    assert {f.value for f in OutputFormat} == {
        "table",
        "markdown",
        "json",
        "csv",
        "sarif",
        "annotated",
        "html",
        "junit",
    }


@pytest.mark.parametrize("fmt", list(OutputFormat), ids=lambda f: f.value)
@pytest.mark.parametrize(
    "options",
    [RenderOptions(), RenderOptions(show_all=True, explain=True)],
    ids=["default", "all+explain"],
)
def test_render_dispatches(fmt: OutputFormat, options: RenderOptions) -> None:
    text = render(report(), fmt, options)
    assert text == MODULES[fmt](report(), options)
    assert text.endswith("\n")
    # SARIF holds alerts only; the annotated digest needs the digest's text (none given here)
    if fmt not in (OutputFormat.SARIF, OutputFormat.ANNOTATED, OutputFormat.JUNIT):
        assert ("No link paper" in text) is (options.show_all or fmt is OutputFormat.JSON)


def test_default_options() -> None:
    assert render(report(), OutputFormat.TABLE) == table.render(report(), RenderOptions())


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(AssertionError):
        render(report(), "yaml")  # type: ignore[arg-type]
