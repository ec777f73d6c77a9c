"""What a push would send now: one write per outbox entry, in an order the server accepts.

Each entry contributes the next step it needs (create, restore, update or delete); a row
that needs two steps (edited, then trashed) takes the second in the next round, planned
afresh from the state the first one left. Creates, restores and updates go parents
first; deletes children first and after everything else, so a row moved out of a
parent is moved before the parent goes. A write whose parent cannot be sent (rejected,
in conflict) waits, and says why: that is the dry run the studio shows.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.models import OutboxEntry, OutboxOperation, OutboxState, SyncConflict, Synced
from local_db.sync.kinds import DELETED_AT, KINDS, SyncedKind
from local_db.sync.ledger import base_of, entry_of
from local_db.sync.merge import changed_fields
from local_db.sync.remote import RemoteWrite, WriteVerb
from local_db.sync.snapshot import row_values

CREATE_PHASE, DELETE_PHASE = 0, 1


@dataclass(frozen=True)
class PlannedWrite:
    kind: SyncedKind
    write: RemoteWrite
    sent: dict[str, Any]
    """The plain values this write makes the server's (see absorb.confirm)."""
    references: frozenset[uuid.UUID]
    """Rows that must be on the server, unchanged by a failure, before this write."""
    entry_mutation_id: uuid.UUID
    """The entry's clientMutationId when planned: if it changed, the row was edited since."""

    @property
    def entity_id(self) -> uuid.UUID:
        return self.write.entity_id

    @property
    def phase(self) -> int:
        return DELETE_PHASE if self.write.verb is WriteVerb.DELETE else CREATE_PHASE

    @property
    def order(self) -> tuple[int, int]:
        rank = -self.kind.rank if self.phase == DELETE_PHASE else self.kind.rank
        return (self.phase, rank)


@dataclass(frozen=True)
class Waiting:
    entity_type: str
    entity_id: uuid.UUID
    reason: str


@dataclass
class PushPlan:
    writes: list[PlannedWrite] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    settled: list[uuid.UUID] = field(default_factory=list)
    """Outbox entries with nothing left to send (changed and changed back)."""

    def levels(self) -> list[list[PlannedWrite]]:
        """Writes grouped by (phase, rank), in sending order."""
        levels: dict[tuple[int, int], list[PlannedWrite]] = {}
        for planned in sorted(self.writes, key=lambda planned: planned.order):
            levels.setdefault(planned.order, []).append(planned)
        return list(levels.values())


def plan_push(session: Session) -> PushPlan:
    plan = PushPlan()
    entries = list(
        session.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.deleted_at.is_(None))
            .order_by(OutboxEntry.created_at, OutboxEntry.id)
        )
    )
    in_conflict = set(
        session.execute(
            select(SyncConflict.entity_type, SyncConflict.entity_id).where(
                SyncConflict.deleted_at.is_(None)
            )
        )
    )
    unsent = {entry.entity_id for entry in entries if entry.operation is OutboxOperation.CREATE}
    candidates: list[PlannedWrite] = []
    for entry in entries:
        kind = KINDS[entry.entity_type]
        if entry.state is OutboxState.REJECTED:
            continue
        if (entry.entity_type, entry.entity_id) in in_conflict:
            plan.waiting.append(_waiting(entry, "waits for its conflict to be resolved"))
            continue
        step = _next_step(session, kind, entry)
        if isinstance(step, str):
            plan.waiting.append(_waiting(entry, step))
        elif step is None:
            plan.settled.append(entry.id)
        else:
            candidates.append(step)
    ready = {planned.entity_id for planned in candidates if planned.write.verb is WriteVerb.CREATE}
    unsendable = unsent - ready
    for planned in sorted(candidates, key=lambda planned: planned.kind.rank):
        missing = planned.references & unsendable
        if missing:
            unsendable.add(planned.entity_id)
            reason = (
                f"waits for {', '.join(sorted(str(ref) for ref in missing))} to reach the server"
            )
            plan.waiting.append(Waiting(planned.kind.name, planned.entity_id, reason))
        else:
            plan.writes.append(planned)
    return plan


def _waiting(entry: OutboxEntry, reason: str) -> Waiting:
    return Waiting(entry.entity_type, entry.entity_id, reason)


