"""Rows as plain values: what the base stores, what the merge compares, what a conflict shows.

Plain means JSON-ready and comparable across sources: ids as strings, timestamps as
ISO 8601 in UTC, enums by value. A value read from a local row and the same value
received from the server compare equal, whatever Python type each arrived as.
"""

import enum
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Uuid

from local_db.models import Synced
from local_db.models.types import UTCDateTime
from local_db.sync.kinds import SyncedKind

SERVER_FIELDS = ("version", "created_at", "updated_at")


def plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def row_values(kind: SyncedKind, row: Synced) -> dict[str, Any]:
    """The merged fields of a local row, plain."""
    return {name: plain(getattr(row, name)) for name in kind.merged_fields}


def record_values(kind: SyncedKind, record: Mapping[str, Any]) -> dict[str, Any]:
    """A server record's merged and server-owned fields, plain (what the base keeps)."""
    names = ("id", *kind.merged_fields, *SERVER_FIELDS)
    return {name: plain(record[name]) for name in names}


def column_value(kind: SyncedKind, name: str, value: Any) -> Any:
    """A plain value back in the column's own Python type, for writing a row."""
    convert = _converters(kind).get(name)
    return value if value is None or convert is None else convert(value)


@cache
def _converters(kind: SyncedKind) -> dict[str, Callable[[Any], Any]]:
    converters: dict[str, Callable[[Any], Any]] = {}
    for column in kind.model.__table__.columns:
        if isinstance(column.type, Uuid):
            converters[column.name] = _to_uuid
        elif isinstance(column.type, UTCDateTime):
            converters[column.name] = _to_datetime
    for name, enum_type in kind.enums:
        converters[name] = enum_type
    return converters


def _to_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _to_datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
