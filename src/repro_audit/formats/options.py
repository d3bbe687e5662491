"""The closed set of output formats and the switches every format honours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    HTML = "html"  # one self-contained page to open from disk or publish (GitHub Pages)
    JUNIT = "junit"  # one test case per code link, for CI dashboards


@dataclass(frozen=True, slots=True)
class LinkSince:
    """One link's standing in the history, for formats that show it beside the row.

    `health` is "failing" or "dead" (tracking.history.Health's values; links that are fine
    carry none), `since` the first failing run of the streak, `runs` how many runs failed.
    """

    source: str
    key: str  # owner/name or URL in lower case, as the history keys links
    health: str
    since: datetime | None
    runs: int


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """`show_all` adds rows without a code link; `explain` adds every finding per repository.

    `trend` is the history of earlier runs (oldest first) that the markdown report charts;
    `since` says how long links have been failing; `digest_urls` maps a digest's source to the
    address of the file on GitHub, so a report can link each row to its line.
    """

    show_all: bool = False
    explain: bool = False
    trend: tuple[TrendPoint, ...] = ()
    digests: tuple[tuple[str, str], ...] = ()  # (source, text) for formats that re-emit digests
    since: tuple[LinkSince, ...] = ()
    digest_urls: tuple[tuple[str, str], ...] = ()  # (source, https://github.com/o/r/blob/sha/f)
    width: int | None = None  # the terminal's columns the table must fit; None: every column
