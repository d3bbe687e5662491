"""Outcomes remembered between runs: what the rubric concluded from the very same facts.

A warm run over a 10,000-row digest holds the same facts as the run before, and judging them
again is most of its work. Outcomes of criteria that do not read the clock are functions of the
facts, the paper's date and the thresholds alone (`assess` enforces it with UNREAD_CLOCK), so
they are keyed by a hash of exactly those; the store adds the version of the code that judged.
The criteria that read the clock are judged afresh every run. Pure: the store does the I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date
from typing import Protocol

import orjson

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring.aggregate import Outcome
from repro_audit.scoring.base import Thresholds

_VERDICTS = {verdict.value: verdict for verdict in Verdict}
_FRACTIONS = {  # what an Assessment of each verdict earns; PARTIAL: strictly between 0 and 1
    Verdict.PASS: 1.0,
    Verdict.FAIL: 0.0,
    Verdict.UNKNOWN: 0.0,
    Verdict.NOT_APPLICABLE: 0.0,
}


class OutcomeStore(Protocol):
    """Where remembered outcomes live (the fact cache); it keys them by code version too."""

    def recall(self, repo: str, content: bytes) -> bytes | None:
        """What was remembered under `content` (a `content_key`) for `repo`, if anything."""

    def remember(self, repo: str, content: bytes, data: bytes) -> None:
        """Keep `data` under `content`; it may be written later, or dropped."""


def content_key(facts: RepoFacts, paper_date: date | None, thresholds: Thresholds) -> bytes | None:
    """A 16-byte hash of everything a clock-free outcome may depend on; None when the facts
    cannot be encoded (then nothing is remembered)."""
    try:
        encoded = orjson.dumps([facts, paper_date, thresholds])
    except TypeError:
        return None
    return hashlib.blake2b(encoded, digest_size=16).digest()


def encode(outcomes: Mapping[str, Outcome]) -> bytes:
    """Outcomes by criterion id, compactly."""
    return orjson.dumps(outcomes)


def decode(data: bytes) -> dict[str, Outcome] | None:
    """Outcomes written by `encode`, checked as an Assessment checks them; None for anything
    else (then every criterion is judged again)."""
    try:
        rows = orjson.loads(data)
        decoded = {}
        for key, (value, fraction, reason, evidence, fix) in rows.items():
            verdict = _VERDICTS[value]
            if verdict is Verdict.PARTIAL:
                consistent = type(fraction) is float and 0.0 < fraction < 1.0
            else:
                consistent = fraction == _FRACTIONS[verdict]
            if not (consistent and isinstance(reason, str) and isinstance(fix, str)):
                return None
            decoded[key] = (verdict, float(fraction), reason, tuple(map(str, evidence)), fix)
        return decoded
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
