"""The `audit` command: arguments, wiring and exit codes; with commands/, the only writers.

`main(argv, env, stdout, stderr, clock)` takes its environment as arguments so tests run it in
process against the local GitHub emulator, without patching anything.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path

from repro_audit import __version__
from repro_audit.audit import AuditRun, InputError, load_digests
from repro_audit.console import ExitCode, Invocation, Parser, Streams, UsageError
from repro_audit.formats import OutputFormat, RenderOptions, render
from repro_audit.models import AuditReport
from repro_audit.sources import (
    AuthenticationFailed,
    ConfigError,
    FetchOptions,
    GitHubSource,
    RetryPolicy,
    endpoints_from_env,
)

Command = Callable[[list[str], Invocation], int]

SUBCOMMANDS: dict[str, Command] = {}
"""`audit NAME ...` runs SUBCOMMANDS[NAME]; anything else is a digest file to audit."""


def build_parser() -> argparse.ArgumentParser:
    """The command line, documented in the README."""
    parser = Parser(
        prog="audit",
        description="Audit the code links of a paper digest (markdown tables of papers).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="digest .md files or folders")
    parser.add_argument(
        "--format", choices=[f.value for f in OutputFormat], default=OutputFormat.TABLE.value
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report here")
    parser.add_argument("--all", action="store_true", help="also list rows without a code link")
    parser.add_argument("--explain", action="store_true", help="show every finding and its fix")
    parser.add_argument(
        "--fail-on",
        choices=("dead", "unknown", "never"),
        default="dead",
        help="exit 2 when a link is dead (default), dead or unknown, or never",
    )
    parser.add_argument("--token", help="GitHub token (default: $GITHUB_TOKEN or $GH_TOKEN)")
    parser.add_argument("--api-url", help="REST API base (default: $GITHUB_API_URL)")
    parser.add_argument("--graphql-url", help="GraphQL endpoint (default: $GITHUB_GRAPHQL_URL)")
    parser.add_argument("--server-url", help="web and git server (default: $GITHUB_SERVER_URL)")
    parser.add_argument(
        "--batch-size", type=_positive_int, default=50, help="repos per GraphQL query"
    )
    parser.add_argument(
        "--workers", type=_positive_int, default=4, help="parallel REST/git workers"
    )
    parser.add_argument("--timeout", type=_positive_float, default=30.0, help="seconds per request")
    parser.add_argument("--retries", type=_positive_int, default=4, help="attempts per request")
    parser.add_argument(
        "--no-git", action="store_true", help="without a token, skip the git clone for file lists"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    streams: Streams | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run the command; returns the exit code instead of exiting."""
    out = streams or Streams(sys.stdout, sys.stderr)
    environment = os.environ if env is None else env
    now = clock or (lambda: datetime.now(timezone.utc))
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        invocation = Invocation(env=environment, streams=out, clock=now)
        try:
            return SUBCOMMANDS[arguments[0]](arguments[1:], invocation)
        except UsageError as error:
            invocation.error(str(error))
            return ExitCode.USAGE_ERROR
    try:
        args = build_parser().parse_args(arguments)
        endpoints = endpoints_from_env(
            environment,
            api_url=args.api_url,
            graphql_url=args.graphql_url,
            server_url=args.server_url,
            token=args.token,
        )
        digests = load_digests(args.files)
    except (UsageError, ConfigError, InputError) as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    if not any(digest.entries for digest in digests):
        names = ", ".join(digest.source for digest in digests)
        print(f"audit: error: {names}: no paper table and no code links found", file=out.stderr)
        return ExitCode.USAGE_ERROR
    options = FetchOptions(
        batch_size=args.batch_size,
        workers=args.workers,
        timeout=args.timeout,
        use_git=not args.no_git,
        policy=RetryPolicy(attempts=args.retries),
    )
    run = AuditRun(digests=digests, source=GitHubSource(endpoints, options))
    interrupted = False
    try:
        run.fetch()
    except AuthenticationFailed as error:
        print(f"audit: error: {error}; check GITHUB_TOKEN / --token", file=out.stderr)
        return ExitCode.USAGE_ERROR
    except KeyboardInterrupt:
        interrupted = True
        print("audit: interrupted; reporting what was learned so far", file=out.stderr)
    report = run.report(now())
    try:
        _write(report, args, out)
    except OSError as error:
        print(f"audit: error: cannot write {args.output}: {error.strerror}", file=out.stderr)
        return ExitCode.RUNTIME_ERROR
    for note in report.notes:
        print(f"audit: note: {note}", file=out.stderr)
    if interrupted:
        return ExitCode.INTERRUPTED
    return _exit_code(report, args.fail_on)


def _write(report: AuditReport, args: argparse.Namespace, out: Streams) -> None:
    text = render(
        report,
        OutputFormat(args.format),
        RenderOptions(show_all=args.all, explain=args.explain),
    )
    if not text.endswith("\n"):
        text += "\n"
    if args.output:
        target = Path(args.output)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
        print(f"audit: report written to {target}", file=out.stderr)
    else:
        out.stdout.write(text)


def _exit_code(report: AuditReport, fail_on: str) -> int:
    summary = report.summary
    if fail_on == "dead" and summary.dead:
        return ExitCode.FAIL_CONDITION
    if fail_on == "unknown" and (summary.dead or summary.unknown):
        return ExitCode.FAIL_CONDITION
    return ExitCode.OK


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
