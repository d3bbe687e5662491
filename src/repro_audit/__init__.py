"""repro-audit: audit the code links of research-paper digests."""

from __future__ import annotations

__version__ = "0.1.0"
TOOL_NAME = "repro-audit"
