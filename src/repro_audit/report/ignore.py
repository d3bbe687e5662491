"""The ignore list: links a project has decided not to audit, each with a reason and an end.

Rules come from `.repro-audit-ignore` (one a line: `PATTERN [until=YYYY-MM-DD] [# reason]`) or
`exclude = [...]` in `[tool.repro-audit]` (strings, or tables with `pattern`, `reason`, `until`).
A pattern with `://` is a glob over the link's URL; any other is a glob over the repository's
`owner/name` (or the URL without its scheme); case never matters. A rule past its `until` day
stops applying and says so, as lychee's and Scorecard's exemptions do. Pure: no file is read here.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from repro_audit.models import Digest, DigestEntry, IgnoredLink


class IgnoreError(ValueError):
    """An ignore rule that cannot be read: one line, exit code 3."""


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One pattern, why it is there, and the last day it applies (None: no end)."""

    pattern: str
    reason: str = ""
    until: date | None = None
    where: str = ""  # `.repro-audit-ignore:3`, for messages


def _day(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise IgnoreError(f"{where}: until must be a date like 2026-03-31, got {text!r}") from None


def parse_ignore_file(text: str, source: str) -> list[IgnoreRule]:
    """Rules of a `.repro-audit-ignore` file; blank lines and `#` comments are skipped."""
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        body, _, reason = raw.partition("#")
        words = body.split()
        if not words:
            continue
        where = f"{source}:{number}"
        until = None
        for word in words[1:]:
            if not word.startswith("until="):
                raise IgnoreError(
                    f"{where}: expected `until=YYYY-MM-DD` or `# reason`, got {word!r}"
                )
            until = _day(word.removeprefix("until="), where)
        rules.append(IgnoreRule(words[0], reason.strip(), until, where))
    return rules


def rules_from_table(entries: Any, source: str) -> list[IgnoreRule]:
    """`exclude = ["owner/name", {pattern = "...", reason = "...", until = 2026-03-31}]`."""
    where = f"{source}: [tool.repro-audit] exclude"
    if not isinstance(entries, list):
        raise IgnoreError(f"{where} must be a list")
    rules = []
    for number, item in enumerate(entries, start=1):
        here = f"{where}[{number}]"
        if isinstance(item, str):
            rules.append(IgnoreRule(item.strip(), where=here))
            continue
        if not isinstance(item, Mapping) or not isinstance(item.get("pattern"), str):
            raise IgnoreError(f"{here}: expected a pattern string or {{pattern = ...}}")
        until = item.get("until")
        if until is not None and not isinstance(until, date):
            until = _day(str(until), here)
        rules.append(IgnoreRule(item["pattern"].strip(), str(item.get("reason", "")), until, here))
    return rules


def _matches(rule: IgnoreRule, url: str, slug: str | None) -> bool:
    pattern = rule.pattern.lower()
    if "://" in pattern:
        return fnmatch.fnmatchcase(url.lower(), pattern)
    bare = url.lower().split("://", 1)[-1]
    candidates = [bare] + ([slug.lower()] if slug else [])
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)


def apply_rules(
    digests: Sequence[Digest], rules: Iterable[IgnoreRule], today: date
) -> tuple[list[Digest], list[IgnoredLink], list[str]]:
    """The digests without the rows an active rule names, those rows, and a note per rule
    that has expired (it no longer applies) or that matched nothing."""
    active = [rule for rule in rules if rule.until is None or rule.until >= today]
    notes = [
        f"ignore rule {rule.pattern!r} ({rule.where}) expired on {rule.until}; it no longer applies"
        for rule in rules
        if rule.until is not None and rule.until < today
    ]
    kept: list[Digest] = []
    ignored: list[IgnoredLink] = []
    used: set[int] = set()
    for digest in digests:
        entries: list[DigestEntry] = []
        for entry in digest.entries:
            hit = _first_hit(entry, active)
            if hit is None:
                entries.append(entry)
            else:
                rule, url = hit
                ignored.append(
                    IgnoredLink(
                        entry.source, entry.line, url, rule.pattern, rule.reason, rule.until
                    )
                )
                used.add(id(rule))
        kept.append(replace(digest, entries=tuple(entries)))
    notes += [
        f"ignore rule {rule.pattern!r} ({rule.where}) matched no link"
        for rule in active
        if id(rule) not in used
    ]
    return kept, ignored, notes


def _first_hit(entry: DigestEntry, rules: list[IgnoreRule]) -> tuple[IgnoreRule, str] | None:
    """The first rule naming one of the entry's code links (as resolved where it was read)."""
    for link in entry.code_links:
        slug = link.link.repo.slug if link.link.repo is not None else None
        for rule in rules:
            if _matches(rule, link.url, slug):
                return rule, link.url
    return None
