"""The per-row bookkeeping the engine reads and writes: base, outbox entry, open conflict.

After every change the engine makes to a row, the row's outbox entry is recomputed from
what still differs between the row and its base, rather than patched: whatever
happened (a confirmed write, a merge, a resolution), the entry then says exactly what
the server still has to hear.
"""

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.ids import new_id
from local_db.models import (
    OutboxEntry,
    OutboxOperation,
    OutboxState,
    SyncBase,
    SyncConflict,
    Synced,
)
from local_db.sync.kinds import DELETED_AT, SyncedKind
from local_db.sync.merge import changed_fields
from local_db.sync.snapshot import row_values


def base_of(session: Session, kind: SyncedKind, entity_id: uuid.UUID) -> SyncBase | None:
    return session.scalar(
        select(SyncBase).where(
            SyncBase.entity_type == kind.name,
            SyncBase.entity_id == entity_id,
            SyncBase.deleted_at.is_(None),
        )
    )


def set_base(
    session: Session, kind: SyncedKind, entity_id: uuid.UUID, version: int, data: dict[str, Any]
) -> None:
    base = base_of(session, kind, entity_id)
    if base is None:
        session.add(
            SyncBase(entity_type=kind.name, entity_id=entity_id, version=version, data=data)
        )
    else:
        base.version = version
        base.data = data


def entry_of(session: Session, kind: SyncedKind, entity_id: uuid.UUID) -> OutboxEntry | None:
    return session.scalar(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == kind.name,
            OutboxEntry.entity_id == entity_id,
            OutboxEntry.deleted_at.is_(None),
        )
    )


def conflict_of(session: Session, kind: SyncedKind, entity_id: uuid.UUID) -> SyncConflict | None:
    return session.scalar(
        select(SyncConflict).where(
            SyncConflict.entity_type == kind.name,
            SyncConflict.entity_id == entity_id,
            SyncConflict.deleted_at.is_(None),
        )
    )


def refresh_entry(
    session: Session,
    kind: SyncedKind,
    row: Synced,
    base: dict[str, Any] | None,
    *,
    answered: bool = False,
) -> OutboxEntry | None:
    """Make the row's entry say what differs from ``base`` (None: the server lacks the row).

    A changed entry gets a fresh clientMutationId, and so does one the server has just
    answered (``answered``): the server records every answer, errors included, and
    replays it for an id it has seen, so an id must never be sent for a second request.
    """
    entry = entry_of(session, kind, row.id)
    if base is None:
        operation = None if row.deleted_at is not None else OutboxOperation.CREATE
        fields: list[str] = []
    else:
        fields = changed_fields(base, row_values(kind, row), kind.merged_fields)
        deleting = row.deleted_at is not None and base.get(DELETED_AT) is None
        operation = (
            (OutboxOperation.DELETE if deleting else OutboxOperation.UPDATE) if fields else None
        )
    if operation is None:
        if entry is not None:
            session.delete(entry)
        return None
    if entry is None:
        entry = OutboxEntry(entity_type=kind.name, entity_id=row.id, operation=operation)
        session.add(entry)
    elif (
        not answered
        and entry.operation == operation
        and sorted(entry.changed_fields) == sorted(fields)
    ):
        return entry
    entry.operation = operation
    entry.changed_fields = sorted(fields)
    entry.client_mutation_id = new_id()
    entry.state = OutboxState.PENDING
    entry.attempts = 0
    entry.error_code = entry.error_message = entry.error_field = None
    return entry
