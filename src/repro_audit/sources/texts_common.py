"""Reading a GraphQL `Blob` answer, shared by both rounds that fetch file texts."""

from __future__ import annotations

from collections.abc import Mapping

from repro_audit.models import TEXT_LIMIT

BLOB_FIELDS = "... on Blob { text isBinary }"


def blob_text(blob: object) -> str | None:
    """The text of a blob answer, capped; None for a missing, binary or text-less blob."""
    if not isinstance(blob, Mapping) or blob.get("isBinary"):
        return None
    text = blob.get("text")
    return text[:TEXT_LIMIT] if isinstance(text, str) else None
