"""The history of scheduled audits: one JSON record per digest and run, under `audits/<digest>/`.

A record is the JSON format's document for one digest (facts, never raw API answers), so old
records stay small and `git diff` shows what changed. The top of this module is pure: records as
plain data, the flake policy, and one walk over a sequence of records that says, for each link,
whether it is failing and since when, or confirmed dead. `HistoryStore` at the bottom is the only
part that touches files.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from repro_audit.fileio import write_atomically
from repro_audit.formats import json as json_format
from repro_audit.formats.charts import TrendPoint
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, LinkStatus
from repro_audit.tracking.record_check import FUTURE_SKEW, load_document

LATEST = "latest.md"
STAMP = "%Y%m%dT%H%M%SZ"
_RECORD_NAME = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?\.json$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class HistoryError(Exception):
    """A record that cannot be read, or a history folder that cannot be written."""


class Health(str, Enum):
    """A link's state over the runs: flake resistance lives in the gap between the last two."""

    OK = "ok"  # not failing (alive, moved, or never seen answering at all)
    FAILING = "failing"  # dead in the latest runs, not yet for long enough to be called dead
    DEAD = "dead"  # dead for as many runs or days as the policy asks


@dataclass(frozen=True, slots=True)
class DeadPolicy:
    """When a failing link counts as dead: after `runs` consecutive failing runs or `days` days.

    Either threshold suffices; None switches one off. Runs in which GitHub did not answer
    (unknown) neither count towards a failure streak nor end it.
    """

    runs: int | None = 2
    days: float | None = None

    def confirms(self, runs: int, since: datetime, last: datetime) -> bool:
        """True when `runs` failing runs, from `since` to `last`, make a link dead."""
        if runs < 1:
            return False
        if self.runs is not None and runs >= self.runs:
            return True
        return self.days is not None and last - since >= timedelta(days=self.days)

    def describe(self) -> str:
        """`dead after 2 failing runs`, for reports."""
        parts = []
        if self.runs is not None:
            parts.append(f"{self.runs} failing run{'s' if self.runs != 1 else ''}")
        if self.days is not None:
            parts.append(f"{self.days:g} day{'s' if self.days != 1 else ''} of failing")
        return "dead after " + (" or ".join(parts) or "never")


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """What one run recorded about one code link of one digest row."""

    key: str  # owner/name in lower case, or the URL in lower case for a non-repository link
    label: str  # owner/name as linked, or the URL
    source: str
    line: int
    title: str
    status: LinkStatus
    reason: str = ""
    moved_to: str | None = None
    has_license: bool | None = None
    license: str | None = None
    empty: bool | None = None
    score: int | None = None
    failing_criteria: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Record:
    """One run of one digest: when, by which rubric, and each code link's state."""

    generated_at: datetime
    rubric_version: str
    sources: tuple[str, ...]
    links: tuple[LinkRecord, ...]
    name: str = ""  # the file it was read from, "" for the run in progress

    def by_key(self) -> dict[str, LinkRecord]:
        """The first row of each link: several rows may link one repository."""
        found: dict[str, LinkRecord] = {}
        for link in self.links:
            found.setdefault(link.key, link)
        return found


@dataclass(frozen=True, slots=True)
class LinkHealth:
    """One link after the latest run: its newest row and how long it has been failing."""

    link: LinkRecord
    health: Health
    failing_runs: int = 0
    failing_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class HistoryState:
    """Where a sequence of records leaves every link of the newest one, and the trend so far."""

    links: tuple[LinkHealth, ...]
    trend: tuple[TrendPoint, ...]

    def by_key(self) -> dict[str, LinkHealth]:
        """Health by link key."""
        return {h.link.key: h for h in self.links}

    def with_health(self, health: Health) -> tuple[LinkHealth, ...]:
        """The links in one state, in digest order."""
        return tuple(h for h in self.links if h.health is health)


# --- reading a record ------------------------------------------------------------------------


def parse_time(text: object) -> datetime:
    """`2025-11-20T12:00:00Z` (the JSON format's timestamps) as an aware UTC datetime."""
    if not isinstance(text, str):
        raise HistoryError(f"not a timestamp: {text!r}")
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise HistoryError(f"not a timestamp: {text!r}") from None


def _optional_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


