"""Where the digests come from and where the report goes: files, folders, `-` (standard input)
or a GitHub URL in; a file whose extension names its format out, created like any file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from repro_audit.cli.console import Streams, UsageError
from repro_audit.formats import OutputFormat
from repro_audit.models import Digest
from repro_audit.reading.digest import DigestInputError, decode_digest, read_digest
from repro_audit.reading.files import InputError, load_digests
from repro_audit.sources.endpoints import Endpoints
from repro_audit.sources.remote_digest import RemoteDigestError, fetch_digest, is_remote

STDIN = "-"
MIN_WIDTH = 60  # narrower than this, the summary block itself would wrap
EXTENSIONS = {
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".sarif": "sarif",
    ".html": "html",
    ".htm": "html",
    ".xml": "junit",
}
"""`--output` extension -> format, when `--format` is not given; others get the table."""


def output_format(given: str | None, output: str | None) -> str:
    """`--format` when given, else the one `--output`'s extension names, else the table; also
    refuses an output folder that does not exist (before anything is asked, not after)."""
    if output is not None:
        folder = Path(output).parent
        if not folder.is_dir():
            raise UsageError(f"--output {output}: no such folder {folder}")
    if given is not None:
        return given
    if output is None:
        return OutputFormat.TABLE.value
    named = EXTENSIONS.get(Path(output).suffix.lower())
    if named is None:
        return OutputFormat.TABLE.value
    if named not in {member.value for member in OutputFormat}:
        raise UsageError(
            f"--output {output}: this version cannot write {named} reports; "
            "choose one with --format"
        )
    return named


def new_file_mode(target: Path) -> int:
    """The bits a report gets: an existing file keeps its own, a new one is 0666 less the
    umask (0644 under the usual 022), as any program's new file is."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def terminal_width(stdout: TextIO, env: Mapping[str, str]) -> int | None:
    """Columns the table must fit: $COLUMNS, else the terminal's; None (every column, one row
    a line) when the output is not a terminal, so pipes and files keep whole rows."""
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    try:
        if stdout.isatty():
            return max(MIN_WIDTH, shutil.get_terminal_size().columns)
    except (AttributeError, ValueError, OSError):
        return None
    return None


def load_inputs(
    names: Sequence[str],
    out: Streams,
    endpoints: Endpoints,
    timeout: float,
    skipped: list[str] | None = None,
) -> list[Digest]:
    """Every digest named, in order: `-` from standard input, URLs through GitHub's API."""
    digests: list[Digest] = []
    files: list[str] = []
    for name in names:
        if name == STDIN:
            if out.stdin is None:
                raise InputError("-: no standard input to read")
            digests.append(_parse(out.stdin.read(), "<stdin>", endpoints.github_hosts))
        elif is_remote(name):
            try:
                data = fetch_digest(name, endpoints, timeout)
            except RemoteDigestError as error:
                raise InputError(str(error)) from None
            digests.append(_parse(data, name, endpoints.github_hosts))
        else:
            files.append(name)
    if files:  # read together, so one unreadable file among many is skipped, not fatal
        digests += load_digests(files, endpoints.github_hosts, skipped)
    return digests


def _parse(data: bytes, label: str, hosts: frozenset[str]) -> Digest:
    try:
        return read_digest(decode_digest(data, label), label, hosts)
    except DigestInputError as error:
        raise InputError(str(error)) from None
