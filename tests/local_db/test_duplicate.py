"""Duplicating a row copies its whole live subtree, exactly, in one transaction."""

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from content_rules.answers import default_answer
from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.models import OutboxEntry, OutboxOperation, Subject
from local_db.services import ContentService, ValidationFailed
from local_db.services.content import values_of
from local_db.services.duplicate import COPY_SUFFIX, LABEL_FIELDS
from tests.local_db.factories import Tree, add, make_tree

EXERCISE_TYPES = (
    "MULTIPLE_CHOICE",
    "TRUE_FALSE",
    "SHORT_ANSWER",
    "FILL_IN_THE_BLANK",
    "MATCHING",
    "ORDERING",
)
Shape = tuple[tuple[tuple[str, Any], ...], tuple["Shape", ...]]
"""A row's values (without id and parent) and its live children's shapes, in order."""


@pytest.fixture
def tree(service: ContentService) -> Tree:
    return make_tree(service)


def exercise(
    service: ContentService, lesson: uuid.UUID, exercise_type: str, number: int
) -> uuid.UUID:
    blank = " ___" if exercise_type == "FILL_IN_THE_BLANK" else ""
    values = {
        "type": exercise_type,
        "prompt": f"Question {number}{blank}",
        "answer": default_answer(exercise_type),
        "difficulty": "HARD",
        "explanation": f"Because {number}",
        "points": 10 + number,
    }
    return add(service, EntityKind.EXERCISE, lesson, **values)


def shape(library: Library, kind: EntityKind, row_id: uuid.UUID) -> Shape:
    with library.read() as session:
        return _shape(session, kind, row_id)


def _shape(session: Any, kind: EntityKind, row_id: uuid.UUID) -> Shape:
    spec = ENTITIES[kind]
    row = session.get(spec.model, row_id)
    values = values_of(kind, row)
    values.pop(spec.parent_field or "", None)
    below: list[Shape] = []
    for child in (c for c in ENTITIES.values() if c.parent_kind is kind):
        column = getattr(child.model, str(child.parent_field))
        query = (
            select(child.model.id)
            .where(column == row_id, child.model.deleted_at.is_(None))
            .order_by(child.ordered_model.position, child.model.id)
        )
        below += [_shape(session, child.kind, child_id) for child_id in session.scalars(query)]
    return tuple(sorted(values.items())), tuple(below)


def relabelled(original: Shape, kind: EntityKind, **changes: Any) -> Shape:
    """The shape a copy's top row should have: the original's, with the copy's label."""
    values = dict(original[0])
    label = LABEL_FIELDS[kind]
    values[label] = values[label] + COPY_SUFFIX
    values.update(changes)
    values.pop("position")
    return tuple(sorted(values.items())), original[1]


def without_position(found: Shape) -> Shape:
    return tuple(item for item in found[0] if item[0] != "position"), found[1]


def settle_outbox(library: Library) -> None:
    """As if a sync had sent every change, so only the copy's entries remain live."""
    with library.write() as session:
        session.execute(update(OutboxEntry).values(deleted_at=OutboxEntry.updated_at))


def live_entries(library: Library) -> dict[uuid.UUID, OutboxOperation]:
    with library.read() as session:
        rows = session.execute(
            select(OutboxEntry.entity_id, OutboxEntry.operation).where(
                OutboxEntry.deleted_at.is_(None)
            )
        )
        return {entity_id: operation for entity_id, operation in rows}


def test_a_lesson_with_exercises_of_every_type_is_copied_exactly(
    library: Library, service: ContentService, tree: Tree
) -> None:
    exercises = [exercise(service, tree.lesson, t, n) for n, t in enumerate(EXERCISE_TYPES)]
    service.delete(EntityKind.EXERCISE, exercises[2])  # trashed rows are not copied
    later = add(service, EntityKind.LESSON, tree.topic, title="Thirds")
    settle_outbox(library)
    before = shape(library, EntityKind.LESSON, tree.lesson)

    copied = service.duplicate(EntityKind.LESSON, tree.lesson)

    (kind, top), *below = copied
    assert kind is EntityKind.LESSON
    assert [k for k, _ in below] == [EntityKind.EXERCISE] * 6  # the tree's own and five more
    copy = shape(library, EntityKind.LESSON, top)
    assert without_position(copy) == relabelled(before, EntityKind.LESSON)
    assert {row_id for _, row_id in copied}.isdisjoint({tree.lesson, tree.exercise, *exercises})
    # The original and its rows are untouched, and only the copied rows have outbox entries.
    assert shape(library, EntityKind.LESSON, tree.lesson) == before
    assert live_entries(library) == {row_id: OutboxOperation.CREATE for _, row_id in copied}
    # Right after the original, before the lesson that followed it.
    with library.read() as session:
        positions = {
            row_id: session.get(ENTITIES[EntityKind.LESSON].model, row_id).position  # type: ignore[union-attr]
            for row_id in (tree.lesson, top, later)
        }
    assert positions[tree.lesson] < positions[top] < positions[later]