def _link(row: Mapping[str, Any]) -> LinkRecord | None:
    label = row.get("repo") or row.get("code_link")
    if not isinstance(label, str) or row.get("link_status") == LinkStatus.NO_LINK.value:
        return None
    try:
        status = LinkStatus(row.get("link_status"))
    except ValueError:
        raise HistoryError(f"unknown link status {row.get('link_status')!r}") from None
    raw_facts, raw_findings = row.get("facts"), row.get("findings")
    facts: Mapping[str, Any] = raw_facts if isinstance(raw_facts, Mapping) else {}
    findings: list[Any] = raw_findings if isinstance(raw_findings, list) else []
    score = row.get("score")
    return LinkRecord(
        key=label.lower(),
        label=label,
        source=str(row.get("source", "")),
        line=int(row.get("line") or 0),
        title=str(row.get("title", "")),
        status=status,
        reason=str(row.get("reason", "")),
        moved_to=row["moved_to"] if isinstance(row.get("moved_to"), str) else None,
        has_license=_optional_bool(facts.get("has_license")),
        license=facts["license"] if isinstance(facts.get("license"), str) else None,
        empty=_optional_bool(facts.get("empty")),
        score=score if isinstance(score, int) and not isinstance(score, bool) else None,
        failing_criteria=frozenset(
            str(f.get("criterion"))
            for f in findings
            if isinstance(f, Mapping) and f.get("verdict") == "fail"
        ),
    )


def record_from_document(document: Mapping[str, Any], name: str = "") -> Record:
    """A record from a JSON report document (what `--format json` prints and history stores)."""
    rows = document.get("rows")
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise HistoryError(f"{name or 'record'}: no rows")
    sources = document.get("sources")
    links = tuple(link for link in (_link(row) for row in rows) if link is not None)
    return Record(
        generated_at=parse_time(document.get("generated_at")),
        rubric_version=str(document.get("rubric_version", "")),
        sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
        links=links,
        name=name,
    )


# --- the walk ----------------------------------------------------------------------------------


def walk(records: Sequence[Record], policy: DeadPolicy) -> HistoryState:
    """Fold records (oldest first) into each link's failure streak, and a trend point per run.

    A dead observation extends the streak, unknown leaves it alone (days count up to the last
    dead observation, so an outage confirms nothing), anything else ends it, and so does a run
    whose digest no longer links the repository.
    """
    streaks: dict[str, _Streak] = {}
    trend: list[TrendPoint] = []
    for record in records:
        now = record.generated_at
        kept: dict[str, _Streak] = {}
        for key, link in record.by_key().items():
            streak = streaks.get(key)
            if link.status is LinkStatus.DEAD:
                kept[key] = _Streak(1, now, now) if streak is None else streak.extended(now)
            elif link.status is LinkStatus.UNKNOWN and streak is not None:
                kept[key] = streak
        streaks = kept
        dead = sum(1 for s in streaks.values() if s.confirmed(policy))
        trend.append(TrendPoint(now, dead, len(streaks) - dead))
    if not records:
        return HistoryState((), ())
    health = []
    for link in records[-1].links:
        streak = streaks.get(link.key)
        if streak is None:
            health.append(LinkHealth(link, Health.OK))
            continue
        state = Health.DEAD if streak.confirmed(policy) else Health.FAILING
        health.append(LinkHealth(link, state, streak.runs, streak.since))
    return HistoryState(tuple(health), tuple(trend))


@dataclass(frozen=True, slots=True)
class _Streak:
    runs: int
    since: datetime  # first failing run of the streak
    last: datetime  # latest failing run

    def extended(self, now: datetime) -> _Streak:
        return _Streak(self.runs + 1, self.since, now)

    def confirmed(self, policy: DeadPolicy) -> bool:
        return policy.confirms(self.runs, self.since, self.last)


# --- one report, one record per digest ---------------------------------------------------------


RECORD_VERSION = 1
_FINDING_KEYS = ("criterion", "verdict", "points", "max_points")


def record_document(report: AuditReport) -> dict[str, Any]:
    """The JSON format's document, trimmed to stay small: rows without a code link (unless
    their abstract names one) and the findings' texts, which the rubric can say again, go."""
    document = json_format.document(report, RenderOptions())
    rows = [
        {**row, "findings": [{k: f.get(k) for k in _FINDING_KEYS} for f in row["findings"]]}
        for row in document["rows"]
        if row.get("link_status") != LinkStatus.NO_LINK.value or row.get("missed_links")
    ]
    omitted = ["rows without a code link or missed link", "finding texts"]
    return {**document, "record": {"version": RECORD_VERSION, "omitted": omitted}, "rows": rows}


