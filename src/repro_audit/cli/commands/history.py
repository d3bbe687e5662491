"""`audit history --compact`: thin out old records so `audits/` stays small over the years.

Every run is kept for `--keep-days` (default 90), then one run a week (its newest). The scheduled
workflow runs it before committing `audits/`; git keeps the removed records in its history.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from repro_audit.cli.arguments import positive_int
from repro_audit.cli.commands.diff import DEFAULT_HISTORY, resolve_keys
from repro_audit.cli.console import ExitCode, Invocation, Parser, UsageError
from repro_audit.tracking.compaction import CompactionPolicy, compact_folder
from repro_audit.tracking.history import HistoryStore


def build_parser() -> argparse.ArgumentParser:
    """`audit history` options."""
    parser = Parser(prog="audit history", description="Look after the records under audits/.")
    parser.add_argument("digests", nargs="*", metavar="DIGEST", help="digests (default: all)")
    parser.add_argument("--history", default=DEFAULT_HISTORY, metavar="DIR", help="records root")
    parser.add_argument(
        "--compact",
        action="store_true",
        help="keep every run for --keep-days, then one a week",
    )
    parser.add_argument(
        "--keep-days", type=positive_int, default=90, metavar="N", help="default: 90"
    )
    parser.add_argument("--dry-run", action="store_true", help="say what would go; remove nothing")
    return parser


def run(argv: list[str], invocation: Invocation) -> int:
    """Compact every digest's records (or the ones named); exit 1 when a file cannot go."""
    args = build_parser().parse_args(argv)
    if not args.compact:
        raise UsageError("say what to do: --compact")
    store = HistoryStore(Path(args.history))
    policy = CompactionPolicy(args.keep_days)
    now = invocation.clock()
    verb = "would remove" if args.dry_run else "removed"
    try:
        for key in resolve_keys(store, args.digests):
            done = compact_folder(store, key, now, policy, dry_run=args.dry_run)
            invocation.streams.stdout.write(
                f"{key}: kept {done.kept}, {verb} {len(done.removed)} ({policy.describe()})\n"
            )
    except OSError as error:
        invocation.error(f"cannot compact {args.history}: {error.strerror or error}")
        return ExitCode.RUNTIME_ERROR
    return ExitCode.OK
