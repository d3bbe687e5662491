"""`audit FILE...` once its inputs are read (run_inputs): ask the sources, judge, write the
report, follow up.

Imported by cli/main.py only when a run needs it, so `--help`, a wrong option and `--dump` never
load the clients, the rubric or the renderers.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from repro_audit.audit import AuditRun, fewer_collections
from repro_audit.cli import changed_since
from repro_audit.cli.archive_options import archive_source
from repro_audit.cli.commands.diff import policy_of
from repro_audit.cli.console import ExitCode, Streams, UsageError
from repro_audit.cli.fetch_options import build_source
from repro_audit.cli.inputs import new_file_mode, terminal_width
from repro_audit.cli.link_options import digest_texts, link_options
from repro_audit.cli.run_inputs import RunInputs, said_nothing_found
from repro_audit.fileio import NotReadable, read_regular_file, unreadable_reason, write_atomically
from repro_audit.formats import OutputFormat, RenderOptions, render_chunks
from repro_audit.models import AuditReport
from repro_audit.report.linkrows import ScoreMemo
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfig, RubricConfigError, config_from_toml
from repro_audit.scoring.config import config_from_pyproject
from repro_audit.sources import (
    AuthenticationFailed,
    ConfigError,
    Unreachable,
)
from repro_audit.sources.beyond import LinkSource
from repro_audit.tracking import actions, page
from repro_audit.tracking.workflow_text import fenced

CONFIG_LIMIT = 1024 * 1024
"""Bytes read at most of a rubric file or pyproject.toml (ours are a few KiB)."""


@fewer_collections()
def run(
    args: argparse.Namespace,
    inputs: RunInputs,
    environment: Mapping[str, str],
    out: Streams,
    now: Callable[[], datetime],
) -> int:
    """The audit the parsed command line asks for, of the inputs read; returns the exit code."""
    endpoints, digests, skipped = inputs.endpoints, inputs.digests, inputs.skipped
    try:
        rubric = load_rubric(args.config)
    except RubricConfigError as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    if said_nothing_found(digests, out):
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
    report = replace(report, ignored=inputs.ignored, notes=(*report.notes, *inputs.ignore_notes))
    try:
        _write(report, args, out, environment)
    except OSError as error:
        print(f"audit: error: cannot write {args.output}: {error.strerror}", file=out.stderr)
        return ExitCode.RUNTIME_ERROR
    for note in report.notes:
        if note not in source.notes:  # those were said before the first repository was asked
            print(f"audit: note: {note}", file=out.stderr)
    options = RenderOptions(show_all=args.all, explain=args.explain)
    plan = actions.FollowUp(args.history, policy_of(args), args.output, options)
    return actions.follow_up(
        report,
        plan,
        environment,
        out,
        lambda dead: _exit_code(report, args.fail_on, dead, bool(skipped)),
        interrupted,
    )


def _write(
    report: AuditReport, args: argparse.Namespace, out: Streams, env: Mapping[str, str]
) -> None:
    fmt = OutputFormat(args.format)
    texts = digest_texts(report.sources) if fmt is OutputFormat.ANNOTATED else ()
    width = None if args.wide or args.output else terminal_width(out.stdout, env)
    options = RenderOptions(show_all=args.all, explain=args.explain, digests=texts, width=width)
    if fmt is OutputFormat.HTML:  # the page shows the history and links rows to the digest
        policy = policy_of(args)
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
    """A rubric file's text: a regular file of at most CONFIG_LIMIT bytes, in UTF-8."""
    try:
        return read_regular_file(path, CONFIG_LIMIT).decode("utf-8")
    except NotReadable as error:
        raise RubricConfigError(f"{label}: {error}") from None
    except UnicodeDecodeError:
        raise RubricConfigError(f"{label}: not UTF-8 text") from None
    except OSError as error:
        raise RubricConfigError(f"{label}: {unreadable_reason(error)}") from None


def _exit_code(
    report: AuditReport, fail_on: str, dead: int | None = None, skipped: bool = False
) -> int:
    """`dead` overrides the summary's count: with a history, only confirmed dead links count.

    A named file that could not be read (`skipped`) is a usage error even though the other files
    were audited and reported: a gate must not pass green on a list it never read."""
    if skipped:
        return ExitCode.USAGE_ERROR
    summary = report.summary
    if fail_on == "dead" and (summary.dead if dead is None else dead):
        return ExitCode.FAIL_CONDITION
    if fail_on == "unknown" and (summary.dead or summary.unknown):
        return ExitCode.FAIL_CONDITION
    return ExitCode.OK
