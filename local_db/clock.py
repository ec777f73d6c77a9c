"""The one place that reads the wall clock, so every timestamp is aware and in UTC."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
