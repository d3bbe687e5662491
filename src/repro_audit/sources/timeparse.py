"""GitHub's timestamps (`2025-10-16T08:00:00Z`) as aware datetimes, on Python 3.10 too."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_github_time(value: object) -> datetime | None:
    """Parse an ISO 8601 timestamp as GitHub writes it; None for anything unusable."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if not isinstance(value, str) or not value:
        return None
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
