"""Everything not yet on the server, for the Pending changes panel, ``status`` and a dry run.

Diffs are computed against the base, not read from the entry's list of touched fields:
a field changed and changed back is not pending, and the panel shows what a sync would
really send.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.models import ConflictKind, OutboxEntry, OutboxOperation, OutboxState, SyncConflict
from local_db.sync.kinds import KINDS, SyncedKind
from local_db.sync.ledger import base_of
from local_db.sync.merge import changed_fields
from local_db.sync.plan import PushPlan, plan_push
from local_db.sync.snapshot import row_values

LABEL_FIELDS = ("title", "name", "prompt", "email")


@dataclass(frozen=True)
class FieldChange:
    field: str
    base: Any
    """None for a row the server has never seen."""
    local: Any


@dataclass(frozen=True)
class PendingChange:
    entity_type: str
    entity_id: uuid.UUID
    label: str
    operation: OutboxOperation
    rejected: bool
    changes: tuple[FieldChange, ...]
    error_code: str | None = None
    error_message: str | None = None
    error_field: str | None = None


@dataclass(frozen=True)
class OpenConflict:
    conflict_id: uuid.UUID
    entity_type: str
    entity_id: uuid.UUID
    label: str
    kind: ConflictKind
    fields: tuple[str, ...]
    base: dict[str, Any]
    local: dict[str, Any]
    remote: dict[str, Any]


@dataclass(frozen=True)
class PendingReport:
    changes: tuple[PendingChange, ...]
    conflicts: tuple[OpenConflict, ...]
    plan: PushPlan
    """What the next push would send first, and what waits and why (the dry run)."""

    @property
    def rejected(self) -> tuple[PendingChange, ...]:
        return tuple(change for change in self.changes if change.rejected)


def pending_report(session: Session) -> PendingReport:
    entries = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.deleted_at.is_(None))
        .order_by(OutboxEntry.created_at, OutboxEntry.id)
    )
    changes = tuple(change for entry in entries if (change := _change(session, entry)) is not None)
    conflicts = tuple(
        _conflict(session, conflict)
        for conflict in session.scalars(
            select(SyncConflict)
            .where(SyncConflict.deleted_at.is_(None))
            .order_by(SyncConflict.created_at)
        )
    )
    return PendingReport(changes, conflicts, plan_push(session))


def _change(session: Session, entry: OutboxEntry) -> PendingChange | None:
    kind = KINDS[entry.entity_type]
    row = session.get(kind.model, entry.entity_id)
    if row is None:
        return None
    now = row_values(kind, row)
    base = base_of(session, kind, row.id)
    if base is None:
        fields = [name for name in kind.fields if now[name] is not None]
        diffs = tuple(FieldChange(name, None, now[name]) for name in fields)
    else:
        diffs = tuple(
            FieldChange(name, base.data.get(name), now[name])
            for name in changed_fields(base.data, now, kind.merged_fields)
        )
    return PendingChange(
        entry.entity_type,
        entry.entity_id,
        label(kind, now),
        entry.operation,
        entry.state is OutboxState.REJECTED,
        diffs,
        entry.error_code,
        entry.error_message,
        entry.error_field,
    )


def _conflict(session: Session, conflict: SyncConflict) -> OpenConflict:
    kind = KINDS[conflict.entity_type]
    return OpenConflict(
        conflict.id,
        conflict.entity_type,
        conflict.entity_id,
        label(kind, conflict.local),
        conflict.kind,
        tuple(conflict.fields),
        dict(conflict.base),
        dict(conflict.local),
        dict(conflict.remote),
    )


def label(kind: SyncedKind, values: dict[str, Any]) -> str:
    if kind.name == "match":
        # Matches have no name; where they sit in the bracket is what an admin knows them by.
        where = f"{values.get('bracket')} round {values.get('round')}"
        return f"Match {values.get('match_number')}, {where.lower()}"
    if kind.name == "tournament_participation" and values.get("seed") is not None:
        return f"Participant seeded {values['seed']}"
    for name in LABEL_FIELDS:
        text = values.get(name)
        if isinstance(text, str) and text.strip():
            first_line = text.strip().splitlines()[0]
            return first_line if len(first_line) <= 60 else first_line[:59] + "…"
    return f"{kind.name} {values.get('id', '')}".strip()
