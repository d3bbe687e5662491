"""The closed set of output formats and the switches every format honours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # charts imports common, which imports this module
    from repro_audit.formats.charts import TrendPoint


class OutputFormat(str, Enum):
    """Formats the CLI can ask for; `render` matches on every member."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
    SARIF = "sarif"
    ANNOTATED = "annotated"  # the digest itself with an audit column (needs `digests`)


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """`show_all` adds rows without a code link; `explain` adds every finding per repository.

    `trend` is the history of earlier runs (oldest first) that the markdown report charts.
    """

    show_all: bool = False
    explain: bool = False
    trend: tuple[TrendPoint, ...] = ()
    digests: tuple[tuple[str, str], ...] = ()  # (source, text) for formats that re-emit digests
