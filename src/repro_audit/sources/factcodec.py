"""RepoFacts to and from JSON-safe dicts, for the cache (and anything else that stores facts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any

import orjson

from repro_audit.models import HEAVY_FIELDS, Existence, RepoFacts, RepoRef
from repro_audit.sources.timeparse import parse_github_time

_DATES = frozenset({"created_at", "pushed_at", "last_commit_at"})


def facts_to_dict(facts: RepoFacts) -> dict[str, Any]:
    """Plain JSON types only: datetimes as ISO strings, tuples as lists."""
    data: dict[str, Any] = {}
    for item in fields(RepoFacts):
        value = getattr(facts, item.name)
        if item.name == "ref":
            value = [value.host, value.owner, value.name, value.subpath]
        elif item.name == "existence":
            value = value.value
        elif item.name in _DATES:
            value = value.isoformat() if value else None
        elif item.name == "commit_dates":
            value = None if value is None else [moment.isoformat() for moment in value]
        elif isinstance(value, tuple):
            value = [list(part) if isinstance(part, tuple) else part for part in value]
        data[item.name] = value
    return data


def facts_from_dict(data: dict[str, Any]) -> RepoFacts:
    """The inverse of `facts_to_dict`; raises KeyError/ValueError/TypeError on a foreign shape."""
    return RepoFacts(**_decoded(data))


def encode_split(facts: RepoFacts) -> tuple[bytes, bytes]:
    """The facts as the cache stores them: JSON of everything but HEAVY_FIELDS, and JSON of
    those (the texts), so a warm run reads the first without parsing the second."""
    data = facts_to_dict(facts)
    texts = {name: data.pop(name) for name in HEAVY_FIELDS}
    return orjson.dumps(data), orjson.dumps(texts)


def texts_from_dict(data: dict[str, Any]) -> dict[str, Any]:
    """HEAVY_FIELDS' values decoded from what `encode_split` wrote second, ready for
    `dataclasses.replace`; raises KeyError/ValueError/TypeError on a foreign shape."""
    if type(data) is not dict:
        raise TypeError("texts are not an object")
    return {name: value for name, value in _decoded(data).items() if name in HEAVY_FIELDS}


def _decoded(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _FIELD_NAMES:  # a warm 10,000-row run decodes 10,000 of these
        if name not in data:
            continue
        value = data[name]
        decode = _DECODERS.get(name)
        if decode is not None:
            value = decode(value)
        elif type(value) is list:
            value = tuple(value)
        values[name] = value
    return values


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    moment = parse_github_time(value)
    if moment is None:
        raise ValueError(f"not a timestamp: {value!r}")
    return moment


def _times(value: list[str] | None) -> tuple[datetime | None, ...] | None:
    return None if value is None else tuple([_time(moment) for moment in value])


def _pairs(value: list[list[str]] | None) -> tuple[tuple[str, str], ...] | None:
    return None if value is None else tuple([(path, text) for path, text in value])


_FIELD_NAMES = tuple(item.name for item in fields(RepoFacts))
_DECODERS: dict[str, Callable[[Any], Any]] = {
    "ref": lambda value: RepoRef(*value),
    "existence": Existence,
    **dict.fromkeys(_DATES, _time),
    "commit_dates": _times,
    "file_texts": _pairs,
}