def test_a_subject_copy_gets_a_free_slug_and_its_whole_tree(
    library: Library, service: ContentService, tree: Tree
) -> None:
    with library.read() as session:
        slug = session.scalar(select(Subject.slug).where(Subject.id == tree.subject))
    first = service.duplicate(EntityKind.SUBJECT, tree.subject)
    second = service.duplicate(EntityKind.SUBJECT, tree.subject)
    assert [k for k, _ in first] == [
        EntityKind.SUBJECT,
        EntityKind.TOPIC,
        EntityKind.LESSON,
        EntityKind.EXERCISE,
    ]
    with library.read() as session:
        slugs = [session.get(Subject, rows[0][1]).slug for rows in (first, second)]  # type: ignore[union-attr]
        names = list(session.scalars(select(Subject.name).order_by(Subject.position)))
    assert slugs == [f"{slug}-copy", f"{slug}-copy-2"]
    # Each copy goes right after the original, so the newest copy comes first.
    assert names == ["Mathematics", "Mathematics (copy)", "Mathematics (copy)"]
    assert (
        shape(library, EntityKind.SUBJECT, first[0][1])[1]
        == (shape(library, EntityKind.SUBJECT, tree.subject)[1])
    )


def test_a_long_label_is_shortened_to_fit_the_suffix(
    library: Library, service: ContentService, tree: Tree
) -> None:
    topic = add(service, EntityKind.TOPIC, tree.subject, name="x" * 200)
    [(_, copy), *_rows] = service.duplicate(EntityKind.TOPIC, topic)
    name = dict(shape(library, EntityKind.TOPIC, copy)[0])["name"]
    assert name == "x" * (200 - len(COPY_SUFFIX)) + COPY_SUFFIX


def test_an_exercise_copy_keeps_its_prompt_whole_even_at_the_limit(
    library: Library, service: ContentService, tree: Tree
) -> None:
    prompt = "x" * (10_000 - 4) + " ___"  # a blank at the very end of the longest prompt
    values = {"type": "FILL_IN_THE_BLANK", "prompt": prompt}
    values["answer"] = default_answer("FILL_IN_THE_BLANK")
    original = add(service, EntityKind.EXERCISE, tree.lesson, **values)
    [(kind, copy)] = service.duplicate(EntityKind.EXERCISE, original)
    assert kind is EntityKind.EXERCISE
    assert dict(shape(library, EntityKind.EXERCISE, copy)[0])["prompt"] == prompt


def test_a_trashed_row_or_a_grade_is_refused_and_nothing_is_written(
    library: Library, service: ContentService, tree: Tree
) -> None:
    service.delete(EntityKind.LESSON, tree.lesson)
    settle_outbox(library)
    with pytest.raises(ValidationFailed):
        service.duplicate(EntityKind.LESSON, tree.lesson)
    with pytest.raises(ValidationFailed):
        service.duplicate(EntityKind.GRADE, tree.grade)
    assert live_entries(library) == {}


def test_a_chosen_copy_id_is_the_top_rows_id(service: ContentService, tree: Tree) -> None:
    chosen = uuid.uuid4()
    assert service.duplicate(EntityKind.TOPIC, tree.topic, copy_id=chosen)[0] == (
        EntityKind.TOPIC,
        chosen,
    )


# --- the property: any tree, with any rows trashed, is copied exactly

exercise_spec = st.tuples(st.sampled_from(EXERCISE_TYPES), st.booleans())
lesson_spec = st.tuples(st.booleans(), st.lists(exercise_spec, max_size=4))
topic_spec = st.tuples(st.booleans(), st.lists(lesson_spec, max_size=3))
tree_spec = st.lists(topic_spec, max_size=3)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One library for every example: each builds its own subject in it."""
    path: Path = tmp_path_factory.mktemp("duplicate") / "library.sqlite3"
    with Library.open(path) as opened:
        yield opened


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=tree_spec)
def test_any_tree_is_copied_exactly_with_an_outbox_entry_per_row(
    shared: Library, spec: list[Any]
) -> None:
    service = ContentService(shared)
    subject = add(service, EntityKind.SUBJECT, None)
    built = {subject}
    trash: list[tuple[EntityKind, uuid.UUID]] = []
    for topic_trashed, lessons in spec:
        topic = add(service, EntityKind.TOPIC, subject)
        built.add(topic)
        if topic_trashed:
            trash.append((EntityKind.TOPIC, topic))
        for lesson_trashed, exercises in lessons:
            lesson = add(service, EntityKind.LESSON, topic)
            built.add(lesson)
            if lesson_trashed:
                trash.append((EntityKind.LESSON, lesson))
            for number, (exercise_type, exercise_trashed) in enumerate(exercises):
                made = exercise(service, lesson, exercise_type, number)
                built.add(made)
                if exercise_trashed:
                    trash.append((EntityKind.EXERCISE, made))
    for kind, row_id in reversed(trash):  # children first, so each is trashed on its own
        service.delete(kind, row_id)
    settle_outbox(shared)
    before = shape(shared, EntityKind.SUBJECT, subject)

    copied = service.duplicate(EntityKind.SUBJECT, subject)

    copy = shape(shared, EntityKind.SUBJECT, copied[0][1])
    slug = dict(copy[0])["slug"]
    assert without_position(copy) == relabelled(before, EntityKind.SUBJECT, slug=slug)
    assert shape(shared, EntityKind.SUBJECT, subject) == before
    assert len(copied) == count(before)
    assert live_entries(shared) == {row_id: OutboxOperation.CREATE for _, row_id in copied}
    assert built.isdisjoint(row_id for _, row_id in copied)
    settle_outbox(shared)


def count(found: Shape) -> int:
    return 1 + sum(count(child) for child in found[1])
