"""What "New" creates for the navigator's selection: the natural child, ready to edit.

Nothing selected makes a subject; a subject or a grade group a topic (in that grade);
a topic a lesson; a lesson an exercise; an exercise a sibling exercise. The values are
valid starting points, so the row exists at once and the author renames it in its
editor.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from content_rules.answers import default_answer
from local_db.entities import EntityKind
from local_db.queries import NodeKind

NodeKey = tuple[NodeKind, uuid.UUID | None]


@dataclass(frozen=True)
class NewRow:
    kind: EntityKind
    values: dict[str, Any]


def new_row(selected: NodeKey | None, parent: NodeKey | None) -> NewRow | None:
    """The row to create for ``selected`` (and the node above it), or None if there is none."""
    if selected is None:
        slug = f"new-subject-{uuid.uuid4().hex[:6]}"
        return NewRow(EntityKind.SUBJECT, {"name": "New subject", "slug": slug})
    kind, row_id = selected
    if kind is NodeKind.SUBJECT:
        return NewRow(EntityKind.TOPIC, {"subject_id": row_id, "name": "New topic"})
    if kind is NodeKind.GRADE_GROUP and parent is not None:
        values = {"subject_id": parent[1], "grade_id": row_id, "name": "New topic"}
        return NewRow(EntityKind.TOPIC, values)
    if kind is NodeKind.TOPIC:
        return NewRow(EntityKind.LESSON, {"topic_id": row_id, "title": "New lesson"})
    if kind is NodeKind.LESSON:
        return NewRow(EntityKind.EXERCISE, _exercise(row_id))
    if kind is NodeKind.EXERCISE and parent is not None:
        return NewRow(EntityKind.EXERCISE, _exercise(parent[1]))
    return None


def entity_of(node: NodeKey) -> tuple[EntityKind, uuid.UUID] | None:
    """The row a navigator node edits; a grade group edits its grade ("No grade" nothing)."""
    kind, row_id = node
    if row_id is None:
        return None
    if kind is NodeKind.GRADE_GROUP:
        return EntityKind.GRADE, row_id
    return EntityKind(kind.value), row_id


def _exercise(lesson_id: uuid.UUID | None) -> dict[str, Any]:
    exercise_type = "MULTIPLE_CHOICE"
    return {
        "lesson_id": lesson_id,
        "type": exercise_type,
        "prompt": "New question",
        "answer": default_answer(exercise_type),
    }
