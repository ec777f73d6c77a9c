"""Room for the server's rows where a local row holds the same unique value.

Two authors can each create a subject with slug "math" offline; the server accepts the
first and refuses the second. When the first arrives here, the local one would break
the unique index and stop every pull, so it steps aside: renamed, and marked rejected
with a message saying what happened, until its author renames or merges it.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.models import OutboxState
from local_db.sync.kinds import SyncedKind
from local_db.sync.ledger import base_of, refresh_entry


def make_room(session: Session, kind: SyncedKind, records: Sequence[Mapping[str, Any]]) -> int:
    """Rename local rows that hold a unique value an incoming live record has; the count."""
    if not kind.pushed:
        return 0
    unique_fields = ENTITIES[EntityKind(kind.name)].unique_fields
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
    return moved


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
