"""A seeded storm of faults: each request draws its fate, so a whole run meets a flaky GitHub.

Planned faults (`fail_next`, ...) say exactly which request fails; a storm says how often, which
is what hardening tests need: 30% of answers 502/503, some timeouts, a reset mid-body, secondary
limits, and the hourly budget running out part-way. The draw sequence follows the seed; which
request gets which draw follows the order requests arrive in, so tests assert invariants only.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from tests.emulator.model import Kind
from tests.emulator.state import Action, FaultRule

API_KINDS = frozenset({Kind.REST, Kind.GRAPHQL})


@dataclass(frozen=True, slots=True)
class Weather:
    """How often each fault strikes a request of `kinds` (shares of requests, summing to <= 1)."""

    seed: int = 0
    kinds: frozenset[Kind] = frozenset(Kind)
    server_errors: float = 0.3  # answered 502 or 503, half each
    timeouts: float = 0.0  # answered `stall_seconds` late: longer than the client waits
    resets: float = 0.0  # connection reset halfway through the body
    secondary: float = 0.0  # API: 403 secondary limit; git and web: 429; both with Retry-After
    stall_seconds: float = 2.0
    retry_after: int = 1
    exhaust_after: int | None = None  # after this many API requests, every budget is spent

    def __post_init__(self) -> None:
        shares = (self.server_errors, self.timeouts, self.resets, self.secondary)
        if any(share < 0 for share in shares) or sum(shares) > 1:
            raise ValueError("fault shares must be >= 0 and sum to at most 1")


class Storm:
    """Draws one fault (or none) per request from a seeded generator, and counts what it did."""

    def __init__(self, weather: Weather, exhaust: Callable[[], None]) -> None:
        self.weather = weather
        self._exhaust = exhaust
        self._random = random.Random(weather.seed)
        self._lock = threading.Lock()
        self._api_requests = 0
        self.counts: Counter[str] = Counter()

    def draw(self, kind: Kind) -> FaultRule | None:
        """The fault for one request of `kind`, or None for a normal answer."""
        w = self.weather
        with self._lock:
            if kind in API_KINDS:
                self._api_requests += 1
                if self._api_requests == w.exhaust_after:
                    self._exhaust()
                    self.counts["budget exhausted"] += 1
            if kind not in w.kinds:
                return None
            roll = self._random.random()
            coin = self._random.random()
            rule = self._rule(kind, roll, coin)
            if rule is not None:
                self.counts[_label(rule)] += 1
            return rule

    def _rule(self, kind: Kind, roll: float, coin: float) -> FaultRule | None:
        w = self.weather
        edge = w.server_errors
        if roll < edge:
            return FaultRule(kind, Action.FAIL, 1, status=502 if coin < 0.5 else 503)
        edge += w.timeouts
        if roll < edge:
            return FaultRule(kind, Action.STALL, 1, seconds=w.stall_seconds)
        edge += w.resets
        if roll < edge:
            return FaultRule(kind, Action.RESET, 1)
        edge += w.secondary
        if roll < edge:
            status = 403 if kind in API_KINDS else 429
            return FaultRule(kind, Action.FAIL, 1, status=status, retry_after=w.retry_after)
        return None

    def snapshot(self) -> dict[str, int]:
        """Faults injected so far, by kind of fault."""
        with self._lock:
            return dict(self.counts)


def _label(rule: FaultRule) -> str:
    if rule.action is Action.FAIL:
        return "secondary limit" if rule.status in (403, 429) else f"HTTP {rule.status}"
    return {Action.STALL: "timeout", Action.RESET: "reset mid-body"}.get(rule.action, "other")