def _next_step(session: Session, kind: SyncedKind, entry: OutboxEntry) -> PlannedWrite | str | None:
    row = session.get(kind.model, entry.entity_id)
    if row is None:
        return None
    now = row_values(kind, row)
    references = frozenset(
        uuid.UUID(str(now[name])) for name in kind.references if now.get(name) is not None
    )

    def step(
        verb: WriteVerb,
        values: dict[str, Any],
        sent: dict[str, Any],
        expected_version: int | None = None,
    ) -> PlannedWrite:
        mutation_id = _mutation_id(entry, verb)
        write = RemoteWrite(kind.name, verb, row.id, mutation_id, values, expected_version)
        return PlannedWrite(kind, write, sent, references, entry.client_mutation_id)

    base = base_of(session, kind, row.id)
    if base is None:
        if row.deleted_at is not None:
            return None
        values = {name: now[name] for name in kind.fields}
        return step(WriteVerb.CREATE, values, {**values, DELETED_AT: None})
    diff = changed_fields(base.data, now, kind.merged_fields)
    content = [name for name in diff if name != DELETED_AT]
    deleted_there = base.data.get(DELETED_AT) is not None
    if deleted_there and (content or DELETED_AT in diff):
        # Restore first: the server refuses edits to a trashed row. A row kept trashed
        # here but edited (a conflict settled as mine) is restored, updated and trashed.
        if _returns_with_parent(session, kind, row, base.data):
            return "comes back with its parent's restore (the server restores them together)"
        return step(WriteVerb.RESTORE, {}, {DELETED_AT: None}, expected_version=base.version)
    if content:
        values = {name: now[name] for name in content}
        return step(WriteVerb.UPDATE, values, values, expected_version=base.version)
    if DELETED_AT in diff:
        if _goes_with_parent(session, kind, row):
            return "goes with its parent's delete (the server trashes them together)"
        sent = {DELETED_AT: now[DELETED_AT]}
        return step(WriteVerb.DELETE, {}, sent, expected_version=base.version)
    return None


def _parent_of(kind: SyncedKind, row: Synced) -> tuple[SyncedKind, uuid.UUID] | None:
    spec = ENTITIES[EntityKind(kind.name)]
    if spec.parent_field is None or spec.parent_kind is None:
        return None
    return KINDS[spec.parent_kind.value], getattr(row, spec.parent_field)


def _goes_with_parent(session: Session, kind: SyncedKind, row: Synced) -> bool:
    """Trashed together with a parent whose delete is still to be sent.

    The server's cascade trashes this row with the parent, under one deletion time, and
    the pull settles this entry; a delete of its own would stamp it apart from the
    others, and restoring the parent would leave it behind.
    """
    found = _parent_of(kind, row)
    if found is None:
        return False
    parent_kind, parent_id = found
    parent = session.get(parent_kind.model, parent_id)
    if parent is None or parent.deleted_at != row.deleted_at:
        return False
    entry = entry_of(session, parent_kind, parent_id)
    return entry is not None and entry.operation is OutboxOperation.DELETE


def _returns_with_parent(
    session: Session, kind: SyncedKind, row: Synced, base: dict[str, Any]
) -> bool:
    """Trashed on the server together with a parent whose restore is still to be sent:
    the server's restore brings this row back with it, and the pull settles the entry."""
    found = _parent_of(kind, row)
    if found is None:
        return False
    parent_kind, parent_id = found
    parent_base = base_of(session, parent_kind, parent_id)
    if parent_base is None or parent_base.data.get(DELETED_AT) != base.get(DELETED_AT):
        return False
    entry = entry_of(session, parent_kind, parent_id)
    parent = session.get(parent_kind.model, parent_id)
    return (
        entry is not None
        and parent is not None
        and parent.deleted_at is None
        and DELETED_AT in entry.changed_fields
    )


def _mutation_id(entry: OutboxEntry, verb: WriteVerb) -> uuid.UUID:
    """The entry's id for the step it is named after, a derived one for the others.

    Each step of one entry is a different request, and the server replays by id.
    """
    named = {
        OutboxOperation.CREATE: WriteVerb.CREATE,
        OutboxOperation.UPDATE: WriteVerb.UPDATE,
        OutboxOperation.DELETE: WriteVerb.DELETE,
    }[entry.operation]
    if verb is named:
        return entry.client_mutation_id
    return uuid.uuid5(entry.client_mutation_id, verb.value)
