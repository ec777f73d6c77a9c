"""Recording local edits in the outbox, one coalesced entry per row.

The coalescing rules of ARCHITECTURE.md: create + update stays a create, create + delete
leaves nothing, update + update keeps the union of changed fields. A row the server has
never seen (version 0) is always a create or nothing; a restore of such a row is a
create again. Every change to an entry gets a fresh clientMutationId, because the server
replays the recorded result of an id it has seen, and the entry now says something new.

Any other edit to a refused row is the author's answer to the refusal and sends it again,
but a reorder is not: moving a subject among its siblings does not make a taken slug
acceptable, and sending it again would only hide the message the author has to act on.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind, children_of
from local_db.ids import new_id
from local_db.models import OutboxEntry, OutboxOperation, OutboxState, Synced

REORDERING = frozenset({"position"})


def pending_entry(session: Session, kind: EntityKind, entity_id: object) -> OutboxEntry | None:
    return session.scalar(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == kind.value,
            OutboxEntry.entity_id == entity_id,
            OutboxEntry.deleted_at.is_(None),
        )
    )


def record_change(session: Session, kind: EntityKind, row: Synced, changed: Iterable[str]) -> None:
    changed = set(changed)
    entry = pending_entry(session, kind, row.id)
    if row.version == 0:
        if row.deleted_at is not None:
            if entry is not None:
                session.delete(entry)
            return
        operation, fields = OutboxOperation.CREATE, []
    else:
        fields = sorted(set(entry.changed_fields if entry else ()) | changed)
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
    if entry.state is OutboxState.REJECTED and changed <= REORDERING:
        return
    entry.state = OutboxState.PENDING
    entry.attempts = 0
    entry.error_code = entry.error_message = entry.error_field = None


def reopen_refused_references(session: Session, kind: EntityKind, row_id: object) -> None:
    """Send again the changes the server refused because they point at this row, which
    was in the trash and is now back.

    Their refused field (a participation's ``tournament_id``) never changes, so the rule
    above would keep them refused for good, though restoring the row is the very fix the
    message asks for.
    """
    for spec in children_of(kind):
        refs = [*spec.optional_refs, (spec.parent_field, spec.parent_kind)]
        fields = [field for field, ref_kind in refs if field is not None and ref_kind is kind]
        entries = session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.entity_type == spec.kind.value,
                OutboxEntry.state == OutboxState.REJECTED,
                OutboxEntry.error_field.in_(fields),
                OutboxEntry.deleted_at.is_(None),
            )
        )
        for entry in entries:
            row = session.get(ENTITIES[spec.kind].model, entry.entity_id)
            if row is None or getattr(row, str(entry.error_field)) != row_id:
                continue
            entry.client_mutation_id = new_id()
            entry.state = OutboxState.PENDING
            entry.attempts = 0
            entry.error_code = entry.error_message = entry.error_field = None
