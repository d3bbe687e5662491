"""Reading one history record as the untrusted file it is.

Records live in the repository, so a pull request can edit them as easily as a digest. A record
is read only when it is a regular file (not a symlink, a FIFO or a device), at most
`MAX_RECORD_BYTES` (counted while reading), nested at most `MAX_DEPTH` deep, and shaped as
`schema/history-record.schema.json` says; `check_document` is that schema written out, since the
schema library is not a dependency of the tool. A record dated after the reading run (beyond a
small clock skew) is never trusted: it would make every later run look older than it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from repro_audit.fileio import NotReadable, read_regular_file
from repro_audit.models import LinkStatus

MAX_RECORD_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
FUTURE_SKEW = timedelta(minutes=5)
_STATUSES = frozenset(status.value for status in LinkStatus)


class RecordError(ValueError):
    """Why a record file is skipped, in a few words."""


def load_document(path: Path) -> Mapping[str, Any]:
    """A record file's JSON object, checked; raises RecordError."""
    try:
        data = read_regular_file(path, MAX_RECORD_BYTES, follow_symlinks=False)
    except NotReadable as error:
        raise RecordError(str(error)) from None
    except OSError as error:
        raise RecordError(error.strerror or str(error)) from None
    try:
        document = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise RecordError("nested too deeply") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise RecordError(f"not JSON ({str(error)[:80]})") from None
    check_document(document)
    return document  # type: ignore[no-any-return]


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a parsed JSON value, stopping once it passes `limit`."""
    deepest, todo = 0, [(value, 1)]
    while todo:
        item, level = todo.pop()
        if level > limit:
            return level
        deepest = max(deepest, level)
        if isinstance(item, dict):
            todo += [(child, level + 1) for child in item.values()]
        elif isinstance(item, list):
            todo += [(child, level + 1) for child in item]
    return deepest


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# key -> (test, what it must be); a key may be absent
_ROW_FIELDS: dict[str, tuple[Any, str]] = {
    "source": (lambda v: isinstance(v, str), "a string"),
    "line": (lambda v: _is_int(v) and v >= 0, "a whole number from 0"),
    "title": (lambda v: isinstance(v, str), "a string"),
    "repo": (lambda v: v is None or isinstance(v, str), "a string or null"),
    "code_link": (lambda v: v is None or isinstance(v, str), "a string or null"),
    "link_status": (lambda v: v in _STATUSES, "a link status"),
    "reason": (lambda v: v is None or isinstance(v, str), "a string or null"),
    "moved_to": (lambda v: v is None or isinstance(v, str), "a string or null"),
    "score": (lambda v: v is None or _is_int(v), "a whole number or null"),
    "facts": (lambda v: v is None or isinstance(v, dict), "an object or null"),
    "findings": (
        lambda v: isinstance(v, list) and all(isinstance(f, dict) for f in v),
        "a list of objects",
    ),
}


def check_document(document: Any) -> None:
    """Raise RecordError unless `document` has the shape the history schema gives a record."""
    if not isinstance(document, dict):
        raise RecordError("not a JSON object")
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise RecordError(f"nested deeper than {MAX_DEPTH} levels")
    if not isinstance(document.get("generated_at"), str):
        raise RecordError("generated_at is not a timestamp")
    if not isinstance(document.get("rubric_version", ""), str):
        raise RecordError("rubric_version is not a string")
    sources = document.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise RecordError("sources is not a list of strings")
    rows = document.get("rows")
    if not isinstance(rows, list):
        raise RecordError("no rows")
    for number, row in enumerate(rows):
        if not isinstance(row, dict):
            raise RecordError(f"rows[{number}] is not an object")
        for key, (test, must) in _ROW_FIELDS.items():
            if key in row and not test(row[key]):
                raise RecordError(f"rows[{number}].{key} is not {must}")
