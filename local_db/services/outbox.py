"""Recording local edits in the outbox, one coalesced entry per row.

The coalescing rules of ARCHITECTURE.md: create + update stays a create, create + delete
leaves nothing, update + update keeps the union of changed fields. A row the server has
never seen (version 0) is always a create or nothing; a restore of such a row is a
create again. Every change to an entry gets a fresh clientMutationId, because the server
replays the recorded result of an id it has seen, and the entry now says something new.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.models import OutboxEntry, OutboxOperation, OutboxState, Synced


def pending_entry(session: Session, kind: EntityKind, entity_id: object) -> OutboxEntry | None:
    return session.scalar(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == kind.value,
            OutboxEntry.entity_id == entity_id,
            OutboxEntry.deleted_at.is_(None),
        )
    )


def record_change(session: Session, kind: EntityKind, row: Synced, changed: Iterable[str]) -> None:
    entry = pending_entry(session, kind, row.id)
    if row.version == 0:
        if row.deleted_at is not None:
            if entry is not None:
                session.delete(entry)
            return
        operation, fields = OutboxOperation.CREATE, []
    else:
        fields = sorted(set(entry.changed_fields if entry else ()) | set(changed))
        operation = OutboxOperation.DELETE if row.deleted_at else OutboxOperation.UPDATE
    if entry is None:
        session.add(
            OutboxEntry(
                entity_type=kind.value,
                entity_id=row.id,
                operation=operation,
                changed_fields=fields,
            )
        )
        return
    entry.operation = operation
    entry.changed_fields = fields
    entry.client_mutation_id = new_id()
    entry.state = OutboxState.PENDING
    entry.attempts = 0
    entry.error_code = entry.error_message = entry.error_field = None
