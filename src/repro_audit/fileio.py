"""The one way this tool replaces a file: whole or not at all, even if the process is killed.

Reports, history records and fixed digests all go through here: written beside the target,
flushed to disk, then renamed over it, so a reader (or the next run) never sees half a file. A
target that is not a regular file (`/dev/null`, a pipe) is written in place: renaming over
it would replace the device with a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO


def write_atomically(
    path: Path, data: str | bytes | Iterable[str], mode: int | None = None
) -> None:
    """Replace `path` with `data` (text is written as UTF-8, pieces one after another, so a
    large report is never held encoded in full); `mode` sets the new file's bits."""
    if path.exists() and not path.is_file():
        with path.open("wb") as stream:
            _write_all(stream, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_all(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_all(stream: BinaryIO, data: str | bytes | Iterable[str]) -> None:
    if isinstance(data, bytes):
        stream.write(data)
        return
    for piece in [data] if isinstance(data, str) else data:
        stream.write(piece.encode("utf-8"))
