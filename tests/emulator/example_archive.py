"""Software Heritage records for the example digest: some repositories archived, some not.

One dead repository has an archived copy (`dead · archived`), the other has none; the blocked
one is known to the archive but was never visited with a snapshot; a few live ones are archived
after their paper, one long before its last commit (a candidate for save-code-now).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from tests.emulator.example_world import DIGEST, read_digest_links
from tests.emulator.model import UTC
from tests.emulator.swh import SwhEmulator, Visit

# slug -> days after the paper of each visit with a snapshot (empty: known, never snapshotted)
_VISITS: dict[str, tuple[int, ...]] = {
    "LQH89757/MICS": (3, 12),  # deleted since: its code survives in the archive
    "brain-intelligence-lab/SPHeRe": (20,),
    "NK-JittorCV/Self-Supervised": (-30, 15),
    "TianHuiLab/Falcon": (-60,),  # archived before its last commits: worth a save request
    "codeiscommitting/REQuant": (),  # blocked; a visit was attempted, none produced a snapshot
}
NOT_ARCHIVED_DEAD = "yyxl123/UltraUPConvNet"


def snapshot_id(slug: str, number: int) -> str:
    """A stable, made-up 40-hex snapshot id."""
    return hashlib.sha1(f"{slug}#{number}".encode()).hexdigest()


def origin(slug: str) -> str:
    """The origin URL the archive keys a GitHub repository by."""
    return f"https://github.com/{slug}"


@dataclass(frozen=True, slots=True)
class ExampleArchive:
    """What the archive holds for the example, to compare a report with."""

    latest: dict[str, datetime]  # slug -> date of the latest visit with a snapshot
    snapshots: dict[str, str]  # slug -> that snapshot's id
    known_without_snapshot: tuple[str, ...]


def add_example_archive(swh: SwhEmulator) -> ExampleArchive:
    """Add the records to `swh` and say what they are."""
    papers = read_digest_links(DIGEST)
    latest: dict[str, datetime] = {}
    snapshots: dict[str, str] = {}
    bare = []
    for slug, days in _VISITS.items():
        noon = datetime.combine(papers[slug][0], time(12), tzinfo=UTC)
        visits = [
            Visit(noon + timedelta(days=day), snapshot_id(slug, number))
            for number, day in enumerate(days)
        ]
        if not visits:
            visits = [Visit(noon, None, status="failed")]
            bare.append(slug)
        else:
            latest[slug] = max(v.date for v in visits)
            snapshots[slug] = snapshot_id(slug, len(days) - 1)
        swh.add_origin(origin(slug), *visits)
    return ExampleArchive(latest, snapshots, tuple(bare))
