"""The navigator's read side: one page of a node's children at a time.

The studio's tree asks for the children of one node when the author expands it, so a
library of a million exercises costs nothing until someone opens a lesson. Below the
subjects every listing is an index search on its parent:
idx_topics_subject_id_grade_id_position, idx_lessons_topic_id_position and
idx_exercises_lesson_id_position; only the short subjects and grades tables are walked
whole. Listings hold live rows only, order siblings by (position, id) as the services
do, and page by keyset (after the last row seen) rather than OFFSET, so the thousandth
page costs what the first does.
``has_children`` is an EXISTS probe, which stops at the first live child; a count would
read every one.
"""

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import Boolean, Row, Select, and_, exists, func, literal, select, tuple_, union_all
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.models import (
    Difficulty,
    Exercise,
    ExerciseType,
    Grade,
    Lesson,
    Ordered,
    OutboxEntry,
    OutboxState,
    Subject,
    SyncConflict,
    Topic,
)

LABEL_LENGTH = 80
DETAIL_LENGTH = 300
NO_GRADE_LABEL = "No grade"
# Sorts after every position key (base-62 digits), so "No grade" comes last and pages too.
NO_GRADE_POSITION = "~"
_WHITESPACE = " \t\r\n"


class NodeKind(enum.StrEnum):
    """What a navigator row stands for; entity kinds keep their EntityKind value."""

    SUBJECT = "subject"
    GRADE_GROUP = "grade_group"
    TOPIC = "topic"
    LESSON = "lesson"
    EXERCISE = "exercise"


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One row of the navigator, with just enough to show it and to list its children.

    ``id`` is the row's own id; for a grade group it is the grade's, None for "No grade".
    ``parent_id`` is the row it belongs to in the database (a grade group's or a topic's
    subject, a lesson's topic, an exercise's lesson): a grade group needs it to find its
    topics. ``position`` is the sibling-order key, where the next page starts.
    ``detail`` is a longer description for a tooltip, where the label had to be cut.
    """

    kind: NodeKind
    id: uuid.UUID | None
    label: str
    has_children: bool
    position: str = ""
    parent_id: uuid.UUID | None = None
    detail: str = ""


def children(
    session: Session,
    parent: NodeRow | None,
    *,
    after: NodeRow | None = None,
    limit: int | None = None,
) -> list[NodeRow]:
    """The children of ``parent`` (the subjects for None) that sort after ``after``.

    At most ``limit`` rows are returned, so a page shorter than ``limit`` ends the list.
    """
    if parent is None:
        return subjects(session, after=after, limit=limit)
    if parent.kind is NodeKind.SUBJECT:
        return grade_groups(session, _own_id(parent), after=after, limit=limit)
    if parent.kind is NodeKind.GRADE_GROUP:
        subject_id = _required(parent.parent_id, parent)
        return topics(session, subject_id, parent.id, after=after, limit=limit)
    if parent.kind is NodeKind.TOPIC:
        return lessons(session, _own_id(parent), after=after, limit=limit)
    if parent.kind is NodeKind.LESSON:
        return exercises(session, _own_id(parent), after=after, limit=limit)
    return []


def subjects(
    session: Session, *, after: NodeRow | None = None, limit: int | None = None
) -> list[NodeRow]:
    has_topics = exists().where(Topic.subject_id == Subject.id, Topic.deleted_at.is_(None))
    query = select(Subject.id, Subject.name, Subject.position, has_topics).where(
        Subject.deleted_at.is_(None)
    )
    return [
        NodeRow(NodeKind.SUBJECT, row_id, name, has, position)
        for row_id, name, position, has in _page(session, query, Subject, after, limit)
    ]


def grade_groups(
    session: Session,
    subject_id: uuid.UUID,
    *,
    after: NodeRow | None = None,
    limit: int | None = None,
) -> list[NodeRow]:
    """The grades that have live topics in the subject, then "No grade" if any lack one.

    A grade's own trash state is not consulted: the services refuse to trash a grade that
    live topics use, and should a sync ever produce that state, hiding live topics would
    be worse than listing them under their grade.
    """
    live_topics = and_(Topic.subject_id == subject_id, Topic.deleted_at.is_(None))
    graded = select(Grade.id, Grade.name, Grade.position).where(
        exists().where(live_topics, Topic.grade_id == Grade.id)
    )
    groups = [
        NodeRow(NodeKind.GRADE_GROUP, grade_id, name, True, position, subject_id)
        for grade_id, name, position in session.execute(graded.order_by(Grade.position, Grade.id))
    ]
    if session.scalar(select(exists().where(live_topics, Topic.grade_id.is_(None)))):
        groups.append(
            NodeRow(NodeKind.GRADE_GROUP, None, NO_GRADE_LABEL, True, NO_GRADE_POSITION, subject_id)
        )
    if after is not None:
        groups = [group for group in groups if _sort_key(group) > _sort_key(after)]
    return groups if limit is None else groups[:limit]


def topics(
    session: Session,
    subject_id: uuid.UUID,
    grade_id: uuid.UUID | None,
    *,
    after: NodeRow | None = None,
    limit: int | None = None,
) -> list[NodeRow]:
    """The live topics of a subject in one grade, or without a grade for None."""
    in_grade = Topic.grade_id.is_(None) if grade_id is None else Topic.grade_id == grade_id
    has_lessons = exists().where(Lesson.topic_id == Topic.id, Lesson.deleted_at.is_(None))
    query = select(Topic.id, Topic.name, Topic.position, has_lessons).where(
        Topic.subject_id == subject_id, in_grade, Topic.deleted_at.is_(None)
    )
    return [
        NodeRow(NodeKind.TOPIC, row_id, name, has, position, subject_id)
        for row_id, name, position, has in _page(session, query, Topic, after, limit)
    ]


def lessons(
    session: Session, topic_id: uuid.UUID, *, after: NodeRow | None = None, limit: int | None = None
) -> list[NodeRow]:
    has_exercises = exists().where(Exercise.lesson_id == Lesson.id, Exercise.deleted_at.is_(None))
    query = select(Lesson.id, Lesson.title, Lesson.position, has_exercises).where(
        Lesson.topic_id == topic_id, Lesson.deleted_at.is_(None)
    )
    return [
        NodeRow(NodeKind.LESSON, row_id, title, has, position, topic_id)
        for row_id, title, position, has in _page(session, query, Lesson, after, limit)
    ]


def exercises(
    session: Session,
    lesson_id: uuid.UUID,
    *,
    after: NodeRow | None = None,
    limit: int | None = None,
) -> list[NodeRow]:
    """Exercises labelled by the start of their prompt; only that start is read.

    Prompts may be 10,000 characters; the database cuts them so a long lesson does not
    drag whole prompts into memory for a one-line label.
    """
    opening = func.substr(func.ltrim(Exercise.prompt, _WHITESPACE), 1, DETAIL_LENGTH + 1)
    query = select(
        Exercise.id, Exercise.type, Exercise.difficulty, opening, Exercise.position
    ).where(Exercise.lesson_id == lesson_id, Exercise.deleted_at.is_(None))
    rows = []
    for row_id, exercise_type, difficulty, prompt, position in _page(
        session, query, Exercise, after, limit
    ):
        label, detail = _exercise_text(exercise_type, difficulty, prompt)
        rows.append(NodeRow(NodeKind.EXERCISE, row_id, label, False, position, lesson_id, detail))
    return rows


def _exercise_text(
    exercise_type: ExerciseType, difficulty: Difficulty, prompt: str
) -> tuple[str, str]:
    """An exercise's label and tooltip detail from the start of its prompt."""
    text = " ".join(prompt.split())
    kind = type_label(exercise_type)
    label = f"{_shorten(text, LABEL_LENGTH)} — {kind}"
    return label, f"{kind}, {difficulty.value.lower()}: {_shorten(text, DETAIL_LENGTH)}"


