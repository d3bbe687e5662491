"""`audit comment REPORT.json`: the pull-request comment for a `--changed-since` audit; with
`--pr N` it keeps the one repro-audit comment on that pull request up to date.

Run in a later job than the audit (see .github/workflows/pr.yml): that job has
`pull-requests: write` and runs no code of the pull request; it only reads the JSON report the
audit job handed over, as data.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from repro_audit.cli.console import ExitCode, Invocation, Parser
from repro_audit.sources.endpoints import ConfigError, endpoints_from_env
from repro_audit.sources.issue_tracker import IssueTrackerError, check_repository
from repro_audit.sources.pr_comment import CommentAction, PullRequestComment, WhenFine
from repro_audit.tracking.pull_request import ReportError, comment_for, run_url

MAX_REPORT_BYTES = 64 * 1024 * 1024


def build_parser() -> argparse.ArgumentParser:
    """`audit comment` options."""
    parser = Parser(
        prog="audit comment",
        description="The pull-request comment for a --changed-since JSON report; --pr posts it.",
    )
    parser.add_argument("report", metavar="REPORT.json", help="written by --format json")
    parser.add_argument("--pr", type=int, metavar="N", help="post or update on pull request N")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument(
        "--when-fine",
        choices=[w.value for w in WhenFine],
        default=WhenFine.RESOLVE.value,
        help="once all is fine: edit the comment to say so (default) or delete it",
    )
    parser.add_argument("--revision", default="", help="the pull request's head commit, named")
    parser.add_argument("--token", help="GitHub token (default: $GITHUB_TOKEN or $GH_TOKEN)")
    parser.add_argument("--api-url", help="REST API base (default: $GITHUB_API_URL)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    return parser


def _document(path: Path) -> dict[str, Any]:
    try:
        if not path.is_file():
            raise ReportError(f"{path}: no such file")
        if path.stat().st_size > MAX_REPORT_BYTES:
            raise ReportError(f"{path}: larger than {MAX_REPORT_BYTES} bytes")
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ReportError(f"{path}: not a JSON report ({type(error).__name__})") from None
    if not isinstance(document, dict):
        raise ReportError(f"{path}: not a JSON report (not an object)")
    return document


def run(argv: list[str], invocation: Invocation) -> int:
    """Print the comment; with --pr, post, update, resolve or delete it (exit 1 on refusal)."""
    args = build_parser().parse_args(argv)
    try:
        document = _document(Path(args.report))
        comment = comment_for(document, args.revision, run_url(invocation.env))
    except ReportError as error:
        invocation.error(str(error))
        return ExitCode.USAGE_ERROR
    invocation.streams.stdout.write(comment.body or comment.resolved)
    if args.pr is None:
        return ExitCode.OK
    try:
        repository = check_repository(args.repo or invocation.env.get("GITHUB_REPOSITORY", ""))
        endpoints = endpoints_from_env(invocation.env, api_url=args.api_url, token=args.token)
        target = PullRequestComment(endpoints, repository, args.pr, timeout=args.timeout)
    except ConfigError as error:
        invocation.error(str(error))
        return ExitCode.USAGE_ERROR
    try:
        outcome = target.upsert(comment.body, comment.resolved, WhenFine(args.when_fine))
    except IssueTrackerError as error:
        invocation.error(f"cannot comment on {repository}#{args.pr}: {error}")
        return ExitCode.RUNTIME_ERROR
    where = f" {outcome.url}" if outcome.url else ""
    removed = outcome.removed_duplicates
    extra = f"; {removed} duplicate(s) removed" if removed else ""
    invocation.note(f"pull request comment{where}: {outcome.action.value}{extra}")
    if outcome.action is CommentAction.NOTHING:
        invocation.note("every added or changed code link is fine; no comment posted")
    return ExitCode.OK
