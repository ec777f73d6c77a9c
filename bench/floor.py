"""The floor an import is measured against: plain sqlite3 executemany into bare tables.

The floor writes the very rows the import stores (the same columns, values already in
their stored form, with their outbox rows), into tables that have no index, constraint
or trigger, in one transaction, on a file with the library's pragmas. Only the
executemany calls and the commit are timed: it is the least SQLite can do with these rows.
"""

import contextlib
import enum
import json
import sqlite3
import time
import uuid
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table

from content_rules.ordering import initial_keys
from local_db.entities import EntityKind
from local_db.exchange.against_library import table_of
from local_db.exchange.bulk import create_entry
from local_db.exchange.layout import CHILDREN, CURRICULUM_KINDS, TOP_LEVEL
from local_db.models import Base, OutboxEntry

STAMP = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OUTBOX = Base.metadata.tables[OutboxEntry.__tablename__]


class Floor:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        for table in [*(table_of(kind) for kind in CURRICULUM_KINDS), OUTBOX]:
            self.db.execute(f"CREATE TABLE {table.name} ({', '.join(_names(table))})")
        self.db.execute("BEGIN")
        self.seconds = 0.0
        self.rows = 0

    def insert(self, document: dict[str, Any]) -> None:
        """Write the document's rows; ``rows`` counts curriculum rows, not outbox rows."""
        for table, rows in stored_rows(document).items():
            placeholders = ", ".join("?" * len(table.columns))
            started = time.perf_counter()
            self.db.executemany(f"INSERT INTO {table.name} VALUES ({placeholders})", rows)
            self.seconds += time.perf_counter() - started
            if table is not OUTBOX:
                self.rows += len(rows)

    def commit(self) -> None:
        started = time.perf_counter()
        self.db.execute("COMMIT")
        self.seconds += time.perf_counter() - started
        self.db.close()


def stored_rows(document: dict[str, Any]) -> dict[Table, list[tuple[Any, ...]]]:
    """Each table's rows as tuples in column order, values as the library stores them."""
    rows: dict[Table, list[tuple[Any, ...]]] = {}
    for kind, parent, record in _records(document):
        table = table_of(kind)
        values = {**record, "version": 0, "created_at": STAMP, "updated_at": STAMP}
        if parent is not None:
            values[parent[0]] = parent[1]
        rows.setdefault(table, []).append(_stored(table, values))
        entry = create_entry(kind, uuid.UUID(record["id"]), STAMP)
        rows.setdefault(OUTBOX, []).append(_stored(OUTBOX, entry))
    return rows


def _records(
    document: dict[str, Any],
) -> Iterator[tuple[EntityKind, tuple[str, str] | None, dict[str, Any]]]:
    pending: deque[tuple[EntityKind, tuple[str, str] | None, list[dict[str, Any]]]] = deque(
        (kind, None, document[key]) for key, kind in TOP_LEVEL.items()
    )
    while pending:
        kind, parent, objects = pending.popleft()
        for obj, position in zip(objects, initial_keys(len(objects)), strict=True):
            record = {key: value for key, value in obj.items() if not isinstance(value, list)}
            record.setdefault("position", position)
            yield kind, parent, record
            if kind in CHILDREN:
                key, child_kind = CHILDREN[kind]
                parent_field = f"{kind.value}_id"
                pending.append((child_kind, (parent_field, obj["id"]), obj[key]))


def _names(table: Table) -> list[str]:
    return [column.key for column in table.columns]


def _stored(table: Table, values: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(_storage_value(name, values.get(name)) for name in _names(table))


def _storage_value(name: str, value: Any) -> Any:
    """What SQLAlchemy's column types hand to sqlite3 for these values."""
    if isinstance(value, str) and (name == "id" or name.endswith("_id")):
        value = uuid.UUID(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
