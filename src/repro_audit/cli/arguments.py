"""Every option of the command line, built from the standard library alone.

`audit --help` and a wrong option are answered from this module without loading the clients,
the rubric or the renderers (bench/bench_startup.py measures it); the modules that act on the
options (fetch_options, link_options, archive_options, commands/) import the heavy parts.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from pathlib import Path

from repro_audit import __version__
from repro_audit.cli.console import Parser
from repro_audit.formats.options import OutputFormat
from repro_audit.sources.endpoints import (
    DEFAULT_MAX_AGE,
    DEFAULT_PAPERS_API_URL,
    DEFAULT_SWH_API_URL,
    Endpoints,
    endpoints_from_env,
)

DEFAULT_MAX_WAIT = 180.0
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)  # on the stripped text
_UNIT = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds from `90`, `90s`, `15m`, `12h` or `1d`; argparse shows the error on misuse."""
    match = _DURATION.fullmatch(text.strip())  # `\s*([smhd]?)\s*$` was quadratic in blanks
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


def add_source_arguments(parser: argparse.ArgumentParser, archive_switch: bool = True) -> None:
    """The options of every command that asks the sources: GitHub and the cache, other hosts and
    web pages, Software Heritage (`archive_switch`: whether `--no-archive` is offered)."""
    add_fetch_arguments(parser)
    add_link_arguments(parser)
    add_archive_arguments(parser, switch=archive_switch)


def endpoints_of(args: argparse.Namespace, env: Mapping[str, str]) -> Endpoints:
    """Where GitHub is and with which token: the options given, else the environment."""
    return endpoints_from_env(
        env,
        api_url=args.api_url,
        graphql_url=args.graphql_url,
        server_url=args.server_url,
        token=args.token,
    )


WEB_ALLOW_ENV = "REPRO_AUDIT_WEB_ALLOW"
PAPERS_API_ENV = "REPRO_AUDIT_PAPERS_API_URL"


def add_link_arguments(parser: argparse.ArgumentParser) -> None:
    """Options for other git hosts, web pages and the papers API."""
    group = parser.add_argument_group("links beyond GitHub")
    group.add_argument(
        "--web-allow",
        metavar="HOSTS",
        help="only contact these hosts for web pages and other git hosts (comma-separated; "
        f".example.org allows subdomains; default: ${WEB_ALLOW_ENV}, else any host)",
    )
    group.add_argument(
        "--lookup-papers",
        action="store_true",
        help="ask the papers API for the code of papers whose row has no code link",
    )
    group.add_argument(
        "--papers-api-url",
        metavar="URL",
        help=f"papers API base (default: ${PAPERS_API_ENV}, else {DEFAULT_PAPERS_API_URL})",
    )


SWH_API_ENV = "REPRO_AUDIT_SWH_API_URL"
SWH_TOKEN_ENV = "SWH_TOKEN"


def add_archive_arguments(parser: argparse.ArgumentParser, switch: bool = True) -> None:
    """`--swh-api-url`, and `--no-archive` where the archive is optional."""
    group = parser.add_argument_group("Software Heritage")
    if switch:
        group.add_argument(
            "--no-archive",
            action="store_true",
            help="do not ask Software Heritage whether the code is archived",
        )
    group.add_argument(
        "--swh-api-url",
        metavar="URL",
        help=f"Software Heritage API base (default: ${SWH_API_ENV}, else {DEFAULT_SWH_API_URL}); "
        f"token: ${SWH_TOKEN_ENV}",
    )


def non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text!r}")
    return value


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    """`--dead-after-runs` and `--dead-after-days`, the flake policy of every history command."""
    parser.add_argument(
        "--dead-after-runs",
        type=positive_int,
        metavar="N",
        help="call a link dead after N consecutive failing runs (default 2; 1 = at once)",
    )
    parser.add_argument(
        "--dead-after-days",
        type=non_negative_float,
        metavar="T",
        help="or after T days of failing (alone, it replaces the runs rule)",
    )


def add_changed_since_argument(parser: argparse.ArgumentParser) -> None:
    """`--changed-since REF`: audit only the rows a pull request touched."""
    parser.add_argument(
        "--changed-since",
        metavar="REF",
        help="audit only rows added or changed since this git commit or branch (e.g. origin/main)",
    )


EPILOG = """commands:
  audit fix DIGEST...        rewrite moved links, fill missed code links (a diff; --write applies)
  audit diff [DIGEST...]     what changed since the previous run recorded with --history
  audit report --issue       open, update or close the one tracking issue
  audit history --compact    thin out old history records
  audit comment, audit archive   a pull request's comment; Software Heritage archiving
  audit COMMAND --help       that command's own options

FILE is a digest .md, a folder of them, - for standard input, or a digest on GitHub given by
its URL (https://github.com/OWNER/REPO/blob/REF/PATH), read through the API.

environment:
  GITHUB_TOKEN, GH_TOKEN     token(s), comma-separated: GraphQL and 5,000 requests/hour
  GITHUB_API_URL, GITHUB_GRAPHQL_URL, GITHUB_SERVER_URL   where GitHub is (GitHub Enterprise)
  HTTPS_PROXY, HTTP_PROXY, NO_PROXY                       the proxy requests and git go through
  REPRO_AUDIT_CACHE_DIR      the facts cache (default: the user cache folder)

exit codes: 0 done, 1 runtime error, 2 the --fail-on condition holds, 3 usage or configuration
error, 4 GitHub's API cannot be reached, 130 interrupted
"""


def build_parser() -> argparse.ArgumentParser:
    """The command line, documented in the README."""
    parser = Parser(
        prog="audit",
        description="Audit the code links of a paper digest (markdown tables of papers).",
        epilog=EPILOG,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="digest .md files or folders, -, or a GitHub URL"
    )
    parser.add_argument(
        "--format",
        choices=[f.value for f in OutputFormat],
        metavar="FORMAT",
        help=f"{', '.join(f.value for f in OutputFormat)} (default: from the --output "
        "file's extension, .json .md .csv .sarif .html .xml; else table)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report here")
    parser.add_argument(
        "--wide", action="store_true", help="table: every column, whatever the terminal's width"
    )
    parser.add_argument("--all", action="store_true", help="also list rows without a code link")
    parser.add_argument("--explain", action="store_true", help="show every finding and its fix")
    parser.add_argument(
        "--dump",
        action="store_true",
        help="only list the entries and links read (line, column, origin, title); ask no server",
    )
    parser.add_argument(
        "--fail-on",
        choices=("dead", "unknown", "never"),
        default="dead",
        help="exit 2 when a link is dead (default), dead or unknown, or never",
    )
    add_source_arguments(parser)
    parser.add_argument("--history", metavar="DIR", help="keep a record of this run under DIR")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="rubric weights and thresholds (TOML; default: ./pyproject.toml [tool.repro-audit])",
    )
    add_policy_arguments(parser)
    add_changed_since_argument(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser
