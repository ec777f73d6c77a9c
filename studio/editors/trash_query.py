"""The trash: every trashed row of every kind, newest first.

Each kind is one query on its partial ``idx_<table>_deleted_at`` index (it covers only
trashed rows), so listing the trash costs what the trash holds, not the library.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind

LABEL_COLUMNS = {
    EntityKind.GRADE: "name",
    EntityKind.SUBJECT: "name",
    EntityKind.TOPIC: "name",
    EntityKind.LESSON: "title",
    EntityKind.EXERCISE: "prompt",
    EntityKind.TOURNAMENT: "name",
}
LABEL_LENGTH = 80
TRASH_LIMIT = 1_000
"""The newest rows shown; older ones stay in the trash, restorable by a later listing."""


@dataclass(frozen=True)
class TrashedRow:
    kind: EntityKind
    id: uuid.UUID
    label: str
    deleted_at: datetime


def trashed_rows(session: Session, limit: int = TRASH_LIMIT) -> list[TrashedRow]:
    rows: list[TrashedRow] = []
    for kind, spec in ENTITIES.items():
        model = spec.model
        label = getattr(model, LABEL_COLUMNS[kind])
        query = (
            select(model.id, label, model.deleted_at)
            .where(model.deleted_at.is_not(None))
            .order_by(model.deleted_at.desc())
            .limit(limit)
        )
        rows += [
            TrashedRow(kind, row_id, _one_line(text), deleted_at)
            for row_id, text, deleted_at in session.execute(query)
            if deleted_at is not None
        ]
    rows.sort(key=lambda row: (row.deleted_at, row.id), reverse=True)
    return rows[:limit]


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= LABEL_LENGTH else line[: LABEL_LENGTH - 1] + "…"
