"""What changed between the last two runs of a digest, from its history records (pure).

"Dead" here is the flake-resistant verdict of `history.walk`: a link that failed once is
"failing since <date>" until the policy confirms it, so one bad night at GitHub never reaches a
reader as a dead link. Renderers return strings; nothing here reads files or the clock.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from repro_audit.formats import common
from repro_audit.formats.markdown import cell
from repro_audit.models import LinkStatus
from repro_audit.tracking.history import DeadPolicy, Health, LinkHealth, LinkRecord, Record, walk

DEFAULT_SCORE_THRESHOLD = 10
"""Score changes smaller than this many points are noise, not news."""

PLACEHOLDER_CRITERIA = frozenset({"availability"})
"""Criteria whose failure on a live repository means "nothing pushed yet"; any criterion whose
id contains "placeholder" counts too, so a deeper rubric is picked up without a change here."""

_LIVE = frozenset({LinkStatus.ALIVE, LinkStatus.MOVED})


class ChangeKind(str, Enum):
    """The closed set of changes a run can bring, in the order reports list them."""

    NEWLY_DEAD = "newly_dead"
    FAILING = "failing"  # failing now, not (yet) long enough to be called dead
    RECOVERED = "recovered"
    NEWLY_MOVED = "newly_moved"
    REWRITTEN = "rewritten"  # the digest's link itself changed, e.g. by `audit fix --write`
    HAS_CODE = "has_code"  # a placeholder repository that now has code
    LICENCE_ADDED = "licence_added"
    LICENCE_REMOVED = "licence_removed"
    SCORE_UP = "score_up"
    SCORE_DOWN = "score_down"


TITLES: dict[ChangeKind, str] = {
    ChangeKind.NEWLY_DEAD: "newly dead",
    ChangeKind.FAILING: "failing",
    ChangeKind.RECOVERED: "recovered",
    ChangeKind.NEWLY_MOVED: "newly moved",
    ChangeKind.REWRITTEN: "link rewritten",
    ChangeKind.HAS_CODE: "now has code",
    ChangeKind.LICENCE_ADDED: "licence added",
    ChangeKind.LICENCE_REMOVED: "licence removed",
    ChangeKind.SCORE_UP: "score up",
    ChangeKind.SCORE_DOWN: "score down",
}


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one link; `link` is its row in the newest run."""

    kind: ChangeKind
    link: LinkRecord
    detail: str


@dataclass(frozen=True, slots=True)
class ChangeReport:
    """The changes of a digest's latest run, and where its failing and dead links stand."""

    source: str
    runs: int
    current_at: datetime | None
    previous_at: datetime | None
    policy: DeadPolicy
    changes: tuple[Change, ...]
    dead: tuple[LinkHealth, ...]
    failing: tuple[LinkHealth, ...]
    notes: tuple[str, ...] = ()

    def of(self, kind: ChangeKind) -> tuple[Change, ...]:
        """The changes of one kind, in digest order."""
        return tuple(c for c in self.changes if c.kind is kind)


def is_placeholder(link: LinkRecord) -> bool | None:
    """True for a live repository with nothing in it; None when that is not known."""
    if link.status not in _LIVE:
        return None
    if link.empty is True or any(
        c in PLACEHOLDER_CRITERIA or "placeholder" in c for c in link.failing_criteria
    ):
        return True
    return False if link.empty is False else None


def _day(moment: datetime | None) -> str:
    return "?" if moment is None else common.utc_day(moment)


def failing_detail(health: LinkHealth, policy: DeadPolicy) -> str:
    """`failing since 2025-11-20 (1 of 2 runs): not found on GitHub (404)`."""
    runs = health.failing_runs
    count = f"{runs} of {policy.runs} runs" if policy.runs is not None else f"{runs} runs"
    if health.health is Health.DEAD:
        count = f"{runs} run{'s' if runs != 1 else ''}"
    reason = f": {health.link.reason}" if health.link.reason else ""
    return f"failing since {_day(health.failing_since)} ({count}){reason}"


