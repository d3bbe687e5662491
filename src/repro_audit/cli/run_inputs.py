"""The first half of `audit FILE...`: where GitHub is, the digests read, the ignore list applied.

Light on purpose: `audit --dump` ends here, having loaded the reader and nothing of the sources,
the rubric or the renderers; audit_command takes the rest of a run from here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from repro_audit.cli.arguments import endpoints_of
from repro_audit.cli.console import ExitCode, Streams, UsageError
from repro_audit.cli.ignore_options import load_ignore_rules
from repro_audit.cli.inputs import load_inputs, output_format
from repro_audit.fileio import write_atomically
from repro_audit.models import Digest, IgnoredLink
from repro_audit.reading.dump import render_dump
from repro_audit.reading.files import InputError
from repro_audit.report.ignore import IgnoreError, apply_rules
from repro_audit.sources.endpoints import ConfigError, Endpoints


@dataclass(frozen=True, slots=True)
class RunInputs:
    """What the command line and the files gave, before any server is asked."""

    endpoints: Endpoints
    digests: list[Digest]
    ignored: tuple[IgnoredLink, ...]
    ignore_notes: tuple[str, ...]
    skipped: tuple[str, ...]


def read_inputs(
    args: argparse.Namespace,
    environment: Mapping[str, str],
    out: Streams,
    now: Callable[[], datetime],
) -> RunInputs | int:
    """The run's inputs, or the exit code of a usage error already printed as one line."""
    skipped: list[str] = []
    try:
        endpoints = endpoints_of(args, environment)
        args.format = output_format(args.format, args.output)
        digests = load_inputs(args.files, out, endpoints, args.timeout, skipped)
        digests, ignored, ignore_notes = apply_rules(digests, load_ignore_rules(), now().date())
    except (UsageError, ConfigError, InputError, IgnoreError) as error:
        print(f"audit: error: {error}", file=out.stderr)
        return ExitCode.USAGE_ERROR
    for problem in skipped:
        print(f"audit: error: {problem}; skipped, the other digests audited", file=out.stderr)
    return RunInputs(endpoints, digests, tuple(ignored), tuple(ignore_notes), tuple(skipped))


def said_nothing_found(digests: Sequence[Digest], out: Streams) -> bool:
    """Whether no digest holds a paper; if so it is said in one line (`audit` and `--dump` then
    exit 3: a list that reads as nothing is a wrong file or a shape the reader does not know)."""
    if any(digest.entries for digest in digests):
        return False
    names = ", ".join(digest.source for digest in digests)
    print(f"audit: error: {names}: no paper table and no code links found", file=out.stderr)
    return True


def dump(inputs: RunInputs, args: argparse.Namespace, out: Streams) -> int:
    """`--dump`: what the reader found, written like a report; no server is asked.

    The exit code follows `audit`'s rules for its inputs: a file that could not be read (its
    error said already) or lists that hold no paper at all give 3, after the dump is written,
    which shows what was read and the problems met."""
    text = render_dump(list(inputs.digests))
    if not args.output:
        out.stdout.write(text)
    else:
        try:
            write_atomically(Path(args.output), [text])
        except OSError as error:
            print(f"audit: error: cannot write {args.output}: {error.strerror}", file=out.stderr)
            return ExitCode.RUNTIME_ERROR
    if said_nothing_found(inputs.digests, out) or inputs.skipped:
        return ExitCode.USAGE_ERROR
    return ExitCode.OK
