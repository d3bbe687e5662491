"""Command-line options for Software Heritage, shared by `audit`, `audit fix` and `audit archive`.

The API URL comes from `--swh-api-url`, else $REPRO_AUDIT_SWH_API_URL, else the public archive;
the token only from $SWH_TOKEN (a token on the command line ends up in shell histories and
process lists). When an allow-list is set (`--web-allow`), the API host must be on it, as the
papers API's must.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Mapping
from urllib.parse import urlsplit

from repro_audit.cli.arguments import SWH_API_ENV, SWH_TOKEN_ENV, WEB_ALLOW_ENV
from repro_audit.sources import RetryPolicy
from repro_audit.sources.archive_cache import ARCHIVE_CACHE_FILE, ArchiveCache, ArchiveSource
from repro_audit.sources.cache import default_cache_dir
from repro_audit.sources.endpoints import DEFAULT_SWH_API_URL, ConfigError
from repro_audit.sources.swh import SwhOptions
from repro_audit.sources.web import parse_allow_list


def swh_options(args: argparse.Namespace, env: Mapping[str, str]) -> SwhOptions:
    """Where the archive's API is and how to ask it; a bad URL is a ConfigError."""
    api = (args.swh_api_url or env.get(SWH_API_ENV) or DEFAULT_SWH_API_URL).strip()
    parts = urlsplit(api)
    if parts.scheme not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        raise ConfigError(f"--swh-api-url must be an http(s) URL without credentials: {api!r}")
    web_allow = getattr(args, "web_allow", None)
    allow_text = web_allow if web_allow is not None else env.get(WEB_ALLOW_ENV)
    return SwhOptions(
        api_url=api.rstrip("/"),
        token=(env.get(SWH_TOKEN_ENV) or "").strip() or None,
        timeout=min(getattr(args, "timeout", 15.0), 30.0),
        allow=parse_allow_list(allow_text),
        policy=RetryPolicy(attempts=getattr(args, "retries", 4), max_hint=60.0, max_total=90.0),
    )


def archive_source(args: argparse.Namespace, env: Mapping[str, str]) -> ArchiveSource | None:
    """The run's Software Heritage source with its cache, or None with `--no-archive`."""
    if getattr(args, "no_archive", False):
        return None
    options = swh_options(args, env)
    cache = None
    if not getattr(args, "no_cache", False):
        folder = getattr(args, "cache_dir", None) or default_cache_dir(env)
        try:
            cache = ArchiveCache(folder / ARCHIVE_CACHE_FILE, max_age=args.max_age)
        except (OSError, sqlite3.Error) as error:
            raise ConfigError(f"cannot open the archive cache in {folder}: {error}") from None
    return ArchiveSource(options, cache)