def _row_changes(before: LinkRecord, now: LinkRecord, threshold: int) -> list[Change]:
    found: list[Change] = []
    if now.status is LinkStatus.MOVED and (
        before.status is not LinkStatus.MOVED or before.moved_to != now.moved_to
    ):
        found.append(Change(ChangeKind.NEWLY_MOVED, now, f"now answers as {now.moved_to}"))
    if is_placeholder(before) is True and is_placeholder(now) is False:
        found.append(Change(ChangeKind.HAS_CODE, now, "the placeholder repository now has code"))
    if before.has_license is False and now.has_license is True:
        found.append(Change(ChangeKind.LICENCE_ADDED, now, f"licence {now.license or '?'} added"))
    if before.has_license is True and now.has_license is False:
        detail = f"licence {before.license or '?'} removed"
        found.append(Change(ChangeKind.LICENCE_REMOVED, now, detail))
    if before.score is not None and now.score is not None:
        delta = now.score - before.score
        if abs(delta) >= threshold:
            kind = ChangeKind.SCORE_UP if delta > 0 else ChangeKind.SCORE_DOWN
            found.append(Change(kind, now, f"score {before.score} → {now.score} ({delta:+d})"))
    return found


def compare(
    records: Sequence[Record],
    policy: DeadPolicy | None = None,
    threshold: int = DEFAULT_SCORE_THRESHOLD,
) -> ChangeReport:
    """Changes of the newest record against the one before, under the dead-link policy."""
    rules = policy or DeadPolicy()
    if not records:
        return ChangeReport("", 0, None, None, rules, (), (), (), ("no records yet",))
    newest = records[-1]
    now = walk(records, rules)
    before = walk(records[:-1], rules).by_key()
    earlier = records[-2].by_key() if len(records) > 1 else {}
    found: list[Change] = []
    seen: set[str] = set()
    for health in now.links:
        link, previous = health.link, before.get(health.link.key)
        if link.key in seen:  # several rows link one repository: report it once
            continue
        seen.add(link.key)
        was = Health.OK if previous is None else previous.health
        if health.health is Health.DEAD and was is not Health.DEAD:
            found.append(Change(ChangeKind.NEWLY_DEAD, link, failing_detail(health, rules)))
        elif health.health is Health.FAILING:
            found.append(Change(ChangeKind.FAILING, link, failing_detail(health, rules)))
        elif was is not Health.OK and link.status in _LIVE:
            detail = f"answers again ({link.status.value}); was {previous_state(previous)}"
            found.append(Change(ChangeKind.RECOVERED, link, detail))
        before_row = earlier.get(link.key)
        if before_row is not None and before_row.status in _LIVE and link.status in _LIVE:
            found += _row_changes(before_row, link, threshold)
    found += rewritten(records[-2] if len(records) > 1 else None, newest)
    order = list(ChangeKind)
    found.sort(key=lambda c: (order.index(c.kind), c.link.line))
    notes = []
    if len(records) == 1:
        notes.append("first recorded run: nothing to compare with yet")
    elif records[-2].rubric_version != newest.rubric_version:
        notes.append(
            f"rubric changed from {records[-2].rubric_version} to {newest.rubric_version}: "
            "score changes may come from the rubric, not the repositories"
        )
    return ChangeReport(
        source=newest.sources[0] if newest.sources else "",
        runs=len(records),
        current_at=newest.generated_at,
        previous_at=records[-2].generated_at if len(records) > 1 else None,
        policy=rules,
        changes=tuple(found),
        dead=now.with_health(Health.DEAD),
        failing=now.with_health(Health.FAILING),
        notes=tuple(notes),
    )