def record_text(document: Mapping[str, Any]) -> str:
    """Compact JSON with one row a line, so `git diff --no-index` of two records reads well."""
    head = {key: value for key, value in document.items() if key != "rows"}
    rows = document.get("rows") or []
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows]
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    return body + ',"rows":[\n' + ",\n".join(lines) + "\n]}\n"


def _safe(text: str) -> str:
    cleaned = _UNSAFE.sub("-", text).strip("-.")
    return cleaned or "digest"


def history_keys(sources: Sequence[str]) -> dict[str, str]:
    """Folder name per digest: its file stem, or `<parent>-<stem>` when two digests share one."""
    stems = {source: _safe(Path(source).stem) for source in sources}
    keys: dict[str, str] = {}
    for source, stem in stems.items():
        if list(stems.values()).count(stem) == 1:
            keys[source] = stem
        else:
            path = Path(source)
            keys[source] = _safe(f"{path.parent.name}-{path.stem}")
    return keys


def record_name(at: datetime, taken: Sequence[str] = ()) -> str:
    """`20251120T120000Z.json`; `-2`, `-3`... when a record of that second exists already."""
    stamp = at.astimezone(timezone.utc).strftime(STAMP)
    name, counter = f"{stamp}.json", 1
    while name in taken:
        counter += 1
        name = f"{stamp}-{counter}.json"
    return name


def _order(name: str) -> tuple[str, int]:
    match = _RECORD_NAME.match(name)
    assert match is not None  # only matching names are listed
    return match.group(1), int(match.group(2) or 1)


# --- files ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryStore:
    """`audits/<key>/<stamp>.json` records and `audits/<key>/latest.md`, under one root."""

    root: Path
    now: datetime | None = None  # a record dated after this (plus a small skew) is not trusted

    def folder(self, key: str) -> Path:
        """Where one digest's records live."""
        return self.root / key

    def keys(self) -> list[str]:
        """Every digest folder that holds at least one record, sorted (symlinks not followed)."""
        if not self.root.is_dir() or self.root.is_symlink():
            return []
        return sorted(
            child.name
            for child in self.root.iterdir()
            if child.is_dir()
            and not child.is_symlink()
            and any(_RECORD_NAME.match(f.name) for f in child.iterdir())
        )

    def record_paths(self, key: str) -> list[Path]:
        """Record files of one digest, oldest first."""
        folder = self.folder(key)
        if not folder.is_dir():
            return []
        names = [f.name for f in folder.iterdir() if _RECORD_NAME.match(f.name)]
        return [folder / name for name in sorted(names, key=_order)]

    def load(self, key: str) -> tuple[list[Record], list[str]]:
        """Records oldest first, and one problem line per file that could not be read."""
        records: list[Record] = []
        problems: list[str] = []
        for path in self.record_paths(key):
            try:
                record = record_from_document(load_document(path), path.name)
            except (OSError, ValueError, HistoryError) as error:
                problems.append(f"{path}: skipped, cannot read the record ({error})")
                continue
            if self.now is not None and record.generated_at > self.now + FUTURE_SKEW:
                when = record.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
                problems.append(f"{path}: skipped, dated {when}, after this run: not trusted")
                continue
            records.append(record)
        records.sort(key=lambda r: (r.generated_at, _order(r.name)))
        return records, problems

    def save(self, key: str, document: Mapping[str, Any], markdown: str) -> Path:
        """Write one record (named by its `generated_at`) and refresh `latest.md`."""
        folder = self.folder(key)
        if self.root.is_symlink() or folder.is_symlink():  # it would write outside the history
            raise OSError(f"{folder} is a symbolic link; records are not written through one")
        folder.mkdir(parents=True, exist_ok=True)
        path = write_record(folder, parse_time(document.get("generated_at")), record_text(document))
        write_atomically(folder / LATEST, markdown if markdown.endswith("\n") else markdown + "\n")
        return path


def write_record(folder: Path, at: datetime, text: str) -> Path:
    """Write a record under the first free name for `at`. The name is claimed with a hard link,
    which never replaces a file, so two runs saving in the same second both keep their record."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".record.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        taken = [f.name for f in folder.iterdir()]
        while True:
            path = folder / record_name(at, taken)
            try:
                os.link(temporary, path)
                return path
            except FileExistsError:
                taken.append(path.name)  # another run took it a moment ago
            except OSError:  # no hard links on this file system: the old, racy way
                os.replace(temporary, path)
                return path
    finally:
        Path(temporary).unlink(missing_ok=True)
