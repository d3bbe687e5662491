"""Text printed inside a GitHub Actions job, where the runner reads every output line for commands.

A digest is edited by pull requests, so any line the tool prints may carry a paper title, a file
name or a reason a host gave. The runner takes a line that starts (after blanks) with `::` as a
workflow command (`::add-mask::`, `::stop-commands::`, `::set-output ...`), and still reads the
old `##[command]` form anywhere in a line; it splits lines at CR as well as LF. So inside a job,
both streams go through `CommandGuard`: a line that would be read as a command has `%` encoded
and its `::` / `##[` written as `%3A%3A` / `#%23[` (the toolkit's escapes, visible and inert).
Only the tool's own annotations, written with `trusted`, pass as they are; and a block of
untrusted text (the report on stdout) is also fenced by a `::stop-commands::` token the text
cannot guess.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import secrets
import stat
from collections.abc import Iterator, Mapping
from typing import TextIO, cast

_BREAK = re.compile(r"(\r\n|\r|\n)")


def enabled(env: Mapping[str, str]) -> bool:
    """True inside a GitHub Actions job (the runner sets GITHUB_ACTIONS=true)."""
    return env.get("GITHUB_ACTIONS") == "true"


def neutral_line(line: str) -> str:
    """`line` (no line break in it) as the runner will show it but never run it."""
    stripped = line.lstrip(" \t")
    if not stripped.startswith("::") and "##[" not in line:
        return line
    lead = line[: len(line) - len(stripped)]
    body = stripped.replace("%", "%25").replace("##[", "#%23[")
    if body.startswith("::"):
        body = "%3A%3A" + body[2:]
    return lead + body


def neutral_text(text: str) -> str:
    """Every line of `text` neutral; the line breaks kept."""
    parts = _BREAK.split(text)
    parts[::2] = [neutral_line(part) for part in parts[::2]]
    return "".join(parts)


class CommandGuard(io.TextIOBase):
    """A text stream that writes every complete line neutral to `raw`; `trusted` bypasses it."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._pending = ""

    def writable(self) -> bool:
        """A stream that only writes."""
        return True

    def write(self, text: str) -> int:
        """Hold back a partial last line until its end is seen (a CR may still be half of CRLF)."""
        data = self._pending + text
        hold = data.endswith("\r")
        body = data[:-1] if hold else data
        cut = max(body.rfind("\n"), body.rfind("\r"))
        self._pending = body[cut + 1 :] + ("\r" if hold else "")
        if cut >= 0:
            self.raw.write(neutral_text(body[: cut + 1]))
        return len(text)

    def trusted(self, line: str) -> None:
        """One of the tool's own workflow commands, written as it is."""
        self.flush()
        self.raw.write(line + "\n")

    def flush(self) -> None:
        """Write out a partial last line too (neutral)."""
        if self._pending:
            self.raw.write(neutral_text(self._pending))
            self._pending = ""
        self.raw.flush()


def guarded(stream: TextIO) -> TextIO:
    """`stream` behind a CommandGuard, typed as the stream it stands for."""
    return cast(TextIO, CommandGuard(stream))


def write_command(stream: TextIO, line: str) -> None:
    """Write one of the tool's own command lines, past a guard if `stream` has one."""
    if isinstance(stream, CommandGuard):
        stream.trusted(line)
    else:
        print(line, file=stream)


def stop_commands_token() -> str:
    """A fresh `::stop-commands::` token: untrusted text cannot end a fence it cannot guess."""
    return f"repro-audit-{secrets.token_hex(16)}"


def _to_the_runner(stream: TextIO) -> bool:
    """True when `stream` is a pipe or a terminal (the runner's log), not a file or a buffer."""
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError, io.UnsupportedOperation):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


@contextlib.contextmanager
def fenced(stream: TextIO) -> Iterator[None]:
    """Inside a job, stop the runner reading commands while a block of untrusted text is written.

    Only when the stream goes to the runner's log: a report redirected to a file stays clean.
    """
    if not isinstance(stream, CommandGuard) or not _to_the_runner(stream.raw):
        yield
        return
    token = stop_commands_token()
    stream.trusted(f"::stop-commands::{token}")
    try:
        yield
    finally:
        stream.flush()
        stream.trusted(f"::{token}::")
