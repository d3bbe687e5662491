"""`audit archive DIGEST...`: which live repositories Software Heritage lacks, and with
`--request` ask its save-code-now for a few of them.

A dry list by default. With `--request` at most `--max-requests` (default 5) origins are asked,
one at a time, stopping as soon as the API says its rate limit is reached; save requests are
never retried. Repositories whose archive status is unknown are never asked for.
"""

from __future__ import annotations

import argparse

from repro_audit.audit import AuditRun
from repro_audit.cli.archive_options import archive_source
from repro_audit.cli.arguments import add_source_arguments, endpoints_of, positive_int
from repro_audit.cli.console import ExitCode, Invocation, Parser
from repro_audit.cli.fetch_options import build_source, fetch_or_exit_code
from repro_audit.cli.link_options import link_options
from repro_audit.reading.files import InputError, load_digests
from repro_audit.report.archive_plan import SaveCandidate, save_candidates
from repro_audit.sources import ConfigError
from repro_audit.sources.archive_cache import ArchiveSource
from repro_audit.sources.beyond import LinkSource

DEFAULT_MAX_REQUESTS = 5
MAX_REQUESTS = 50  # save-code-now is a shared, throttled service: a run never asks for more


def build_parser() -> argparse.ArgumentParser:
    """`audit archive` options."""
    parser = Parser(
        prog="audit archive",
        description="List live code Software Heritage lacks; --request asks it to archive some.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="digest .md files or folders")
    parser.add_argument(
        "--request", action="store_true", help="ask save-code-now (default: only list)"
    )
    parser.add_argument(
        "--max-requests",
        type=positive_int,
        default=DEFAULT_MAX_REQUESTS,
        help=f"save requests per run (default {DEFAULT_MAX_REQUESTS}, at most {MAX_REQUESTS})",
    )
    add_source_arguments(parser, archive_switch=False)
    return parser


def run(argv: list[str], invocation: Invocation) -> int:
    """Audit the digests, list the candidates, and with --request ask for the first few."""
    args = build_parser().parse_args(argv)
    if args.max_requests > MAX_REQUESTS:
        invocation.error(f"--max-requests is at most {MAX_REQUESTS}")
        return ExitCode.USAGE_ERROR
    env = invocation.env
    try:
        endpoints = endpoints_of(args, env)
        digests = load_digests(args.files)
        beyond = link_options(args, env)
        archives = archive_source(args, env)
        source, close_source = build_source(args, endpoints, invocation.streams.stderr, env)
    except (ConfigError, InputError) as error:
        invocation.error(str(error))
        return ExitCode.USAGE_ERROR
    assert archives is not None  # `audit archive` has no --no-archive
    audit = AuditRun(digests, source, links=LinkSource(beyond, source.counter), archives=archives)
    failed = fetch_or_exit_code(audit, close_source, invocation, "nothing was requested")
    if failed is not None:
        archives.close()
        return failed
    try:
        report = audit.report(invocation.clock())
        for note in report.notes:
            invocation.note(note)
        candidates = save_candidates(report.rows)
        return _act(candidates, args, archives, invocation)
    finally:
        archives.close()


def _act(
    candidates: list[SaveCandidate],
    args: argparse.Namespace,
    archives: ArchiveSource,
    invocation: Invocation,
) -> int:
    out = invocation.streams.stdout
    for item in candidates:
        out.write(f"{item.source}:L{item.line} {item.origin}: {item.why}\n")
    if not args.request:
        invocation.note(
            f"{len(candidates)} repositor{'y' if len(candidates) == 1 else 'ies'} to archive; "
            f"--request asks save-code-now for up to {args.max_requests}"
        )
        return ExitCode.OK
    asked = failed = 0
    for item in candidates[: args.max_requests]:
        if archives.client.budget_spent:
            invocation.note("Software Heritage rate limit reached; the rest waits for a later run")
            break
        outcome = archives.client.request_save(item.origin)
        asked += 1
        reason = f" ({outcome.reason})" if outcome.reason else ""
        task = f", task {outcome.task}" if outcome.task else ""
        out.write(f"save {item.origin}: {outcome.status}{task}{reason}\n")
        if outcome.status == "unknown":
            failed += 1
            if "rate limit" in outcome.reason:
                invocation.note("Software Heritage rate limit reached; stopping")
                break
    left = len(candidates) - asked
    invocation.note(f"{asked} save request(s) sent, {failed} without an answer, {left} left")
    return ExitCode.RUNTIME_ERROR if asked and failed == asked else ExitCode.OK
