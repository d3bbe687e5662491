"""`audit diff`: what changed since the previous run, read from the history (no network).

`audit diff [--history DIR] [DIGEST...]` compares each digest's newest record with the one
before, over its whole history so "failing since" and "dead" follow the flake policy;
`audit diff OLD.json NEW.json` compares two record files. The options that set the policy are
shared with `audit FILE --history` and `audit report`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from repro_audit.cli.arguments import add_policy_arguments, positive_int
from repro_audit.cli.console import ExitCode, Invocation, Parser, UsageError
from repro_audit.tracking.changes import (
    DEFAULT_SCORE_THRESHOLD,
    ChangeReport,
    compare,
    render_json,
    render_markdown,
    render_text,
)
from repro_audit.tracking.history import (
    DeadPolicy,
    HistoryError,
    HistoryStore,
    Record,
    history_keys,
    record_from_document,
)

DEFAULT_HISTORY = "audits"


def policy_of(args: argparse.Namespace) -> DeadPolicy:
    """The policy the options ask for: runs 2 by default; days alone replace the runs rule."""
    runs: int | None = args.dead_after_runs
    days: float | None = args.dead_after_days
    if runs is None and days is None:
        return DeadPolicy()
    return DeadPolicy(runs=runs, days=days)


def resolve_keys(store: HistoryStore, names: Sequence[str]) -> list[str]:
    """History folders for the digests named (paths or folder names); all of them for none."""
    if not names:
        keys = store.keys()
        if not keys:
            raise UsageError(f"{store.root}: no audit records (run `audit FILE --history DIR`)")
        return keys
    by_path = history_keys(names)
    keys = []
    for name in names:
        for key in (by_path[name], name):
            if store.record_paths(key):
                keys.append(key)
                break
        else:
            raise UsageError(f"{name}: no audit records under {store.root}")
    return keys


def _record_file(path: str) -> Record:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise HistoryError("not a JSON object")
        return record_from_document(document, Path(path).name)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except (OSError, ValueError, HistoryError) as error:
        raise UsageError(f"{path}: not an audit record ({error})") from None


def load_reports(
    args: argparse.Namespace, invocation: Invocation, policy: DeadPolicy
) -> list[ChangeReport]:
    """One change report per digest named (or two record files), notes on stderr."""
    names: list[str] = args.digests
    threshold: int = getattr(args, "score_threshold", DEFAULT_SCORE_THRESHOLD)
    if len(names) == 2 and all(n.endswith(".json") and Path(n).is_file() for n in names):
        return [compare([_record_file(n) for n in names], policy, threshold)]
    store = HistoryStore(Path(args.history), invocation.clock())
    reports = []
    for key in resolve_keys(store, names):
        records, problems = store.load(key)
        for problem in problems:
            invocation.note(problem)
        reports.append(compare(records, policy, threshold))
    return reports


def build_parser() -> argparse.ArgumentParser:
    """`audit diff` options."""
    parser = Parser(prog="audit diff", description="Changes since the previous recorded run.")
    parser.add_argument(
        "digests", nargs="*", metavar="DIGEST", help="digest files, or two record .json files"
    )
    parser.add_argument("--history", default=DEFAULT_HISTORY, metavar="DIR", help="records root")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument(
        "--score-threshold",
        type=positive_int,
        default=DEFAULT_SCORE_THRESHOLD,
        metavar="N",
        help=f"report score changes of at least N points (default {DEFAULT_SCORE_THRESHOLD})",
    )
    add_policy_arguments(parser)
    return parser


def run(argv: list[str], invocation: Invocation) -> int:
    """Print the changes of each digest's latest run; exit 3 when there is nothing to compare."""
    args = build_parser().parse_args(argv)
    reports = load_reports(args, invocation, policy_of(args))
    if args.format == "json":
        text = render_json(reports)
    elif args.format == "markdown":
        text = render_markdown(reports)
    else:
        text = render_text(reports)
    invocation.streams.stdout.write(text)
    return ExitCode.OK
