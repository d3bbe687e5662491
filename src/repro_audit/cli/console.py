"""Plumbing every command shares: exit codes, injected streams and clock, argparse without exits."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, BinaryIO, NoReturn, TextIO


class ExitCode(IntEnum):
    """Exit codes, the same as lychee's so CI users need not learn new ones."""

    OK = 0
    RUNTIME_ERROR = 1
    FAIL_CONDITION = 2  # --fail-on condition holds (default: a dead link)
    USAGE_ERROR = 3  # bad arguments, configuration or input file
    UNREACHABLE = 4  # GitHub's API could not be reached at all: no network, proxy, wrong URL
    INTERRUPTED = 130


class UsageError(Exception):
    """Raised instead of argparse's own exit, so usage errors get exit code 3."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Epilogs kept as written, and every option's default shown unless its help says it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if "default" in text.lower() or not action.option_strings or action.nargs == 0:
            return text
        if default is None or default is argparse.SUPPRESS or isinstance(default, bool):
            return text
        return f"{text} (default: %(default)s)"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are exceptions (exit code 3), not `sys.exit(2)`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@dataclass(frozen=True, slots=True)
class Streams:
    """Where output goes; injected so tests read it."""

    stdout: TextIO
    stderr: TextIO
    stdin: BinaryIO | None = None  # read for the digest named `-`


@dataclass(frozen=True, slots=True)
class Invocation:
    """What a command may touch of the outside world, passed in so tests run it in process."""

    env: Mapping[str, str]
    streams: Streams
    clock: Callable[[], datetime]

    def error(self, message: str) -> None:
        """One line on stderr, the way every command reports a problem."""
        print(f"audit: error: {message}", file=self.streams.stderr)

    def note(self, message: str) -> None:
        """A remark on stderr that is not an error."""
        print(f"audit: note: {message}", file=self.streams.stderr)
