"""The one way this tool replaces a file: whole or not at all, even if the process is killed.

Reports, history records and fixed digests all go through here: written beside the target,
flushed to disk, then renamed over it, so a reader (or the next run) never sees half a file. A
target that is not a regular file (`/dev/null`, a pipe) is written in place: renaming over
it would replace the device with a file.
"""

from __future__ import annotations

import os
import stat
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


class NotReadable(ValueError):
    """Why a file given or found is not read, in a few words (no traceback, no path)."""


def unreadable_reason(error: OSError) -> str:
    """The few words the one-line error gives for a file that could not be opened or read."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read ({error.strerror or error})"


def read_regular_file(path: Path, limit: int, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, refused past it while reading.

    A device (`/dev/zero`, endless), a FIFO (a read that never ends) or a socket is refused after
    opening without blocking and before reading; the limit is applied to what is read, not to
    what `stat` said, so a file that grows meanwhile is still cut off.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if not follow_symlinks and path.is_symlink():
            raise NotReadable("a symbolic link, not followed") from None
        raise
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotReadable("not a regular file (a device, FIFO or socket)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(f"larger than the {limit} byte limit")
    return data
