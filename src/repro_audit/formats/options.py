"""The closed set of output formats and the switches every format honours."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class OutputFormat(str, Enum):
    """Formats the CLI can ask for; `render` matches on every member."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """`show_all` adds rows without a code link; `explain` adds every finding per repository."""

    show_all: bool = False
    explain: bool = False
