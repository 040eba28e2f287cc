"""Timestamps, in one format everywhere."""

from datetime import datetime, timezone


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def readable(stamp: str) -> str:
    """A stored timestamp as a person reads it, in local time ("30 Nov 2026, 08:50"); the
    text itself when it is not a timestamp."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y, %H:%M}"
