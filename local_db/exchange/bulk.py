"""Writing created records in bulk: one executemany per table, and their outbox entries.

Going through the ORM one row at a time costs far more than the insert itself. Here the
Core ``insert(table)`` is compiled once and run as a single executemany on the session's
connection; values are converted by each column type's own bind processor, exactly as
SQLAlchemy would convert them, but the columns every row shares (version, timestamps,
outbox state) are converted once rather than once per row: per-row conversion was most
of the Python time of an import when profiled. Each created row gets the outbox entry that
local_db.services.outbox.record_change writes for a create, so the sync engine cannot
tell an imported row from one made in the studio.
"""

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.exchange.against_library import table_of
from local_db.exchange.document import Record
from local_db.ids import new_id
from local_db.models import Base, OutboxEntry, OutboxOperation, OutboxState

OUTBOX = Base.metadata.tables[OutboxEntry.__tablename__]


def insert_created(
    session: Session,
    kind: EntityKind,
    records: Sequence[Record],
    positions: Mapping[uuid.UUID, str],
    now: datetime,
) -> None:
    if not records:
        return
    rows = [
        {
            **record.values,
            "id": record.id,
            "position": record.values.get("position") or positions[record.id],
        }
        for record in records
    ]
    created = {"version": 0, "created_at": now, "updated_at": now, "deleted_at": None}
    executemany(session, table_of(kind), rows, created)
    entries = [
        {"id": new_id(), "entity_id": record.id, "client_mutation_id": new_id()}
        for record in records
    ]
    executemany(session, OUTBOX, entries, create_entry_constants(kind, now))


def create_entry(kind: EntityKind, entity_id: uuid.UUID, now: datetime) -> dict[str, Any]:
    """The outbox row record_change adds for a new row, as one mapping."""
    return {
        "id": new_id(),
        "entity_id": entity_id,
        "client_mutation_id": new_id(),
        **create_entry_constants(kind, now),
    }


def create_entry_constants(kind: EntityKind, now: datetime) -> dict[str, Any]:
    """What every CREATE entry of one kind shares: pending, untried, no fields listed."""
    return {
        "entity_type": kind.value,
        "operation": OutboxOperation.CREATE,
        "changed_fields": [],
        "state": OutboxState.PENDING,
        "attempts": 0,
        "error_code": None,
        "error_message": None,
        "error_field": None,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }


def executemany(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    shared: Mapping[str, Any],
) -> None:
    """INSERT every row (plus the ``shared`` values) in one executemany."""
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect)
    names = compiled.positiontup or []
    processors = {column.key: column.type.bind_processor(dialect) for column in table.columns}

    fixed = {name: _stored(processors[name], value) for name, value in shared.items()}
    varying = [
        (index, name, processors[name]) for index, name in enumerate(names) if name not in fixed
    ]
    template = [fixed.get(name) for name in names]
    parameters = []
    for row in rows:
        values = template.copy()
        for index, name, processor in varying:
            value = row[name]
            values[index] = value if processor is None else processor(value)
        parameters.append(tuple(values))
    connection.exec_driver_sql(str(compiled), parameters)


def _stored(processor: Callable[[Any], Any] | None, value: Any) -> Any:
    return value if processor is None else processor(value)
