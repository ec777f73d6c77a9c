"""The server's refusal of a row's last sync, if any, so its editor can show it in place.

A refused edit stays on the row's outbox entry (state REJECTED) with the server's
message and the field it named, until the author edits the row again.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.models import OutboxEntry, OutboxState


@dataclass(frozen=True)
class Rejection:
    message: str
    field: str | None
    """A snake_case path such as ``title`` or ``answer.choices[2].text``; None for the row."""


def rejection_of(session: Session, kind: EntityKind, row_id: uuid.UUID) -> Rejection | None:
    entry = session.scalar(
        select(OutboxEntry).where(
            OutboxEntry.entity_type == kind.value,
            OutboxEntry.entity_id == row_id,
            OutboxEntry.deleted_at.is_(None),
            OutboxEntry.state == OutboxState.REJECTED,
        )
    )
    if entry is None:
        return None
    return Rejection(entry.error_message or "refused by the server", entry.error_field or None)
