"""The trash: every trashed row of every kind, newest first; or only those below one row.

Each kind is one query on its partial ``idx_<table>_deleted_at`` index (it covers only
trashed rows), so listing the trash costs what the trash holds, not the library. The
listing below a row (the navigator's "Restore from Trash…") starts from the same index
and climbs each trashed row's parents by primary key to the row it names, so it too
costs what the trash holds.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.models import Topic

LABEL_COLUMNS = {
    EntityKind.GRADE: "name",
    EntityKind.SUBJECT: "name",
    EntityKind.TOPIC: "name",
    EntityKind.LESSON: "title",
    EntityKind.EXERCISE: "prompt",
    EntityKind.TOURNAMENT: "name",
}
"""The kinds the trash lists, by the column that names a row. A tournament's participations
and matches have no name of their own and come back with it; the tournament editor will
list them."""
LABEL_LENGTH = 80
TRASH_LIMIT = 1_000
"""The newest rows shown; older ones stay in the trash, restorable by a later listing."""


BELOW = {
    EntityKind.SUBJECT: (EntityKind.TOPIC, EntityKind.LESSON, EntityKind.EXERCISE),
    EntityKind.TOPIC: (EntityKind.LESSON, EntityKind.EXERCISE),
    EntityKind.LESSON: (EntityKind.EXERCISE,),
}
"""The kinds that can sit below a row of each kind that has children."""


@dataclass(frozen=True)
class TrashScope:
    """The rows below one live row: a subject, a topic, a lesson, or a subject's grade group.

    ``grade`` narrows a subject to the topics of one grade group: (grade id,) or (None,)
    for "No grade"; None means the whole subject.
    """

    kind: EntityKind
    id: uuid.UUID
    label: str
    grade: tuple[uuid.UUID | None] | None = None


@dataclass(frozen=True)
class TrashedRow:
    kind: EntityKind
    id: uuid.UUID
    label: str
    deleted_at: datetime


def trashed_rows(
    session: Session, limit: int = TRASH_LIMIT, *, below: TrashScope | None = None
) -> list[TrashedRow]:
    """The newest trashed rows: of the whole library, or only those below ``below``."""
    rows: list[TrashedRow] = []
    kinds = list(LABEL_COLUMNS) if below is None else BELOW[below.kind]
    for kind in kinds:
        model = ENTITIES[kind].model
        label = getattr(model, LABEL_COLUMNS[kind])
        query = (
            select(model.id, label, model.deleted_at)
            .where(model.deleted_at.is_not(None))
            .order_by(model.deleted_at.desc())
            .limit(limit)
        )
        if below is not None:
            query = _under(query, kind, below)
        rows += [
            TrashedRow(kind, row_id, _one_line(text), deleted_at)
            for row_id, text, deleted_at in session.execute(query)
            if deleted_at is not None
        ]
    rows.sort(key=lambda row: (row.deleted_at, row.id), reverse=True)
    return rows[:limit]


def _under(query: Select[Any], kind: EntityKind, scope: TrashScope) -> Select[Any]:
    """Join a kind's rows up through their parents to the scope's row, and keep its own."""
    spec = ENTITIES[kind]
    while spec.parent_kind is not scope.kind:
        assert spec.parent_kind is not None and spec.parent_field is not None
        parent = ENTITIES[spec.parent_kind]
        query = query.join(parent.model, parent.model.id == getattr(spec.model, spec.parent_field))
        spec = parent
    query = query.where(getattr(spec.model, str(spec.parent_field)) == scope.id)
    if scope.grade is not None:  # spec is topics now: a grade group's are those of its grade
        (grade,) = scope.grade
        query = query.where(Topic.grade_id.is_(None) if grade is None else Topic.grade_id == grade)
    return query


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= LABEL_LENGTH else line[: LABEL_LENGTH - 1] + "…"
