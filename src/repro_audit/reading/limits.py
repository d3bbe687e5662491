"""Bounds on what one digest may cost to read; read at call time, so tests can lower them."""

from __future__ import annotations

MAX_ENTRIES = 200_000
"""Entries read from one digest at most; a problem says where reading stopped."""
MAX_LINKS = 250_000
"""Links kept from one digest at most: link-stuffed input must not grow memory without bound."""
MAX_ROW_LINKS = 50
"""Code links kept per row, from the code cell and from the text: each may cost a request."""
MAX_JOINED_LINES = 50
"""Lines one table row may continue over (an abstract that wrapped) before it is cut."""


def entry_limit(line: int) -> str:
    """The problem said where reading stopped at MAX_ENTRIES."""
    return f"more than {MAX_ENTRIES} entries: line {line} and the rest were not read"
