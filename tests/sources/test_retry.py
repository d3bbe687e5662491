"""The retry layer's pure parts: what a GitHub answer means, and how long to wait."""

from __future__ import annotations

import pytest

from repro_audit.sources.retry import (
    HttpOutcome,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    backoff_delay,
    call_with_retry,
    classify_http,
    is_retryable,
    retry_reason,
    wait_hint,
)

PRIMARY = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000"}


@pytest.mark.parametrize(
    ("status", "headers", "message", "expected"),
    [
        (200, {}, "", HttpOutcome.OK),
        (301, {}, "Moved Permanently", HttpOutcome.OK),
        (404, {}, "Not Found", HttpOutcome.MISSING),
        (410, {}, "Gone", HttpOutcome.MISSING),
        (451, {}, "Repository access blocked", HttpOutcome.BLOCKED),
        (403, {"x-ratelimit-remaining": "12"}, "Repository access blocked", HttpOutcome.BLOCKED),
        (409, {}, "Git Repository is empty.", HttpOutcome.EMPTY),
        (401, {}, "Bad credentials", HttpOutcome.AUTH_FAILED),
        (403, PRIMARY, "API rate limit exceeded for 1.2.3.4.", HttpOutcome.RATE_LIMITED),
        (429, PRIMARY, "API rate limit exceeded", HttpOutcome.RATE_LIMITED),
        (
            403,
            {"Retry-After": "30"},
            "You have exceeded a secondary rate limit",
            HttpOutcome.SECONDARY_LIMIT,
        ),
        (403, {}, "You have exceeded a secondary rate limit.", HttpOutcome.SECONDARY_LIMIT),
        (429, {}, "Too Many Requests", HttpOutcome.SECONDARY_LIMIT),
        (403, {}, "Resource not accessible by integration", HttpOutcome.OTHER),
        (500, {}, "", HttpOutcome.SERVER_ERROR),
        (502, {}, "Server Error", HttpOutcome.SERVER_ERROR),
        (503, {}, "", HttpOutcome.SERVER_ERROR),
        (400, {}, "Problems parsing JSON", HttpOutcome.OTHER),
    ],
)
def test_classify_http(
    status: int, headers: dict[str, str], message: str, expected: HttpOutcome
) -> None:
    assert classify_http(status, headers, message) is expected


@pytest.mark.parametrize(
    ("outcome", "retry"),
    [
        (HttpOutcome.SERVER_ERROR, True),
        (HttpOutcome.SECONDARY_LIMIT, True),
        (HttpOutcome.RATE_LIMITED, True),
        (HttpOutcome.MISSING, False),
        (HttpOutcome.BLOCKED, False),
        (HttpOutcome.AUTH_FAILED, False),
        (HttpOutcome.EMPTY, False),
        (HttpOutcome.OTHER, False),
        (HttpOutcome.OK, False),
    ],
)
def test_only_passing_failures_are_retried(outcome: HttpOutcome, retry: bool) -> None:
    assert is_retryable(outcome) is retry


@pytest.mark.parametrize(
    ("headers", "now", "expected"),
    [
        ({"Retry-After": "17"}, 0.0, 17.0),
        ({"retry-after": "soon"}, 0.0, None),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1060"}, 1000.0, 60.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "900"}, 1000.0, 0.0),
        ({"x-ratelimit-remaining": "5", "x-ratelimit-reset": "1060"}, 1000.0, None),
        ({}, 0.0, None),
    ],
)
def test_wait_hint(headers: dict[str, str], now: float, expected: float | None) -> None:
    assert wait_hint(headers, now) == expected


@pytest.mark.parametrize(
    ("attempt", "hint", "expected"),
    [
        (1, None, 1.0),
        (2, None, 2.0),
        (3, None, 4.0),
        (6, None, 8.0),
        (1, 5.0, 5.0),
        (1, 500.0, 60.0),
    ],
)
def test_backoff_is_exponential_capped_and_honours_hints(
    attempt: int, hint: float | None, expected: float
) -> None:
    assert backoff_delay(RetryPolicy(), attempt, hint) == expected


FAST = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0, max_total=5.0, max_hint=0.0)


def test_transient_failures_are_retried_until_success() -> None:
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransientFailure("502")
        return "ok"

    assert call_with_retry(flaky, FAST) == "ok"
    assert len(calls) == 3


def test_retries_are_bounded_and_the_last_failure_is_kept() -> None:
    calls: list[int] = []

    def down() -> str:
        calls.append(1)
        raise TransientFailure(f"502 number {len(calls)}")

    with pytest.raises(TransientFailure, match="502 number 3"):
        call_with_retry(down, FAST)
    assert len(calls) == 3


def test_a_reset_beyond_the_cap_is_not_waited_for() -> None:
    calls: list[int] = []

    def limited() -> str:
        calls.append(1)
        raise TransientFailure("rate limited (primary limit reached)", wait=3600.0)

    with pytest.raises(RateLimitExhausted, match="primary limit"):
        call_with_retry(limited, RetryPolicy(max_hint=60.0))
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("outcome", "status", "message", "expected"),
    [
        (HttpOutcome.RATE_LIMITED, 403, "", "rate limited (primary limit reached)"),
        (HttpOutcome.SECONDARY_LIMIT, 429, "", "rate limited (secondary limit, HTTP 429)"),
        (HttpOutcome.SERVER_ERROR, 502, "", "GitHub server error (HTTP 502)"),
        (HttpOutcome.SERVER_ERROR, 503, "busy", "GitHub server error (HTTP 503): busy"),
    ],
)
def test_retry_reason(outcome: HttpOutcome, status: int, message: str, expected: str) -> None:
    assert retry_reason(outcome, status, message) == expected
