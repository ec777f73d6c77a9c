"""Room for the server's rows where a local row holds the same unique value.

Two authors can each create a subject with slug "math" offline; the server accepts the
first and refuses the second. When the first arrives here, the local one would break
the unique index and stop every pull, so it steps aside: renamed, and marked rejected
with a message saying what happened, until its author renames or merges it.

Keys over several columns step aside the same way. Two admins who both fill MAIN round 1
match 3 of a tournament offline: the local match moves to the next free match number.
Two admins who both register one student: the two registrations are the same entrant,
so the local matches that seat ours seat the server's instead, and ours goes to the
trash, rejected with the message (restorable, though nothing needs it any more).
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from local_db.clock import utc_now
from local_db.entities import ENTITIES, EntityKind, children_of
from local_db.models import OutboxState
from local_db.sync.kinds import KINDS, SyncedKind
from local_db.sync.ledger import base_of, entry_of, refresh_entry
from local_db.sync.snapshot import column_value, plain


def make_room(session: Session, kind: SyncedKind, records: Sequence[Mapping[str, Any]]) -> int:
    """Rename local rows that hold a unique value an incoming live record has; the count."""
    if not kind.pushed:
        return 0
    spec = ENTITIES[EntityKind(kind.name)]
    unique_fields = spec.unique_fields
    moved = 0
    for record in records:
        if record.get("deleted_at") is not None:
            continue
        incoming = uuid.UUID(str(record["id"]))
        for name in unique_fields:
            column = getattr(kind.model, name)
            holder = session.scalar(
                select(kind.model).where(
                    column == record[name],
                    kind.model.id != incoming,
                    kind.model.deleted_at.is_(None),
                )
            )
            if holder is not None:
                _step_aside(session, kind, holder, name, str(record[name]))
                moved += 1
        if spec.unique_together:
            holder = _holder_of_key(session, kind, spec.unique_together, record, incoming)
            if holder is not None:
                _step_aside_of_key(session, kind, holder, spec.unique_together, spec.renumbered)
                if spec.renumbered is None:
                    _reseat(session, kind, holder.id, incoming)
                moved += 1
    return moved


def _holder_of_key(
    session: Session,
    kind: SyncedKind,
    names: Sequence[str],
    record: Mapping[str, Any],
    incoming: uuid.UUID,
) -> Any:
    return session.scalar(
        select(kind.model).where(
            *(
                getattr(kind.model, name) == column_value(kind, name, record[name])
                for name in names
            ),
            kind.model.id != incoming,
            kind.model.deleted_at.is_(None),
        )
    )


def _step_aside_of_key(
    session: Session,
    kind: SyncedKind,
    row: Any,
    names: Sequence[str],
    renumbered: str | None,
) -> None:
    key = ", ".join(f"{name} {plain(getattr(row, name))}" for name in names)
    if renumbered is None:
        row.deleted_at = utc_now()
        outcome = "this one was moved to the trash, and what it was part of now uses the other"
    else:
        column = getattr(kind.model, renumbered)
        peers = select(func.max(column)).where(
            *(
                getattr(kind.model, name) == getattr(row, name)
                for name in names
                if name != renumbered
            )
        )
        free = (session.scalar(peers) or 0) + 1
        setattr(row, renumbered, free)
        outcome = f"this one moved to {renumbered} {free}: regenerate or delete it"
    session.flush()
    base = base_of(session, kind, row.id)
    if base is None and row.deleted_at is not None:
        # The server never had this row: its create stays, rejected, so the author sees why.
        entry = entry_of(session, kind, row.id)
    else:
        entry = refresh_entry(session, kind, row, base.data if base is not None else None)
    if entry is None:
        return
    entry.state = OutboxState.REJECTED
    entry.error_code = "VALIDATION_ERROR"
    entry.error_field = names[-1]
    entry.error_message = f"the server already has a {kind.name} with {key}; {outcome}"


def _reseat(
    session: Session, kind: SyncedKind, stepped_aside: uuid.UUID, incoming: uuid.UUID
) -> None:
    """Local rows that point at ``stepped_aside`` point at the server's row instead.

    The server's row is inserted later in this same page's transaction, so the foreign
    keys are checked at commit rather than at each update.
    """
    session.execute(text("PRAGMA defer_foreign_keys = ON"))
    for spec in children_of(EntityKind(kind.name)):
        referring = KINDS[spec.kind.value]
        for name, target in spec.optional_refs:
            if target.value != kind.name:
                continue
            column = getattr(spec.model, name)
            for row in session.scalars(select(spec.model).where(column == stepped_aside)):
                setattr(row, name, incoming)
                session.flush()
                base = base_of(session, referring, row.id)
                refresh_entry(session, referring, row, base.data if base is not None else None)


def _step_aside(session: Session, kind: SyncedKind, row: Any, name: str, taken: str) -> None:
    renamed = _free_value(session, kind, name, taken)
    setattr(row, name, renamed)
    session.flush()
    base = base_of(session, kind, row.id)
    entry = refresh_entry(session, kind, row, base.data if base is not None else None)
    if entry is None:
        return
    entry.state = OutboxState.REJECTED
    entry.error_code = "VALIDATION_ERROR"
    entry.error_field = name
    entry.error_message = (
        f"the server already has a {kind.name} with {name} '{taken}'; this one was renamed "
        f"to '{renamed}': rename it or merge it into the other, then sync again"
    )


def _free_value(session: Session, kind: SyncedKind, name: str, taken: str) -> str:
    column = getattr(kind.model, name)
    limit = column.type.length
    for number in range(2, 1000):
        suffix = f"-local-{number}" if name == "slug" else f" (local {number})"
        candidate = taken[: limit - len(suffix)] + suffix
        if session.scalar(select(kind.model.id).where(column == candidate)) is None:
            return candidate
    raise AssertionError(f"no free {name} near {taken!r}")
