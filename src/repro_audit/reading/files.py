"""Digest files to Digests: size limits, regular files only, UTF-8, folders of .md files.

Apart from the orchestration in `repro_audit.audit` so that `audit --dump` reads digests without
loading the sources, the rubric or the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repro_audit.fileio import NotReadable, read_regular_file, unreadable_reason
from repro_audit.models import Digest
from repro_audit.reading.digest import DigestInputError, decode_digest, read_digest
from repro_audit.reading.links import DEFAULT_GITHUB_HOSTS

MAX_DIGEST_BYTES = 200 * 1024 * 1024


class InputError(Exception):
    """A digest that cannot be read at all; the CLI prints it as one line and exits 3."""


def read_digest_bytes(path: Path, label: str) -> bytes:
    """A digest file's bytes; a folder, a file over the size limit, a device or FIFO, or one
    that cannot be opened is an InputError of one line (`audit` and `audit fix` alike)."""
    try:
        if path.is_dir():
            raise InputError(f"{label}: is a directory, not a digest file")
        size = path.stat().st_size
        if size > MAX_DIGEST_BYTES:
            raise InputError(f"{label}: {size} bytes is larger than the {MAX_DIGEST_BYTES} limit")
        return read_regular_file(path, MAX_DIGEST_BYTES)  # a device or FIFO is refused unread
    except NotReadable as error:
        raise InputError(f"{label}: {error}") from None
    except OSError as error:
        raise InputError(f"{label}: {unreadable_reason(error)}") from None


def load_digest(
    path: Path, label: str, github_hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS
) -> Digest:
    """Read and parse one digest file; any problem reading it becomes an InputError. Its links
    are resolved against `github_hosts`, the GitHub servers whose links are repositories."""
    data = read_digest_bytes(path, label)
    try:
        text = decode_digest(data, label)
    except DigestInputError as error:
        raise InputError(str(error)) from None
    del data  # a 100 MB digest is then held once, as text, while it is read
    return read_digest(text, label, github_hosts)


def load_digests(
    paths: Sequence[str],
    github_hosts: frozenset[str] = DEFAULT_GITHUB_HOSTS,
    skipped: list[str] | None = None,
) -> list[Digest]:
    """Every digest named; a folder stands for the markdown files inside it.

    With `skipped`, a file that cannot be read is one line there and the others are read (one
    binary file among many must not stop the audit of the rest; the CLI still exits 3 after
    reporting them); an error is raised only when no file at all could be read.
    """
    found: list[tuple[Path, str]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.rglob("*.md"))
            if not files:
                raise InputError(f"{name}: folder holds no .md files")
            found.extend((file, str(file)) for file in files)
        else:
            found.append((path, name))
    digests: list[Digest] = []
    problems: list[str] = []
    for path, label in found:
        try:
            digests.append(load_digest(path, label, github_hosts))
        except InputError as error:
            if skipped is None:
                raise
            problems.append(str(error))
    if not digests and problems:
        raise InputError(problems[0] + (f" (and {len(problems) - 1} more)" if problems[1:] else ""))
    if skipped is not None:
        skipped.extend(problems)
    return digests
