"""Command-line options for asking GitHub, and the wiring they imply: cache, retries, progress.

Kept out of cli/main.py so the command stays thin; subcommands that fetch reuse the same options.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from repro_audit.audit import AuditRun
from repro_audit.cli.console import ExitCode, Invocation
from repro_audit.cli.progress import ProgressBar
from repro_audit.sources import (
    AuthenticationFailed,
    Endpoints,
    FetchOptions,
    GitHubSource,
    RetryPolicy,
    Unreachable,
)
from repro_audit.sources.cache import CACHE_FILE, FactCache, default_cache_dir
from repro_audit.sources.endpoints import ConfigError


def open_cache(
    args: argparse.Namespace, env: Mapping[str, str], stderr: TextIO
) -> FactCache | None:
    """The cache the options ask for; a cache that cannot be opened is a configuration error.

    A file that is not a sound SQLite database (a disk fault, a truncated copy, a cache restored
    from somewhere else) is moved aside, said in one line, and a fresh cache is started: facts
    can always be asked for again, so a damaged cache must not stop the run.
    """
    if args.no_cache:
        return None
    folder = args.cache_dir or default_cache_dir(env)
    path = folder / CACHE_FILE
    try:
        try:
            return FactCache(path, max_age=args.max_age)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError as error:
            aside = set_aside(path, datetime.now(timezone.utc))
            print(
                f"audit: warning: the cache {path} is damaged ({error}); moved to {aside.name},"
                " starting a fresh one",
                file=stderr,
            )
            return FactCache(path, max_age=args.max_age)
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(f"cannot open the cache in {folder}: {error}") from None


def set_aside(path: Path, now: datetime) -> Path:
    """Move a damaged cache (and its WAL and shared-memory files) to `<name>.corrupt-<time>`."""
    aside = path.with_name(f"{path.name}.corrupt-{now.strftime('%Y%m%dT%H%M%SZ')}")
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    os.replace(path, aside)
    return aside


def build_source(
    args: argparse.Namespace, endpoints: Endpoints, stderr: TextIO, env: Mapping[str, str]
) -> tuple[GitHubSource, Callable[[], None]]:
    """The fact source with its cache and progress bar, and a function that closes both."""
    logging.getLogger("github").setLevel(logging.WARNING)
    options = FetchOptions(
        batch_size=args.batch_size,
        workers=args.workers,
        timeout=args.timeout,
        use_git=not args.no_git,
        offline=args.offline,
        policy=RetryPolicy(
            attempts=args.retries,
            max_hint=args.max_wait,
            max_total=max(60.0, args.max_wait * 2),
        ),
    )
    cache = open_cache(args, env, stderr)
    show = not args.quiet and stderr.isatty() and env.get("CI", "") != "true"
    bar = ProgressBar(stderr, show)

    def close() -> None:
        bar.close()
        if cache is not None:
            cache.close()

    source = GitHubSource(
        endpoints,
        options,
        cache=cache,
        on_progress=bar.update if show else None,
        on_message=bar.say,
    )
    return source, close


def fetch_or_exit_code(
    audit: AuditRun, close: Callable[[], None], invocation: Invocation, undone: str
) -> int | None:
    """Run the audit's fetch for a subcommand: None when it finished, else the exit code (a bad
    token, Ctrl-C: `undone` says what is left undone). `close` runs whatever happens."""
    try:
        audit.fetch()
    except AuthenticationFailed as error:
        invocation.error(f"{error}; check GITHUB_TOKEN / --token")
        return ExitCode.USAGE_ERROR
    except Unreachable as error:
        invocation.error(str(error))
        return ExitCode.UNREACHABLE
    except KeyboardInterrupt:
        invocation.error(f"interrupted; {undone}")
        return ExitCode.INTERRUPTED
    finally:
        close()
    return None
