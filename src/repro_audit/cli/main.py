"""The `audit` command: arguments, wiring and exit codes; with commands/, the only writers.

`main(argv, env, stdout, stderr, clock)` takes its environment as arguments so tests run it in
process against the local GitHub emulator, without patching anything.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from repro_audit import __version__
from repro_audit.audit import AuditRun, InputError, fewer_collections
from repro_audit.cli import changed_since
from repro_audit.cli.archive_options import add_archive_arguments, archive_source
from repro_audit.cli.commands import archive as archive_command
from repro_audit.cli.commands import comment as comment_command
from repro_audit.cli.commands import diff as diff_command
from repro_audit.cli.commands import fix as fix_command
from repro_audit.cli.commands import history as history_command
from repro_audit.cli.commands import report as report_command
from repro_audit.cli.console import ExitCode, Invocation, Parser, Streams, UsageError
from repro_audit.cli.fetch_options import add_fetch_arguments, build_source
from repro_audit.cli.ignore_options import load_ignore_rules
from repro_audit.cli.inputs import load_inputs, new_file_mode, output_format, terminal_width
from repro_audit.cli.link_options import add_link_arguments, digest_texts, link_options
from repro_audit.fileio import write_atomically
from repro_audit.formats import OutputFormat, RenderOptions, render_chunks
from repro_audit.models import AuditReport, Digest
from repro_audit.reading.dump import render_dump
from repro_audit.report.ignore import IgnoreError, apply_rules
from repro_audit.report.linkrows import ScoreMemo
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfig, RubricConfigError, config_from_toml
from repro_audit.scoring.config import config_from_pyproject
from repro_audit.sources import (
    AuthenticationFailed,
    ConfigError,
    Unreachable,
    endpoints_from_env,
)
from repro_audit.sources.beyond import LinkSource
from repro_audit.tracking import actions, page
from repro_audit.tracking.workflow_text import fenced, guarded

Command = Callable[[list[str], Invocation], int]
Env = Mapping[str, str]

SUBCOMMANDS: dict[str, Command] = {
    "archive": archive_command.run,
    "comment": comment_command.run,
    "diff": diff_command.run,
    "fix": fix_command.run,
    "history": history_command.run,
    "report": report_command.run,
}
"""`audit NAME ...` runs SUBCOMMANDS[NAME]; anything else is a digest file to audit."""


EPILOG = """commands:
  audit fix DIGEST...        rewrite moved links, fill missed code links (a diff; --write applies)
  audit diff [DIGEST...]     what changed since the previous run recorded with --history
  audit report --issue       open, update or close the one tracking issue
  audit history --compact    thin out old history records
  audit comment, audit archive   a pull request's comment; Software Heritage archiving
  audit COMMAND --help       that command's own options

