"""`audit FILE... --changed-since REF`: audit the rows a change added or edited, nothing else.

The option's wiring lives here so `main` only calls `narrow` before the audit and `widen` after
it. A partial run is never recorded as history: it would look as if every other link had gone.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace

from repro_audit.cli.console import UsageError
from repro_audit.models import AuditReport, Digest, DigestEntry
from repro_audit.reading.changed import ChangedSinceError, changed_lines, select_changed
from repro_audit.report.unchanged import unchanged_rows, with_unchanged


@dataclass(frozen=True, slots=True)
class Narrowed:
    """The digests to audit and, when narrowed, what was left out and why."""

    digests: list[Digest]
    ref: str | None = None
    unchanged: tuple[DigestEntry, ...] = ()
    note: str = ""


def narrow(args: argparse.Namespace, digests: list[Digest]) -> Narrowed:
    """Cut the digests down to their changed rows; a UsageError for a bad REF or repository."""
    ref = getattr(args, "changed_since", None)
    if ref is None:
        return Narrowed(digests)
    if args.history:
        raise UsageError("--changed-since cannot be recorded with --history (a partial run)")
    try:
        changed = changed_lines([digest.source for digest in digests], ref)
    except ChangedSinceError as error:
        raise UsageError(str(error)) from None
    selection = select_changed(digests, changed)
    audited, left = selection.changed_rows, len(selection.unchanged)
    note = (
        f"--changed-since {ref}: {audited} row(s) added or changed audited, "
        f"{left} unchanged row(s) left out"
    )
    return Narrowed(list(selection.digests), ref, selection.unchanged, note)


def widen(
    report: AuditReport, narrowed: Narrowed, show_all: bool, github_hosts: frozenset[str]
) -> AuditReport:
    """The report with the note, and with `--all` the unchanged rows listed as `unchanged`."""
    if narrowed.ref is None:
        return report
    report = replace(report, notes=(*report.notes, narrowed.note))
    if not show_all:
        return report
    return with_unchanged(report, unchanged_rows(narrowed.unchanged, github_hosts, narrowed.ref))
