"""Rubric configuration: weights and thresholds from `[tool.repro-audit]` or an `--config` file.

Parsing is pure (text in, a RubricConfig out); the CLI reads the file. Every mistake, from a typo
in a criterion id to a negative weight, is a RubricConfigError naming the file and the key, so a
curator never gets a silently ignored setting. Any change from the defaults marks the rubric
version "+custom", so scores from different settings are never mistaken for each other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from repro_audit.scoring import tomlcompat
from repro_audit.scoring.aggregate import rubric_version
from repro_audit.scoring.base import DEFAULT_THRESHOLDS, Criterion, ScoringContext, Thresholds
from repro_audit.scoring.rubric import RUBRIC

SECTION = "tool.repro-audit"
_KEYS = frozenset({"weights", "thresholds", "exclude"})  # exclude: the ignore list (cli)
MAX_WEIGHT = 1000.0


class RubricConfigError(ValueError):
    """A configuration the rubric cannot use; the CLI prints it on one line and exits 3."""


@dataclass(frozen=True, slots=True)
class RubricConfig:
    """The rubric to score with: its criteria (weights applied), thresholds, and their source."""

    rubric: tuple[Criterion, ...] = RUBRIC
    thresholds: Thresholds = DEFAULT_THRESHOLDS
    source: str = ""  # the file the settings came from; "" for the published rubric

    @property
    def version(self) -> str:
        """The rubric version every output carries ("1.2", or "1.2+custom")."""
        return rubric_version(self.rubric, self.thresholds)

    def context(self, now: datetime, paper_date: date | None) -> ScoringContext:
        """A scoring context with these thresholds."""
        return ScoringContext(now=now, paper_date=paper_date, thresholds=self.thresholds)


DEFAULT_CONFIG = RubricConfig()


def _number(value: object, where: str) -> float:
    # bool is an int in Python, but `weight = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RubricConfigError(f"{where} must be a number, got {value!r}")
    return float(value)


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RubricConfigError(f"{where} must be a table, got {value!r}")
    return value


def _weights(table: Mapping[str, Any], where: str) -> tuple[Criterion, ...]:
    known = {criterion.id: criterion for criterion in RUBRIC}
    for key in table:
        if key not in known:
            raise RubricConfigError(
                f"{where}: unknown criterion {key!r} (known: {', '.join(known)})"
            )
    chosen: list[Criterion] = []
    for criterion in RUBRIC:
        if criterion.id not in table:
            chosen.append(criterion)
            continue
        weight = _number(table[criterion.id], f"{where}.{criterion.id}")
        if not 0 <= weight <= MAX_WEIGHT:
            raise RubricConfigError(f"{where}.{criterion.id} must be within 0..{MAX_WEIGHT:g}")
        if weight > 0:  # 0 leaves the criterion out of the rubric
            chosen.append(
                criterion if weight == criterion.weight else replace(criterion, weight=weight)
            )
    if not chosen:
        raise RubricConfigError(f"{where}: every weight is 0; nothing would be scored")
    return tuple(chosen)


def _thresholds(table: Mapping[str, Any], where: str) -> Thresholds:
    types = {f.name: f.type for f in fields(Thresholds)}
    values: dict[str, float | int] = {}
    for raw, value in table.items():
        key = raw.replace("-", "_")
        if key not in types:
            raise RubricConfigError(
                f"{where}: unknown threshold {raw!r} (known: {', '.join(types)})"
            )
        number = _number(value, f"{where}.{raw}")
        if types[key] in (int, "int"):
            if number != int(number) or number < 0:
                raise RubricConfigError(f"{where}.{raw} must be a whole number of 0 or more")
            values[key] = int(number)
        else:
            values[key] = number
    try:
        return Thresholds(**values)  # type: ignore[arg-type]
    except ValueError as error:
        raise RubricConfigError(f"{where}: {error}") from None


def config_from_table(table: Mapping[str, Any], source: str, prefix: str = "") -> RubricConfig:
    """A RubricConfig from an already parsed `{weights = {...}, thresholds = {...}}` table."""
    where = f"{source}: [{prefix}" if prefix else f"{source}: ["
    for key in table:
        if key not in _KEYS:
            name = f"{prefix}.{key}" if prefix else key
            raise RubricConfigError(
                f"{source}: unknown setting [{name}] (known: weights, thresholds)"
            )
    dot = "." if prefix else ""
    weights = _table(table.get("weights", {}), f"{where}{dot}weights]")
    thresholds = _table(table.get("thresholds", {}), f"{where}{dot}thresholds]")
    rubric = _weights(weights, f"{where}{dot}weights]")
    limits = _thresholds(thresholds, f"{where}{dot}thresholds]")
    return RubricConfig(rubric=rubric, thresholds=limits, source=source)


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomlcompat.loads(text)
    except tomlcompat.TOMLDecodeError as error:
        raise RubricConfigError(f"{source}: not valid TOML: {error}") from None


def _section(document: Mapping[str, Any]) -> object:
    tool = document.get("tool")
    return tool.get("repro-audit") if isinstance(tool, Mapping) else None


def config_from_pyproject(text: str, source: str = "pyproject.toml") -> RubricConfig:
    """The `[tool.repro-audit]` table of a pyproject.toml; the published rubric without one."""
    section = _section(_parse(text, source))
    if section is None:
        return DEFAULT_CONFIG
    return config_from_table(_table(section, f"{source}: [{SECTION}]"), source, SECTION)


def config_from_toml(text: str, source: str) -> RubricConfig:
    """An `--config` file: `[weights]` and `[thresholds]` at the top, or a pyproject-style
    `[tool.repro-audit]` table (so a pyproject.toml can be named too)."""
    document = _parse(text, source)
    section = _section(document)
    if section is not None:
        return config_from_table(_table(section, f"{source}: [{SECTION}]"), source, SECTION)
    if "tool" in document or "project" in document:
        raise RubricConfigError(f"{source}: no [{SECTION}] table")
    return config_from_table(document, source)