def type_label(exercise_type: ExerciseType) -> str:
    """MULTIPLE_CHOICE -> "Multiple choice", as authors read it."""
    return exercise_type.value.replace("_", " ").capitalize()


_Columns = TypeVarTuple("_Columns")


def _page(
    session: Session,
    query: Select[*_Columns],
    model: type[Ordered],
    after: NodeRow | None,
    limit: int | None,
) -> Sequence[Row[*_Columns]]:
    """Order by (position, id) and start after ``after``.

    SQLite turns the row-value comparison into a range on the (parent, position) index,
    so a page starts where the previous one ended instead of skipping rows as OFFSET does.
    """
    if after is not None:
        query = query.where(tuple_(model.position, model.id) > (after.position, _own_id(after)))
    query = query.order_by(model.position, model.id)
    if limit is not None:
        query = query.limit(limit)
    return session.execute(query).all()


def _sort_key(row: NodeRow) -> tuple[str, str]:
    """(position, id) as SQLite compares them: ids are stored as 32 hex digits."""
    return row.position, row.id.hex if row.id is not None else ""


def _shorten(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    return text[: length - 1].rstrip() + "…"


def _own_id(row: NodeRow) -> uuid.UUID:
    return _required(row.id, row)


def _required(value: uuid.UUID | None, row: NodeRow) -> uuid.UUID:
    if value is None:
        raise ValueError(f"{row.kind.value} row {row.label!r} has no id to list children by")
    return value


class SyncMark(enum.IntEnum):
    """A row's sync state as the navigator marks it; a higher value outranks a lower one."""

    PENDING = 1
    REJECTED = 2
    CONFLICT = 3


def sync_marks(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, SyncMark]:
    """The strongest sync mark of each of ``ids`` that has one, in a single statement.

    The navigator asks once per page of nodes it shows: live outbox entries say pending or
    rejected, open conflicts say conflict. Ids are unique across tables, so the entity
    type need not be matched.
    """
    if not ids:
        return {}
    rejected = OutboxEntry.state == OutboxState.REJECTED
    # Naming every type lets SQLite search the (entity_type, entity_id) indexes instead
    # of scanning a million outbox entries per page.
    types = [kind.value for kind in EntityKind]
    entries = select(OutboxEntry.entity_id, rejected, literal(False, Boolean())).where(
        OutboxEntry.entity_type.in_(types),
        OutboxEntry.entity_id.in_(ids),
        OutboxEntry.deleted_at.is_(None),
    )
    conflicts = select(
        SyncConflict.entity_id, literal(False, Boolean()), literal(True, Boolean())
    ).where(
        SyncConflict.entity_type.in_(types),
        SyncConflict.entity_id.in_(ids),
        SyncConflict.deleted_at.is_(None),
    )
    marks: dict[uuid.UUID, SyncMark] = {}
    for row_id, is_rejected, is_conflict in session.execute(union_all(entries, conflicts)):
        mark = _mark(bool(is_rejected), bool(is_conflict))
        marks[row_id] = max(mark, marks.get(row_id, mark))
    return marks


def node_label(session: Session, kind: NodeKind, row_id: uuid.UUID) -> tuple[str, str] | None:
    """The (label, detail) the listings give one row, or None if it is gone or trashed.

    The navigator asks after a save, to show a rename without reading the tree again.
    """
    if kind is NodeKind.EXERCISE:
        opening = func.substr(func.ltrim(Exercise.prompt, _WHITESPACE), 1, DETAIL_LENGTH + 1)
        found = session.execute(
            select(Exercise.type, Exercise.difficulty, opening).where(
                Exercise.id == row_id, Exercise.deleted_at.is_(None)
            )
        ).first()
        return None if found is None else _exercise_text(*found)
    columns = {
        NodeKind.SUBJECT: (Subject.name, Subject),
        NodeKind.GRADE_GROUP: (Grade.name, Grade),
        NodeKind.TOPIC: (Topic.name, Topic),
        NodeKind.LESSON: (Lesson.title, Lesson),
    }
    column, model = columns[kind]
    label = session.scalar(select(column).where(model.id == row_id, model.deleted_at.is_(None)))
    return None if label is None else (label, "")


def _mark(rejected: bool, conflict: bool) -> SyncMark:
    if conflict:
        return SyncMark.CONFLICT
    return SyncMark.REJECTED if rejected else SyncMark.PENDING
