"""`audit report`: where the digests' code links stand, from the history; `--issue` keeps the
one tracking issue up to date with it.

Run after `audit FILE --history DIR` (in a later workflow step, with `issues: write`): it reads
the records, lists the dead links (confirmed by the flake policy) and the failing ones with the
date they started failing, and opens, updates or closes the issue. It never audits by itself.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from repro_audit.cli.arguments import add_policy_arguments
from repro_audit.cli.commands.diff import DEFAULT_HISTORY, policy_of, resolve_keys
from repro_audit.cli.console import ExitCode, Invocation, Parser
from repro_audit.formats import charts, common
from repro_audit.formats.markdown import cell
from repro_audit.sources.endpoints import ConfigError, endpoints_from_env
from repro_audit.sources.issue_tracker import (
    DEFAULT_LABEL,
    DEFAULT_TITLE,
    MARKER,
    IssueTracker,
    IssueTrackerError,
    check_repository,
)
from repro_audit.tracking.changes import ChangeReport, compare, render_markdown
from repro_audit.tracking.history import HistoryStore, LinkHealth, walk


def _table(reports: Sequence[ChangeReport], dead: bool) -> list[str]:
    rows: list[tuple[ChangeReport, LinkHealth]] = [
        (report, health)
        for report in reports
        for health in (report.dead if dead else report.failing)
    ]
    if not rows:
        return []
    lines = ["| Digest | Line | Link | Paper | Failing since | Runs | Reason |"]
    lines.append("|---|---:|---|---|---|---:|---|")
    for report, health in rows:
        link = health.link
        since = common.utc_day(health.failing_since) if health.failing_since else "?"
        lines.append(
            f"| {cell(report.source)} | {link.line} | {cell(link.label)} | "
            f"{cell(common.shorten(link.title, common.TITLE_LIMIT))} | {since} | "
            f"{health.failing_runs} | {cell(common.short_reason(link.reason))} |"
        )
    return lines


def status_markdown(
    reports: Sequence[ChangeReport],
    trend: Sequence[charts.TrendPoint],
    now: datetime,
) -> str:
    """The issue body: dead links, failing links, the trend and the latest changes."""
    dead = sum(len(r.dead) for r in reports)
    failing = sum(len(r.failing) for r in reports)
    policy = reports[0].policy.describe() if reports else ""
    digests = ", ".join(r.source for r in reports if r.source) or "the digests"
    lines = [MARKER, "## Code links that need attention", ""]
    lines.append(
        cell(
            f"{dead} dead and {failing} failing code link(s) in {digests}, as of "
            f"{common.iso_utc(now)} ({policy}; a link that fails for a shorter time is listed "
            "as failing, since a single failed run is often GitHub's, not the repository's)."
        )
    )
    if dead:
        lines += ["", "### Dead", "", *_table(reports, dead=True)]
    else:
        lines += ["", "No code link is dead."]
    if failing:
        lines += ["", "### Failing, not yet called dead", "", *_table(reports, dead=False)]
    chart = charts.dead_trend(trend)
    if chart:
        lines += ["", "### Over time", "", *chart]
    lines += ["", render_markdown(reports, heading="###")]
    lines.append("_Updated by repro-audit on every scheduled run; edits to this text are lost._")
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    """`audit report` options."""
    parser = Parser(
        prog="audit report",
        description="Dead and failing code links from the history; --issue updates one issue.",
    )
    parser.add_argument("digests", nargs="*", metavar="DIGEST", help="digests (default: all)")
    parser.add_argument("--history", default=DEFAULT_HISTORY, metavar="DIR", help="records root")
    parser.add_argument("--issue", action="store_true", help="open/update/close the issue")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument("--label", default=DEFAULT_LABEL, help=f"default: {DEFAULT_LABEL}")
    parser.add_argument("--title", default=DEFAULT_TITLE, help="the issue's title")
    parser.add_argument("--token", help="GitHub token (default: $GITHUB_TOKEN or $GH_TOKEN)")
    parser.add_argument("--api-url", help="REST API base (default: $GITHUB_API_URL)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    add_policy_arguments(parser)
    return parser


def run(argv: list[str], invocation: Invocation) -> int:
    """Print the status; with --issue, sync the issue (exit 1 when GitHub refuses)."""
    args = build_parser().parse_args(argv)
    policy = policy_of(args)
    store = HistoryStore(Path(args.history), invocation.clock())
    reports: list[ChangeReport] = []
    trends = []
    for key in resolve_keys(store, args.digests):
        records, problems = store.load(key)
        for problem in problems:
            invocation.note(problem)
        reports.append(compare(records, policy))
        trends.append(walk(records, policy).trend)
    newest = [r.current_at for r in reports if r.current_at is not None]
    as_of = max(newest) if newest else invocation.clock()
    body = status_markdown(reports, charts.merge_trends(trends), as_of)
    invocation.streams.stdout.write(body)
    if not args.issue:
        return ExitCode.OK
    try:
        repository = check_repository(args.repo or invocation.env.get("GITHUB_REPOSITORY", ""))
        endpoints = endpoints_from_env(invocation.env, api_url=args.api_url, token=args.token)
        tracker = IssueTracker(endpoints, repository, label=args.label, timeout=args.timeout)
    except ConfigError as error:
        invocation.error(str(error))
        return ExitCode.USAGE_ERROR
    has_dead = any(r.dead for r in reports)
    try:
        outcome = tracker.upsert(args.title, body, has_dead=has_dead)
    except IssueTrackerError as error:
        invocation.error(f"cannot update the issue in {repository}: {error}")
        return ExitCode.RUNTIME_ERROR
    where = f" #{outcome.number} {outcome.url}" if outcome.number is not None else ""
    invocation.note(f"issue{where}: {outcome.action.value}")
    return ExitCode.OK