def rewritten(previous: Record | None, newest: Record) -> list[Change]:
    """Rows whose link itself changed between the runs (same digest line, another link): what
    `audit fix --write` did, said as such when the new link is where the old one had moved."""
    if previous is None:
        return []
    old_at = {(link.source, link.line): link for link in previous.links}
    keys = {link.key for link in previous.links}
    found = []
    for link in newest.links:
        old = old_at.get((link.source, link.line))
        if old is None or old.key == link.key or link.key in keys:
            continue
        followed = old.moved_to is not None and old.moved_to.lower() == link.key
        why = f" (it had moved to {old.moved_to})" if followed else ""
        found.append(Change(ChangeKind.REWRITTEN, link, f"was {old.label}{why}"))
    return found


def previous_state(health: LinkHealth | None) -> str:
    """`dead since 2025-11-18` / `failing since ...`, for a recovered link."""
    if health is None:
        return "unknown"
    return f"{health.health.value} since {_day(health.failing_since)}"


# --- rendering ---------------------------------------------------------------------------------


def _where(link: LinkRecord) -> str:
    return f"L{link.line} {link.label}"


def _span(report: ChangeReport) -> str:
    if report.current_at is None:
        return "no runs recorded"
    current = common.iso_utc(report.current_at)
    if report.previous_at is None:
        return f"run of {current} (the first recorded)"
    previous = common.iso_utc(report.previous_at)
    return f"run of {current} against {previous} ({report.runs} runs recorded)"


def render_text(reports: Sequence[ChangeReport]) -> str:
    """Plain text for a terminal: one block per digest, one line per change."""
    width = max(len(title) for title in TITLES.values())
    lines: list[str] = []
    for report in reports:
        lines.append(f"{report.source or '(digest)'}: {_span(report)}; {report.policy.describe()}")
        lines += [f"  note: {note}" for note in report.notes]
        for change in report.changes:
            title = TITLES[change.kind].ljust(width)
            lines.append(f"  {title}  {_where(change.link)}  {common.one_line(change.detail)}")
        if not report.changes:
            lines.append("  no changes")
    return "\n".join(lines) + "\n"


def render_markdown(reports: Sequence[ChangeReport], heading: str = "###") -> str:
    """Markdown for a step summary or an issue: a table of changes per digest."""
    lines: list[str] = []
    for report in reports:
        lines += [f"{heading} Changes in {cell(report.source or 'the digest')}", ""]
        lines += [cell(f"{_span(report)}; {report.policy.describe()}."), ""]
        lines += [f"- {cell(note)}" for note in report.notes]
        if report.notes:
            lines.append("")
        if not report.changes:
            lines += ["_No changes since the previous run._", ""]
            continue
        lines += ["| Change | Line | Link | Paper | Detail |", "|---|---:|---|---|---|"]
        lines += [
            f"| {cell(TITLES[c.kind])} | {c.link.line} | {cell(c.link.label)} | "
            f"{cell(common.shorten(c.link.title, common.TITLE_LIMIT))} | {cell(c.detail)} |"
            for c in report.changes
        ]
        lines.append("")
    return "\n".join(lines)


def _link_json(link: LinkRecord) -> dict[str, Any]:
    return {"source": link.source, "line": link.line, "link": link.label, "title": link.title}


def render_json(reports: Sequence[ChangeReport]) -> str:
    """The changes as JSON, for scripts."""
    data = [
        {
            "source": r.source,
            "runs": r.runs,
            "current_at": None if r.current_at is None else common.iso_utc(r.current_at),
            "previous_at": None if r.previous_at is None else common.iso_utc(r.previous_at),
            "policy": {"runs": r.policy.runs, "days": r.policy.days},
            "changes": [
                {"kind": c.kind.value, **_link_json(c.link), "detail": c.detail} for c in r.changes
            ],
            "dead": [_link_json(h.link) for h in r.dead],
            "failing": [
                {**_link_json(h.link), "since": common.iso_utc(h.failing_since or r.current_at)}
                for h in r.failing
                if r.current_at is not None
            ],
            "notes": list(r.notes),
        }
        for r in reports
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
