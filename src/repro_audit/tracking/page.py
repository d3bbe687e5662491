"""What the HTML page needs beyond the report: the history as this run leaves it, and where
the digests live on GitHub.

The page is rendered before the run's record is written (the report comes first, so an
interrupted run still leaves one), so the history is walked here with this run's record added
in memory. Reading the Actions variables is kept here too: the renderer stays pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from repro_audit.formats import charts
from repro_audit.formats.options import LinkSince, RenderOptions
from repro_audit.models import AuditReport
from repro_audit.tracking.actions import walked, workspace_path
from repro_audit.tracking.history import DeadPolicy, Health, HistoryStore, history_keys

_SERVER = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
_SHA = re.compile(r"^[0-9a-f]{40}$|^[0-9a-f]{64}$")


def history_options(
    report: AuditReport, store: HistoryStore, policy: DeadPolicy
) -> tuple[tuple[charts.TrendPoint, ...], tuple[LinkSince, ...]]:
    """The trend and each failing link's streak as this run will leave them once recorded,
    for a report rendered before the record is written (the HTML page's trend and dates)."""
    keys = history_keys(report.sources)
    states = [
        (part.sources[0], state) for part, _, _, state, _ in walked(report, store, policy, keys)
    ]
    since = tuple(
        LinkSince(source, h.link.key, h.health.value, h.failing_since, h.failing_runs)
        for source, state in states
        for h in state.links
        if h.health is not Health.OK
    )
    return charts.merge_trends([state.trend for _, state in states]), since


def page_options(
    report: AuditReport,
    options: RenderOptions,
    env: Mapping[str, str],
    history_dir: str | None,
    policy: DeadPolicy,
) -> RenderOptions:
    """Options for a page that shows the history as this run leaves it (trend, failing-since
    dates) and links rows to the digest's lines on GitHub when run in a checkout there. A
    history that cannot be read is left out here; recording it reports the error."""
    urls = digest_urls(report.sources, env)
    if not history_dir:
        return replace(options, digest_urls=urls)
    try:
        trend, since = history_options(report, HistoryStore(Path(history_dir)), policy)
    except OSError:
        return replace(options, digest_urls=urls)
    return replace(options, digest_urls=urls, trend=trend, since=since)


def digest_urls(sources: Sequence[str], env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(source, blob URL) of each digest inside the checked-out repository, from the variables
    the Actions runner sets (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA,
    GITHUB_WORKSPACE); nothing when one is missing or malformed, or for a digest outside it."""
    server = env.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository, sha = env.get("GITHUB_REPOSITORY", ""), env.get("GITHUB_SHA", "")
    if not (_SERVER.match(server) and _REPOSITORY.match(repository) and _SHA.match(sha)):
        return ()
    found = []
    for source in sources:
        path = workspace_path(source, env.get("GITHUB_WORKSPACE") or None)
        parts = PurePosixPath(path).parts
        if not parts or PurePosixPath(path).is_absolute() or ".." in parts or ":" in path:
            continue
        found.append((source, f"{server}/{repository}/blob/{sha}/{quote(path)}"))
    return tuple(found)
