"""`audit fix DIGEST...`: audit, then rewrite moved links and fill missed code links.

A dry run by default: the changes are printed as a unified diff and nothing is written. With
`--write` each digest is replaced atomically (a temporary file beside it, then a rename), and only
if it still holds the bytes that were audited. Only UTF-8 digests are rewritten, so the bytes
outside the changed cells stay exactly as they were.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from repro_audit.audit import AuditRun
from repro_audit.cli.archive_options import archive_source
from repro_audit.cli.arguments import add_source_arguments, endpoints_of
from repro_audit.cli.console import ExitCode, Invocation, Parser
from repro_audit.cli.fetch_options import build_source, fetch_or_exit_code
from repro_audit.cli.link_options import link_options
from repro_audit.fileio import write_atomically
from repro_audit.models import AuditReport, Digest
from repro_audit.reading.digest import read_digest
from repro_audit.reading.files import InputError, read_digest_bytes
from repro_audit.report.fix import FixPlan, apply_fixes, changed_cell, plan_fixes, unified_diff
from repro_audit.sources import ConfigError
from repro_audit.sources.beyond import LinkSource


def build_parser() -> argparse.ArgumentParser:
    """`audit fix` options: the files, dry run or write, and how to ask GitHub and the web."""
    parser = Parser(
        prog="audit fix",
        description="Rewrite moved code links and fill missed ones; a dry-run diff by default.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="digest .md files")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run", action="store_true", help="show the cells that would change (default)"
    )
    parser.add_argument(
        "--diff", action="store_true", help="print a unified diff of the digest instead"
    )
    mode.add_argument("--write", action="store_true", help="apply the changes to the files")
    parser.add_argument(
        "--archive-links",
        action="store_true",
        help="mend dead code links: the live code the row names, else the Software Heritage copy",
    )
    add_source_arguments(parser)
    return parser


@dataclass(frozen=True, slots=True)
class _Input:
    path: Path
    data: bytes
    text: str
    digest: Digest


class _Refused(Exception):
    """A digest that `fix` will not touch; one line, exit code 3."""


def _read(name: str, github_hosts: frozenset[str]) -> _Input:
    path = Path(name)
    try:
        data = read_digest_bytes(path, name)
    except InputError as error:
        raise _Refused(str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(f"{name}: not UTF-8; fix rewrites UTF-8 digests only") from None
    return _Input(path, data, text, read_digest(text.removeprefix("\ufeff"), name, github_hosts))


def run(argv: list[str], invocation: Invocation) -> int:
    """Audit the digests, then print or apply the fixes."""
    args = build_parser().parse_args(argv)
    err = invocation.streams.stderr
    if args.archive_links and args.no_archive:
        invocation.error("--archive-links needs Software Heritage; drop --no-archive")
        return ExitCode.USAGE_ERROR
    try:
        endpoints = endpoints_of(args, invocation.env)
        inputs = [_read(name, endpoints.github_hosts) for name in args.files]
        beyond = link_options(args, invocation.env)
        archives = archive_source(args, invocation.env) if args.archive_links else None
        source, close_source = build_source(args, endpoints, err, invocation.env)
    except (ConfigError, _Refused) as error:
        invocation.error(str(error))
        return ExitCode.USAGE_ERROR
    audit = AuditRun(
        digests=[item.digest for item in inputs],
        source=source,
        links=None if args.offline else LinkSource(beyond, source.counter),
        archives=archives,
    )

    def close() -> None:
        close_source()
        if archives is not None:
            archives.close()

    failed = fetch_or_exit_code(audit, close, invocation, "nothing was written")
    if failed is not None:
        return failed
    report = audit.report(invocation.clock())
    hosts = endpoints.github_hosts
    code: int = ExitCode.OK
    for item in inputs:
        plan = _plan(item, report, hosts, args.archive_links)
        for reason in plan.skipped:
            invocation.note(f"{item.path}: {reason}")
        code = max(code, _apply(item, plan, args, invocation, hosts))
    return code


def _plan(item: _Input, report: AuditReport, hosts: frozenset[str], archive: bool) -> FixPlan:
    rows = [row for row in report.rows if row.entry.source == item.digest.source]
    return plan_fixes(item.text, rows, hosts, archive_links=archive)


def _apply(
    item: _Input,
    plan: FixPlan,
    args: argparse.Namespace,
    invocation: Invocation,
    hosts: frozenset[str],
) -> int:
    if not plan.fixes:
        invocation.note(f"{item.path}: nothing to fix")
        return ExitCode.OK
    fixed = apply_fixes(item.text, plan)
    out = invocation.streams.stdout
    if not args.write and not args.diff:  # the cells that change, not whole rows
        for fix in plan.fixes:
            print(f"{item.path}:{changed_cell(fix, hosts)}", file=out)
        return ExitCode.OK
    for fix in plan.fixes:
        invocation.note(f"{item.path}:L{fix.line}: {fix.why}")
    if not args.write:
        out.write(unified_diff(item.text, fixed, str(item.path)))
        return ExitCode.OK
    try:
        _replace_atomically(item, fixed.encode("utf-8"))
    except _Refused as error:
        invocation.error(str(error))
        return ExitCode.RUNTIME_ERROR
    except OSError as error:
        invocation.error(f"{item.path}: cannot write ({error.strerror or error})")
        return ExitCode.RUNTIME_ERROR
    invocation.note(f"{item.path}: {len(plan.fixes)} cell(s) rewritten")
    return ExitCode.OK


def _replace_atomically(item: _Input, data: bytes) -> None:
    """Replace the digest whole, keeping its permissions; refuse if it changed meanwhile."""
    if item.path.read_bytes() != item.data:
        raise _Refused(f"{item.path}: changed while it was audited; not written")
    write_atomically(item.path, data, mode=item.path.stat().st_mode & 0o7777)
