"""Outcomes remembered between runs: what the rubric concluded from the very same facts.

A warm run over a 10,000-row digest holds the same facts as the run before, and judging them
again is most of its work. Outcomes reached without the clock (`judge` tries each criterion with
UNREAD_CLOCK first) are functions of the facts, the paper's date and the thresholds alone, so
they are keyed by a hash of exactly those (the facts by the store's fingerprint of them); the
store adds the version of the code that judged. The criteria that read the clock are judged
afresh every run. A store may hand facts over light (`StoredView`): without the texts, which it
rebuilds only when a criterion that reads them must be judged. Pure: the store does the I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Protocol

import orjson

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring.aggregate import Outcome
from repro_audit.scoring.base import Thresholds

_VERDICTS = {verdict.value: verdict for verdict in Verdict}
_EARNS: dict[str, float | None] = {  # what each verdict earns; PARTIAL: strictly between 0 and 1
    Verdict.PASS.value: 1.0,
    Verdict.PARTIAL.value: None,
    Verdict.FAIL.value: 0.0,
    Verdict.UNKNOWN.value: 0.0,
    Verdict.NOT_APPLICABLE.value: 0.0,
}


class OutcomeStore(Protocol):
    """Where remembered outcomes live (the fact cache); it keys them by code version too."""

    def fingerprint(self, facts: RepoFacts) -> bytes | None:
        """A hash of exactly these facts, as the store would keep them; None when it cannot."""

    def recall(self, repo: str, content: bytes) -> bytes | None:
        """What was remembered under `content` (a `content_key`) for `repo`, if anything."""

    def remember(self, repo: str, content: bytes, data: bytes) -> None:
        """Keep `data` under `content`; it may be written later, or dropped."""


class TextsUnreadable(ValueError):
    """A store could not make light facts whole: their stored texts do not decode."""


class StoredView(Protocol):
    """Facts the store handed over without HEAVY_FIELDS, and how to make them whole."""

    @property
    def fingerprint(self) -> bytes:
        """What `OutcomeStore.fingerprint` gives for the whole facts."""

    def full(self) -> RepoFacts:
        """The whole facts; TextsUnreadable when the store cannot rebuild them."""


def made_whole(facts: RepoFacts, stored: StoredView | None) -> tuple[RepoFacts, bool]:
    """The whole facts and True (`facts` themselves when nothing was stored apart); or, when
    the store cannot rebuild them, the light facts with a gap that says so and False: the
    criteria that read texts then answer "unknown", never a failure, and nothing judged from
    them may be remembered under the stored fingerprint."""
    if stored is None:
        return facts, True
    try:
        return stored.full(), True
    except TextsUnreadable as lost:
        return replace(facts, gaps=(*facts.gaps, str(lost))), False


def content_key(fingerprint: bytes, paper_date: date | None, thresholds: Thresholds) -> bytes:
    """A 16-byte hash of everything a clock-free outcome may depend on: the facts (by the
    store's fingerprint of them), the paper's date and the thresholds."""
    return hashlib.blake2b(
        fingerprint + orjson.dumps([paper_date, thresholds]), digest_size=16
    ).digest()


def encode(outcomes: Mapping[str, Outcome]) -> bytes:
    """Outcomes by criterion id, compactly."""
    return orjson.dumps(outcomes)


def decode(data: bytes) -> dict[str, Outcome] | None:
    """Outcomes written by `encode`, checked as an Assessment checks its verdict and fraction;
    None for anything else (then every criterion is judged again)."""
    try:
        decoded = {}
        for key, (value, fraction, reason, evidence, fix) in orjson.loads(data).items():
            earns = _EARNS[value]  # by the verdict's text: hashing an Enum member runs Python
            if earns is None:
                consistent = type(fraction) is float and 0.0 < fraction < 1.0
            else:
                consistent = fraction == earns
            if not (consistent and type(reason) is str and type(fix) is str):
                return None
            decoded[key] = (_VERDICTS[value], float(fraction), reason, tuple(evidence), fix)
        return decoded
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
