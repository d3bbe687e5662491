"""Which live repositories to ask Software Heritage to archive (save-code-now), pure.

A repository is worth a request when the archive's answer is known and says it has no snapshot,
or when its latest snapshot is older than the repository's newest commit (the code changed since).
An unknown answer asks nothing: unknown is not "lost". Each origin once, in digest order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repro_audit.models import ArchiveState, AuditRow, LinkStatus

_LIVE = frozenset({LinkStatus.ALIVE, LinkStatus.MOVED})


@dataclass(frozen=True, slots=True)
class SaveCandidate:
    """An origin to ask save-code-now for, where the digest links it, and why."""

    origin: str
    source: str
    line: int
    why: str


def _origin(row: AuditRow) -> str | None:
    """The URL the code answers at now: the canonical name for a moved repository."""
    archive, facts = row.archive, row.facts
    if archive is None:
        return None
    if row.status is LinkStatus.MOVED and facts is not None and facts.canonical:
        return f"https://{facts.ref.host}/{facts.canonical}"
    return archive.origin


def _why(row: AuditRow) -> str | None:
    archive, facts = row.archive, row.facts
    if archive is None or facts is None or row.status not in _LIVE or facts.is_empty:
        return None
    if archive.state is ArchiveState.NOT_ARCHIVED:
        return "not in Software Heritage"
    if archive.state is not ArchiveState.ARCHIVED or archive.visited_at is None:
        return None
    newest = facts.last_commit_at or facts.pushed_at
    if newest is None or newest <= archive.visited_at:
        return None
    return (
        f"last snapshot {archive.visited_at.date().isoformat()} is older than the last commit "
        f"{newest.date().isoformat()}"
    )


def save_candidates(rows: Sequence[AuditRow]) -> list[SaveCandidate]:
    """Every live repository the archive lacks or holds an old snapshot of, each origin once."""
    found: dict[str, SaveCandidate] = {}
    for row in rows:
        for candidate in (row, *row.suggestions):
            why = _why(candidate)
            origin = None if why is None else _origin(candidate)
            if origin is not None and why is not None:
                entry = candidate.entry
                found.setdefault(
                    origin.lower(), SaveCandidate(origin, entry.source, entry.line, why)
                )
    return list(found.values())
