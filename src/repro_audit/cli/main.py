"""The `audit` command: the command line, the subcommands and exit codes; with commands/ and
audit_command, the only writers.

`main(argv, env, stdout, stderr, clock)` takes its environment as arguments so tests run it in
process against the local GitHub emulator, without patching anything. This module imports only
what parsing needs; the audit itself (audit_command) and each subcommand are imported when run.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import cast

from repro_audit.cli.arguments import build_parser
from repro_audit.cli.console import ExitCode, Invocation, Streams, UsageError
from repro_audit.tracking.workflow_text import enabled, guarded

Command = Callable[[list[str], Invocation], int]
Env = Mapping[str, str]

SUBCOMMANDS = ("archive", "comment", "diff", "fix", "history", "report")
"""`audit NAME ...` runs `cli/commands/NAME.py`'s `run`; anything else is a digest file to audit."""


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    streams: Streams | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run the command; returns the exit code instead of exiting."""
    stdin = getattr(sys.stdin, "buffer", None)
    out = streams or Streams(sys.stdout, sys.stderr, stdin)
    environment = os.environ if env is None else env
    if enabled(environment):  # the runner reads both streams for workflow commands
        out = Streams(guarded(out.stdout), guarded(out.stderr))
    try:
        return _dispatch(argv, environment, out, clock)
    finally:
        out.stdout.flush()
        out.stderr.flush()


def _dispatch(
    argv: Sequence[str] | None,
    environment: Mapping[str, str],
    out: Streams,
    clock: Callable[[], datetime] | None,
) -> int:
    now = clock or (lambda: datetime.now(timezone.utc))
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        invocation = Invocation(env=environment, streams=out, clock=now)
        module = importlib.import_module(f"repro_audit.cli.commands.{arguments[0]}")
        command = cast(Command, module.run)
        try:
            return command(arguments[1:], invocation)
        except UsageError as error:
            invocation.error(str(error))
            return ExitCode.USAGE_ERROR
    try:
        args = build_parser().parse_args(arguments)
    except UsageError as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    from repro_audit.cli import run_inputs

    inputs = run_inputs.read_inputs(args, environment, out, now)
    if isinstance(inputs, int):
        return inputs
    if args.dump:
        return run_inputs.dump(inputs, args, out)
    from repro_audit.cli import audit_command

    return audit_command.run(args, inputs, environment, out, now)


def entry_point() -> None:
    """Console-script entry: exit with main's code; never a traceback for Ctrl-C."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as error:
        if os.environ.get("REPRO_AUDIT_DEBUG"):
            raise
        print(
            f"audit: internal error: {type(error).__name__}: {error} "
            "(set REPRO_AUDIT_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        code = ExitCode.RUNTIME_ERROR
    sys.exit(code)
