"""Command-line options for asking GitHub, and the wiring they imply: cache, retries, progress.

Kept out of cli/main.py so the command stays thin; subcommands that fetch reuse the same options.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
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
from repro_audit.sources.cache import CACHE_FILE, DEFAULT_MAX_AGE, FactCache, default_cache_dir
from repro_audit.sources.endpoints import ConfigError

DEFAULT_MAX_WAIT = 180.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds from `90`, `90s`, `15m`, `12h` or `1d`; argparse shows the error on misuse."""
    match = _DURATION.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"not a duration (like 90s, 15m, 12h, 1d): {text!r}")
    return float(match.group(1)) * _UNIT[match.group(2).lower()]


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def positive_float(text: str) -> float:
    """A number above 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
    return value


def add_fetch_arguments(parser: argparse.ArgumentParser) -> None:
    """Where GitHub is, how hard to ask it, and the cache."""
    group = parser.add_argument_group("asking GitHub")
    group.add_argument("--token", help="GitHub token(s), comma-separated (default: $GITHUB_TOKEN)")
    group.add_argument("--api-url", help="REST API base (default: $GITHUB_API_URL)")
    group.add_argument("--graphql-url", help="GraphQL endpoint (default: $GITHUB_GRAPHQL_URL)")
    group.add_argument("--server-url", help="web and git server (default: $GITHUB_SERVER_URL)")
    group.add_argument(
        "--batch-size", type=positive_int, default=50, help="repos per GraphQL query"
    )
    group.add_argument("--workers", type=positive_int, default=4, help="parallel REST/git workers")
    group.add_argument("--timeout", type=positive_float, default=30.0, help="seconds per request")
    group.add_argument("--retries", type=positive_int, default=4, help="attempts per request")
    group.add_argument(
        "--max-wait",
        type=parse_duration,
        default=DEFAULT_MAX_WAIT,
        help="longest wait for a rate-limit reset or Retry-After (default 3m); beyond: unknown",
    )
    group.add_argument(
        "--no-git", action="store_true", help="without a token, skip the git clone for file lists"
    )
    cache = parser.add_argument_group("cache")
    cache.add_argument("--cache-dir", type=Path, help="where the facts cache lives")
    cache.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    cache.add_argument(
        "--max-age",
        type=parse_duration,
        default=DEFAULT_MAX_AGE,
        help="reuse cached facts younger than this (default 1d)",
    )
    cache.add_argument(
        "--offline",
        action="store_true",
        help="ask nothing: answer from the cache only (any age); the rest is 'unknown (offline)'",
    )
    parser.add_argument(
        "--quiet", "-q", "--no-progress", dest="quiet", action="store_true", help="no progress bar"
    )


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
