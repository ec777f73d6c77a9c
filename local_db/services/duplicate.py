"""Duplicating a subject, topic, lesson or exercise together with everything live below it.

Authors duplicate a lesson to start the next one from it, so a copy of the row alone (an
empty lesson) is not what they asked for. The whole copy is written inside the caller's
transaction: it appears complete or not at all, and one undo (trashing its top row,
which cascades) takes all of it back.

Every copied row goes through ``content.create``, so it is validated like any new row
and gets its own outbox entry (a CREATE) to sync; parents are created before their
children, which point at the parents' fresh ids. Only the top of the copy is marked: its
label gets " (copy)" and a subject a free slug ("-copy", "-copy-2", ...), since slugs
are unique among live subjects. The rows below keep their labels and their position
keys, which stay valid because their new parent holds only them. The copy goes right
after the original among its siblings, where the author is looking. Rows in the trash
are not copied: the copy is of what the author sees.
"""

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from content_rules.fields import FIELDS
from local_db.entities import ENTITIES, EntityKind
from local_db.models import Subject
from local_db.services import content
from local_db.services.errors import ValidationFailed, invalid

COPY_SUFFIX = " (copy)"
LABEL_FIELDS = {
    EntityKind.SUBJECT: "name",
    EntityKind.TOPIC: "name",
    EntityKind.LESSON: "title",
}
"""What each kind shows as its label in the navigator; the copy's gets the suffix."""
DUPLICABLE = frozenset({*LABEL_FIELDS, EntityKind.EXERCISE})
"""An exercise is copied too, but its prompt is what students read (and its blanks must
match the answer), so the copy keeps it as it is, right after the original."""

RowKey = tuple[EntityKind, uuid.UUID]


def duplicate(
    session: Session, kind: EntityKind, row_id: uuid.UUID, *, copy_id: uuid.UUID | None = None
) -> list[RowKey]:
    """Copy the live row and its live subtree; returns every row created, the copy's top first.

    ``copy_id`` lets the caller choose the top row's id beforehand, so an undo queued
    before the copy lands still knows what to trash.
    """
    if kind not in DUPLICABLE:
        raise ValidationFailed([invalid("id", f"a {kind.value} cannot be duplicated")])
    spec = ENTITIES[kind]
    original = content.find_live(session, kind, row_id)
    values = content.values_of(kind, original)
    del values["position"]
    if kind in LABEL_FIELDS:
        label = LABEL_FIELDS[kind]
        values[label] = copy_label(values[label], _max_length(kind, label))
    if kind is EntityKind.SUBJECT:
        values["slug"] = free_slug(session, values["slug"])
    top = content.create(session, kind, values, entity_id=copy_id)
    siblings = content.sibling_rows(session, spec, values)
    index = next(n for n, sibling in enumerate(siblings) if sibling.id == original.id)
    content.move(session, kind, top.id, index=index + 1)
    return [(kind, top.id), *_copy_below(session, kind, {original.id: top.id})]


def _copy_below(
    session: Session, kind: EntityKind, copies: dict[uuid.UUID, uuid.UUID]
) -> list[RowKey]:
    """Copy the live children of the rows in ``copies`` (original id → copy id), level by level."""
    created: list[RowKey] = []
    for child in (spec for spec in ENTITIES.values() if spec.parent_kind is kind):
        assert child.parent_field is not None
        column = getattr(child.model, child.parent_field)
        order = child.ordered_model
        next_copies: dict[uuid.UUID, uuid.UUID] = {}
        for chunk in content.chunked(list(copies)):
            query = (
                select(child.model)
                .where(column.in_(chunk), child.model.deleted_at.is_(None))
                .order_by(order.position, order.id)
            )
            for row in session.scalars(query):
                values = content.values_of(child.kind, row)
                values[child.parent_field] = copies[getattr(row, child.parent_field)]
                made = content.create(session, child.kind, values)
                next_copies[row.id] = made.id
                created.append((child.kind, made.id))
        if next_copies:
            created += _copy_below(session, child.kind, next_copies)
    return created


def copy_label(text: str, max_length: int) -> str:
    """``text`` with the copy suffix, shortened first where the field would overflow."""
    return text[: max_length - len(COPY_SUFFIX)] + COPY_SUFFIX


def free_slug(session: Session, slug: str) -> str:
    """The first of "slug-copy", "slug-copy-2", ... that no live subject uses."""
    room = _max_length(EntityKind.SUBJECT, "slug")
    number = 1
    while True:
        ending = "-copy" if number == 1 else f"-copy-{number}"
        candidate = slug[: room - len(ending)] + ending
        taken = select(Subject.id).where(Subject.slug == candidate, Subject.deleted_at.is_(None))
        if session.scalar(taken.limit(1)) is None:
            return candidate
        number += 1


def _max_length(kind: EntityKind, name: str) -> int:
    length = next(field.max_length for field in FIELDS[kind.value] if field.name == name)
    assert length is not None, f"{kind.value}.{name} has no length limit"
    return length
