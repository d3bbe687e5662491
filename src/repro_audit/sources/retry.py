"""One retry layer for every GitHub call: a pure classifier plus a bounded tenacity loop.

PyGithub's own urllib3 retries are switched off where we build its client, so waits never stack.
Whatever is still failing when the budget is spent becomes an `unknown` fact, never a dead link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from repro_audit.lazy import lazy

if TYPE_CHECKING:
    import tenacity
    from tenacity import RetryCallState
else:  # loaded at the first retried call: a run the cache answers makes none
    tenacity = lazy("tenacity")

T = TypeVar("T")


class HttpOutcome(str, Enum):
    """What an HTTP answer from GitHub means for the repository asked about."""

    OK = "ok"
    MISSING = "missing"  # 404, 410
    BLOCKED = "blocked"  # 451, or 403 "Repository access blocked"
    EMPTY = "empty"  # 409 on contents/commits: the repository has no commits
    RATE_LIMITED = "rate_limited"  # primary limit: remaining 0, wait until reset
    SECONDARY_LIMIT = "secondary_limit"  # abuse / burst limit: Retry-After
    SERVER_ERROR = "server_error"  # 5xx
    AUTH_FAILED = "auth_failed"  # 401: bad token, a configuration problem
    OTHER = "other"


def classify_http(status: int, headers: Mapping[str, str], message: str = "") -> HttpOutcome:
    """Map a GitHub status (with its headers and error message) to what it means; pure."""
    lowered = {key.lower(): value for key, value in headers.items()}
    text = message.lower()
    if 200 <= status < 400:
        return HttpOutcome.OK
    if status in (404, 410):
        return HttpOutcome.MISSING
    if status == 451:
        return HttpOutcome.BLOCKED
    if status == 409:
        return HttpOutcome.EMPTY
    if status == 401:
        return HttpOutcome.AUTH_FAILED
    if status in (403, 429):
        if "retry-after" in lowered or "secondary rate limit" in text or "abuse" in text:
            return HttpOutcome.SECONDARY_LIMIT
        if lowered.get("x-ratelimit-remaining") == "0" or "rate limit" in text:
            return HttpOutcome.RATE_LIMITED
        if status == 429:
            return HttpOutcome.SECONDARY_LIMIT
        if "access blocked" in text or "disabled" in text:
            return HttpOutcome.BLOCKED
        return HttpOutcome.OTHER
    if status >= 500:
        return HttpOutcome.SERVER_ERROR
    return HttpOutcome.OTHER


def is_retryable(outcome: HttpOutcome) -> bool:
    """Only failures that may pass by themselves are worth another try."""
    return outcome in (
        HttpOutcome.SERVER_ERROR,
        HttpOutcome.SECONDARY_LIMIT,
        HttpOutcome.RATE_LIMITED,
    )


BUDGET_REASON = "rate limited (primary limit reached"


def is_budget_reason(reason: str) -> bool:
    """True when a failure's reason says the hourly budget is spent (not a passing fault)."""
    return reason.startswith(BUDGET_REASON)


def retry_reason(outcome: HttpOutcome, status: int, message: str = "") -> str:
    """What the report says when a retryable failure outlasts its retries (REST and GraphQL)."""
    if outcome is HttpOutcome.RATE_LIMITED:
        return f"{BUDGET_REASON})"
    if outcome is HttpOutcome.SECONDARY_LIMIT:
        return f"rate limited (secondary limit, HTTP {status})"
    return f"GitHub server error (HTTP {status})" + (f": {message}" if message else "")


def wait_hint(headers: Mapping[str, str], now_epoch: float) -> float | None:
    """Seconds GitHub asks us to wait: Retry-After, else the rate-limit reset when none is left."""
    lowered = {key.lower(): value for key, value in headers.items()}
    retry_after = lowered.get("retry-after")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return None
    if lowered.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in lowered:
        try:
            reset = float(lowered["x-ratelimit-reset"])
            return max(0.0, reset - now_epoch)
        except ValueError:
            return None
    return None


class TransientFailure(Exception):
    """A failure that another try may cure; `reason` is what the report shows if none does."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Inconclusive(Exception):
    """A failure that another try will not cure, yet says nothing about the repository."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# What PyGithub raises when an answer is not the shape it expects, rather than a GithubException:
# a 302/307/308 it hands back with an empty body (TypeError), a `Link` header naming another host
# (AssertionError: it refuses to send the token there), a body that is not the object it wants.
UNEXPECTED_ANSWER: tuple[type[Exception], ...] = (
    AssertionError,
    TypeError,
    KeyError,
    AttributeError,
    ValueError,
)


def unexpected_answer(error: Exception) -> str:
    """One line for an answer PyGithub could not read (`UNEXPECTED_ANSWER`), no traceback."""
    if isinstance(error, AssertionError):
        return "GitHub pointed to another host (a redirect or a Link header), not followed"
    return f"GitHub answered in a shape that is not its API's ({type(error).__name__}), not used"


class RateLimitExhausted(Exception):
    """The primary budget is spent and its reset is further away than we are willing to wait."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds on retrying: attempts, backoff, the longest server-requested wait we accept."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 8.0
    max_total: float = 60.0
    max_hint: float = 60.0  # a Retry-After or reset further than this is not waited for


def backoff_delay(policy: RetryPolicy, attempt: int, hint: float | None) -> float:
    """Exponential backoff from `base_delay`, raised to the server's hint; pure and capped."""
    delay: float = min(policy.max_delay, policy.base_delay * 2.0 ** max(0, attempt - 1))
    if hint is not None:
        delay = max(delay, min(hint, policy.max_hint))
    return delay


def call_with_retry(
    func: Callable[[], T],
    policy: RetryPolicy,
    on_wait: Callable[[str, float], None] | None = None,
) -> T:
    """Run `func`, retrying `TransientFailure` within the policy; the last failure is re-raised.

    A hint longer than `max_hint` means waiting is pointless within this run, so it becomes
    `RateLimitExhausted` at once instead of a silent hour-long sleep.
    """

    def wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hint = error.wait if isinstance(error, TransientFailure) else None
        delay = backoff_delay(policy, state.attempt_number, hint)
        if on_wait is not None and isinstance(error, TransientFailure):
            on_wait(error.reason, delay)
        return delay

    def guarded() -> T:
        try:
            return func()
        except TransientFailure as failure:
            if failure.wait is not None and failure.wait > policy.max_hint:
                raise RateLimitExhausted(failure.reason) from None
            raise

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(TransientFailure),
        stop=tenacity.stop_after_attempt(policy.attempts)
        | tenacity.stop_after_delay(policy.max_total),
        wait=wait,
        reraise=True,
    )
    return retrying(guarded)
