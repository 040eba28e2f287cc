"""Timestamps, in one format everywhere."""

from datetime import datetime, timezone


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
