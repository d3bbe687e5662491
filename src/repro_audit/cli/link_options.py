"""Command-line options for links beyond GitHub: the host allow-list and the papers look-up.

Kept beside fetch_options.py so `audit` and `audit fix` read the same options the same way.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from repro_audit.cli.arguments import PAPERS_API_ENV, WEB_ALLOW_ENV
from repro_audit.reading.digest import DigestInputError, decode_digest
from repro_audit.sources import RetryPolicy
from repro_audit.sources.beyond import LinkOptions, LinkSource
from repro_audit.sources.endpoints import DEFAULT_PAPERS_API_URL, ConfigError
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.web import parse_allow_list


def link_options(args: argparse.Namespace, env: Mapping[str, str]) -> LinkOptions:
    """The second phase's options from the command line, then the environment."""
    api = args.papers_api_url or env.get(PAPERS_API_ENV) or DEFAULT_PAPERS_API_URL
    parts = urlsplit(api.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise ConfigError(f"--papers-api-url must be an http(s) URL without credentials: {api!r}")
    allow_text = args.web_allow if args.web_allow is not None else env.get(WEB_ALLOW_ENV)
    return LinkOptions(
        allow=parse_allow_list(allow_text),
        timeout=min(args.timeout, 30.0),
        workers=args.workers,
        use_git=not args.no_git,
        policy=RetryPolicy(attempts=args.retries),
        lookup_papers=args.lookup_papers,
        papers_api_url=api.strip().rstrip("/"),
    )


def build_link_source(
    args: argparse.Namespace, env: Mapping[str, str], counter: RequestCounter | None
) -> LinkSource:
    """The source for the audit's second phase; git requests count with GitHub's git requests."""
    return LinkSource(link_options(args, env), counter)


def digest_texts(sources: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """Each digest's text again, for formats that re-emit it; unreadable ones are left out."""
    texts = []
    for source in sources:
        try:
            texts.append((source, decode_digest(Path(source).read_bytes(), source)))
        except (OSError, DigestInputError):
            continue
    return tuple(texts)
