"""The Software Heritage client against the emulator: real HTTP on 127.0.0.1, no patching."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from repro_audit.models import ArchiveFacts, ArchiveState
from repro_audit.sources.archive_cache import ArchiveCache, ArchiveSource, decode, encode
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.swh import SwhClient, SwhOptions, browse_url, visit_facts
from tests.emulator.swh import SwhEmulator, Visit, digest

SNAPSHOT = "a" * 40
VISITED = datetime(2025, 6, 12, 9, 30, tzinfo=timezone.utc)
ORIGIN = "https://github.com/lab/kept"
LOOPBACK = frozenset({"127.0.0.1"})
QUICK = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_hint=1.0)


@pytest.fixture
def swh() -> Iterator[SwhEmulator]:
    with SwhEmulator() as emulator:
        emulator.add_origin(ORIGIN, Visit(datetime(2024, 1, 1, tzinfo=timezone.utc), "b" * 40),
                            Visit(VISITED, SNAPSHOT))  # fmt: skip
        emulator.add_origin("https://github.com/lab/tried", Visit(VISITED, None, "failed"))
        yield emulator


def client(swh: SwhEmulator, token: str | None = None) -> SwhClient:
    return SwhClient(SwhOptions(api_url=swh.api_url, token=token, allow=LOOPBACK, policy=QUICK))


@pytest.mark.parametrize(
    ("origin", "state", "reason"),
    [
        (ORIGIN, ArchiveState.ARCHIVED, ""),
        ("https://github.com/lab/never", ArchiveState.NOT_ARCHIVED, "not in Software Heritage"),
        ("https://github.com/lab/tried", ArchiveState.NOT_ARCHIVED, "no visit with a snapshot"),
    ],
)
def test_lookup_states(swh: SwhEmulator, origin: str, state: ArchiveState, reason: str) -> None:
    facts = client(swh).lookup(origin)
    assert facts.state is state and reason in facts.reason
    if state is ArchiveState.ARCHIVED:
        assert facts.swhid == "swh:1:snp:" + SNAPSHOT  # the latest visit, not the first
        assert facts.visited_at == VISITED
        assert facts.url == browse_url(swh.api_url, origin, SNAPSHOT)
        assert facts.url is not None
        assert "/browse/origin/directory/?origin_url=https%3A" in facts.url


@pytest.mark.parametrize(
    ("status", "count", "headers", "state", "reason"),
    [
        (503, 1, {}, ArchiveState.ARCHIVED, ""),  # one 5xx: retried, then answered
        (503, 9, {}, ArchiveState.UNKNOWN, "server error (HTTP 503)"),
        (429, 9, {"Retry-After": "0"}, ArchiveState.UNKNOWN, "rate limited (HTTP 429)"),
        (429, 1, {"Retry-After": "3600"}, ArchiveState.UNKNOWN, "rate limited"),  # not waited
        (403, 1, {}, ArchiveState.UNKNOWN, "refused the request (HTTP 403)"),
    ],
)
def test_failures_are_unknown_never_not_archived(
    swh: SwhEmulator,
    status: int,
    count: int,
    headers: dict[str, str],
    state: ArchiveState,
    reason: str,
) -> None:
    swh.fail_next(status, count, headers)
    facts = client(swh).lookup(ORIGIN)
    assert facts.state is state and reason in facts.reason


def test_a_spent_budget_stops_asking(swh: SwhEmulator) -> None:
    swh.set_budget(1)  # one request left: the next answer says none remain
    asker = client(swh)
    first = asker.lookup("https://github.com/lab/never")
    assert first.state is ArchiveState.NOT_ARCHIVED
    assert asker.budget_spent
    later = asker.lookup(ORIGIN)
    assert later.state is ArchiveState.UNKNOWN and "rate limit" in later.reason
    assert len(swh.requests) == 1  # nothing was sent once the headers said the budget is gone


def test_the_token_goes_to_the_api_only_and_the_host_rule_holds(swh: SwhEmulator) -> None:
    client(swh, token="swh-canary").lookup(ORIGIN)
    assert {r.credential for r in swh.requests} == {digest("swh-canary")}
    swh.clear()
    refused = SwhClient(SwhOptions(api_url=swh.api_url, token="x", allow=frozenset({"a.org"})))
    facts = refused.lookup(ORIGIN)
    assert facts.state is ArchiveState.UNKNOWN and "allow-list" in facts.reason
    assert swh.requests == []


def test_save_request(swh: SwhEmulator) -> None:
    outcome = client(swh).request_save("https://github.com/lab/new")
    assert outcome.status == "accepted" and outcome.task == "not yet scheduled"
    assert swh.saves == ["https://github.com/lab/new"]
    swh.fail_next(429, 1, {"Retry-After": "60"})
    refused = client(swh).request_save("https://github.com/lab/other")
    assert refused.status == "unknown" and "HTTP 429" in refused.reason
    assert swh.saves == ["https://github.com/lab/new"]


@pytest.mark.parametrize(
    ("answer", "state"),
    [
        ({"snapshot": SNAPSHOT, "date": "2025-06-12T09:30:00+00:00"}, ArchiveState.ARCHIVED),
        ({"snapshot": None, "date": "2025-06-12T09:30:00+00:00"}, ArchiveState.NOT_ARCHIVED),
        ({"snapshot": "not-hex"}, ArchiveState.NOT_ARCHIVED),
        (["not", "an", "object"], ArchiveState.UNKNOWN),
    ],
)
def test_visit_facts_shapes(answer: object, state: ArchiveState) -> None:
    assert visit_facts("https://a.org/api/1", ORIGIN, answer).state is state


def test_cache_keeps_answers_not_unknowns(swh: SwhEmulator, tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    options = SwhOptions(api_url=swh.api_url, allow=LOOPBACK, policy=QUICK)
    source = ArchiveSource(options, ArchiveCache(path, max_age=3600))
    swh.fail_next(503, QUICK.attempts)  # the first origin asked gets no answer
    found, notes = source.look_up([ORIGIN])
    assert found[ORIGIN].state is ArchiveState.UNKNOWN and notes
    found, notes = source.look_up([ORIGIN, "https://github.com/lab/never"])
    assert found[ORIGIN].state is ArchiveState.ARCHIVED and not notes
    source.close()
    swh.clear()
    again = ArchiveSource(options, ArchiveCache(path, max_age=3600))
    found, _ = again.look_up([ORIGIN, "https://github.com/lab/never"])
    assert found[ORIGIN].swhid == "swh:1:snp:" + SNAPSHOT
    assert found["https://github.com/lab/never"].state is ArchiveState.NOT_ARCHIVED
    assert swh.requests == [] and again.cache_hits == 2
    again.close()


def test_codec_round_trip() -> None:
    facts = ArchiveFacts(ORIGIN, ArchiveState.ARCHIVED, "u", "swh:1:snp:" + SNAPSHOT, VISITED)
    assert decode(encode(facts)) == facts