FILE is a digest .md, a folder of them, - for standard input, or a digest on GitHub given by
its URL (https://github.com/OWNER/REPO/blob/REF/PATH), read through the API.

environment:
  GITHUB_TOKEN, GH_TOKEN     token(s), comma-separated: GraphQL and 5,000 requests/hour
  GITHUB_API_URL, GITHUB_GRAPHQL_URL, GITHUB_SERVER_URL   where GitHub is (GitHub Enterprise)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY                       the proxy requests and git go through
  REPRO_AUDIT_CACHE_DIR      the facts cache (default: the user cache folder)

exit codes: 0 done, 1 runtime error, 2 the --fail-on condition holds, 3 usage or configuration
error, 4 GitHub's API cannot be reached, 130 interrupted
"""


def build_parser() -> argparse.ArgumentParser:
    """The command line, documented in the README."""
    parser = Parser(
        prog="audit",
        description="Audit the code links of a paper digest (markdown tables of papers).",
        epilog=EPILOG,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="digest .md files or folders, -, or a GitHub URL"
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in OutputFormat],
        metavar="FORMAT",
        help=f"{', '.join(f.value for f in OutputFormat)} (default: from the --output "
        "file's extension, .json .md .csv .sarif .html .xml; else table)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report here")
    parser.add_argument(
        "--wide", action="store_true", help="table: every column, whatever the terminal's width"
    )
    parser.add_argument("--all", action="store_true", help="also list rows without a code link")
    parser.add_argument("--explain", action="store_true", help="show every finding and its fix")
    parser.add_argument(
        "--dump",
        action="store_true",
        help="only list the entries and links read (line, column, origin, title); ask no server",
    )
    parser.add_argument(
        "--fail-on",
        choices=("dead", "unknown", "never"),
        default="dead",
        help="exit 2 when a link is dead (default), dead or unknown, or never",
    )
    add_fetch_arguments(parser)
    add_link_arguments(parser)
    add_archive_arguments(parser)
    parser.add_argument("--history", metavar="DIR", help="keep a record of this run under DIR")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="rubric weights and thresholds (TOML; default: ./pyproject.toml [tool.repro-audit])",
    )
    diff_command.add_policy_arguments(parser)
    changed_since.add_arguments(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    streams: Streams | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run the command; returns the exit code instead of exiting."""
    with fewer_collections():
        return _run(argv, env, streams, clock)


def _run(
    argv: Sequence[str] | None,
    env: Mapping[str, str] | None,
    streams: Streams | None,
    clock: Callable[[], datetime] | None,
) -> int:
    stdin = getattr(sys.stdin, "buffer", None)
    out = streams or Streams(sys.stdout, sys.stderr, stdin)
    environment = os.environ if env is None else env
    if actions.enabled(environment):  # the runner reads both streams for workflow commands
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
        skipped: list[str] = []
        args.format = output_format(args.format, args.output)
        digests = load_inputs(args.files, out, endpoints, args.timeout, skipped)
        rubric = load_rubric(args.config)
        digests, ignored, ignore_notes = apply_rules(
            digests, load_ignore_rules(), now().date(), endpoints.github_hosts
        )
    except (UsageError, ConfigError, InputError, RubricConfigError, IgnoreError) as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    for problem in skipped:
        print(f"audit: error: {problem}; skipped, the other digests audited", file=out.stderr)
    if args.dump:
        return _dump(digests, args, out)
    if not any(digest.entries for digest in digests):
        names = ", ".join(digest.source for digest in digests)
        print(f"audit: error: {names}: no paper table and no code links found", file=out.stderr)
        return ExitCode.USAGE_ERROR
    try:
        narrowed = changed_since.narrow(args, digests)
        digests = narrowed.digests
        beyond = link_options(args, environment)
        archives = archive_source(args, environment)
        source, close_source = build_source(args, endpoints, out.stderr, environment)
    except (ConfigError, UsageError) as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    started = now()  # one moment for the whole report: scores are made as facts arrive
    run = AuditRun(
        digests=digests,
        source=source,
        links=None if args.offline else LinkSource(beyond, source.counter),
        scores=ScoreMemo(started, rubric, store=source.cache),  # outcomes of earlier runs
        archives=archives,
        notes=[f"{problem}; skipped" for problem in skipped],
    )
    interrupted = False
    try:
        run.fetch()
    except AuthenticationFailed as error:
        print(f"audit: error: {error}; check GITHUB_TOKEN / --token", file=out.stderr)
        return ExitCode.USAGE_ERROR
    except Unreachable as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.UNREACHABLE
    except KeyboardInterrupt:
        interrupted = True
        print("audit: interrupted; reporting what was learned so far", file=out.stderr)
    finally:
        close_source()
        if archives is not None:
            archives.close()
    report = changed_since.widen(
        run.report(started, rubric), narrowed, args.all, endpoints.github_hosts
    )
    report = replace(report, ignored=tuple(ignored), notes=(*report.notes, *ignore_notes))
    try:
        _write(report, args, out, environment)
    except OSError as error:
        print(f"audit: error: cannot write {args.output}: {error.strerror}", file=out.stderr)
        return ExitCode.RUNTIME_ERROR
    for note in report.notes:
        if note not in source.notes:  # those were said before the first repository was asked
            print(f"audit: note: {note}", file=out.stderr)
    options = RenderOptions(show_all=args.all, explain=args.explain)
    plan = actions.FollowUp(args.history, diff_command.policy_of(args), args.output, options)
    return actions.follow_up(
        report,
        plan,
        environment,
        out,
        lambda dead: _exit_code(report, args.fail_on, dead),
        interrupted,
    )


def _dump(digests: list[Digest], args: argparse.Namespace, out: Streams) -> int:
    """`--dump`: what the reader found, written like a report; no server is asked."""
    text = render_dump(digests)
    if not args.output:
        out.stdout.write(text)
        return ExitCode.OK
    try:
        write_atomically(Path(args.output), [text])
    except OSError as error:
        print(f"audit: error: cannot write {args.output}: {error.strerror}", file=out.stderr)
        return ExitCode.RUNTIME_ERROR
    return ExitCode.OK


def _write(
    report: AuditReport, args: argparse.Namespace, out: Streams, env: Mapping[str, str]
) -> None:
    fmt = OutputFormat(args.format)
    texts = digest_texts(report.sources) if fmt is OutputFormat.ANNOTATED else ()
    width = None if args.wide or args.output else terminal_width(out.stdout, env)
    options = RenderOptions(show_all=args.all, explain=args.explain, digests=texts, width=width)
    if fmt is OutputFormat.HTML:  # the page shows the history and links rows to the digest
        policy = diff_command.policy_of(args)
        options = page.page_options(report, options, env, args.history, policy)
    pieces = render_chunks(report, fmt, options)
    if args.output:
        target = Path(args.output)
        write_atomically(target, pieces, mode=new_file_mode(target))
        print(f"audit: report written to {target}", file=out.stderr)
    else:
        with fenced(out.stdout):
            for piece in pieces:
                out.stdout.write(piece)


def load_rubric(path: str | None, folder: Path | None = None) -> RubricConfig:
    """`--config FILE`, else `[tool.repro-audit]` of the pyproject.toml in `folder` (the current
    one), else the published rubric; any problem is a RubricConfigError (exit code 3)."""
    if path is not None:
        return config_from_toml(_config_text(Path(path), path), path)
    project = (folder or Path.cwd()) / "pyproject.toml"
    if not project.is_file():
        return DEFAULT_CONFIG
    return config_from_pyproject(_config_text(project, "pyproject.toml"), "pyproject.toml")


def _config_text(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RubricConfigError(f"{label}: no such file") from None
    except UnicodeDecodeError:
        raise RubricConfigError(f"{label}: not UTF-8 text") from None
    except OSError as error:
        raise RubricConfigError(f"{label}: cannot read ({error.strerror or error})") from None


def _exit_code(report: AuditReport, fail_on: str, dead: int | None = None) -> int:
    """`dead` overrides the summary's count: with a history, only confirmed dead links count."""
    summary = report.summary
    if fail_on == "dead" and (summary.dead if dead is None else dead):
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
