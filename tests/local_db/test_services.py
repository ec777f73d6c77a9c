"""Every curriculum write: good input lands with its outbox entry, bad input lands nowhere."""

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.models import Lesson, OutboxEntry, OutboxOperation, Subject, Topic
from local_db.services import ContentService, ErrorCode, NotFound, ValidationFailed, content
from tests.local_db.factories import Tree, add, add_user, make_tree, valid_values

PARENT_OF = {
    EntityKind.TOPIC: "subject",
    EntityKind.LESSON: "topic",
    EntityKind.EXERCISE: "lesson",
}


@pytest.fixture
def tree(service: ContentService) -> Tree:
    return make_tree(service)


def parent_id(tree: Tree, kind: EntityKind) -> uuid.UUID | None:
    return getattr(tree, PARENT_OF[kind]) if kind in PARENT_OF else None


def row_count(library: Library, kind: EntityKind) -> int:
    with library.read() as session:
        return session.scalar(select(func.count()).select_from(ENTITIES[kind].model)) or 0


def outbox(library: Library) -> dict[uuid.UUID, OutboxEntry]:
    with library.read() as session:
        return {entry.entity_id: entry for entry in session.scalars(select(OutboxEntry))}


def creatable(
    service: ContentService, library: Library, tree: Tree, kind: EntityKind
) -> dict[str, Any]:
    """Valid values for a new row of any kind; a tournament's rows get a tournament."""
    if kind in (EntityKind.TOURNAMENT_PARTICIPATION, EntityKind.MATCH):
        tournament = add(service, EntityKind.TOURNAMENT, None)
        extra = (
            {"user_id": add_user(library)} if kind is EntityKind.TOURNAMENT_PARTICIPATION else {}
        )
        return valid_values(kind, tournament, **extra)
    return valid_values(kind, parent_id(tree, kind))


@pytest.mark.parametrize("kind", list(EntityKind))
def test_create_writes_the_row_and_a_create_entry(
    service: ContentService, library: Library, tree: Tree, kind: EntityKind
) -> None:
    row = service.create(kind, creatable(service, library, tree, kind))
    entry = outbox(library)[row.id]
    assert entry.operation is OutboxOperation.CREATE
    assert entry.entity_type == kind.value
    assert row.version == 0
    assert row.created_at.tzinfo is not None


BAD_INPUT: list[tuple[EntityKind, dict[str, Any], str, str]] = [
    (EntityKind.GRADE, {"name": ""}, "name", "must not be empty"),
    (EntityKind.GRADE, {"name": "x" * 101}, "name", "at most 100"),
    (EntityKind.SUBJECT, {"slug": "Math Basics"}, "slug", "lowercase"),
    (EntityKind.SUBJECT, {"slug": "-math"}, "slug", "hyphen"),
    (EntityKind.SUBJECT, {"name": "two\nlines"}, "name", "single line"),
    (EntityKind.SUBJECT, {"name": 42}, "name", "must be text"),
    (EntityKind.SUBJECT, {"colour": "red"}, "colour", "no field"),
    (EntityKind.TOPIC, {"subject_id": "not-a-uuid"}, "subject_id", "UUID"),
    (EntityKind.TOPIC, {"subject_id": None}, "subject_id", "required"),
    (EntityKind.TOPIC, {"grade_id": str(uuid.UUID(int=7))}, "grade_id", "no grade"),
    (EntityKind.LESSON, {"title": "   "}, "title", "must not be empty"),
    (EntityKind.LESSON, {"topic_id": uuid.UUID(int=9)}, "topic_id", "no topic"),
    (EntityKind.LESSON, {"position": "a0"}, "position", "position key"),
    (EntityKind.LESSON, {"user_id": uuid.UUID(int=11)}, "user_id", "no user"),
    (EntityKind.LESSON, {"published": "yes"}, "published", "true or false"),
    (EntityKind.EXERCISE, {"type": "ESSAY"}, "type", "must be one of"),
    (EntityKind.EXERCISE, {"difficulty": "NIGHTMARE"}, "difficulty", "must be one of"),
    (EntityKind.EXERCISE, {"points": -1}, "points", "at least 0"),
    (EntityKind.EXERCISE, {"points": "many"}, "points", "whole number"),
    (EntityKind.EXERCISE, {"points": True}, "points", "whole number"),
    (EntityKind.EXERCISE, {"answer": "B"}, "answer", "must be an object"),
    (EntityKind.EXERCISE, {"prompt": ""}, "prompt", "must not be empty"),
    (EntityKind.TOURNAMENT, {"start_time": "2026-09-01T09:00:00"}, "start_time", "time zone"),
    (EntityKind.TOURNAMENT, {"start_time": "next week"}, "start_time", "ISO 8601"),
    (EntityKind.TOURNAMENT, {"status": "LIVE"}, "status", "must be one of"),
]


@pytest.mark.parametrize(("kind", "override", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    service: ContentService,
    library: Library,
    tree: Tree,
    kind: EntityKind,
    override: dict[str, Any],
    field: str,
    message: str,
) -> None:
    rows_before, outbox_before = row_count(library, kind), len(outbox(library))
    with pytest.raises(ValidationFailed) as raised:
        service.create(kind, valid_values(kind, parent_id(tree, kind), **override))
    errors = raised.value.errors
    assert any(e.field == field and message in e.message for e in errors), errors
    assert all(e.code is ErrorCode.VALIDATION_ERROR for e in errors)
    assert row_count(library, kind) == rows_before
    assert len(outbox(library)) == outbox_before


def test_an_id_taken_by_another_kind_is_refused(service: ContentService, tree: Tree) -> None:
    with pytest.raises(ValidationFailed, match="id: a subject with id"):
        service.create(
            EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic), entity_id=tree.subject
        )


def test_a_form_gets_every_problem_at_once(service: ContentService, tree: Tree) -> None:
    with pytest.raises(ValidationFailed) as raised:
        service.create(EntityKind.SUBJECT, {"name": "", "slug": "Bad Slug", "icon": "x" * 65})
    assert {e.field for e in raised.value.errors} == {"name", "slug", "icon"}


def test_update_of_one_field_keeps_the_others(service: ContentService, tree: Tree) -> None:
    updated = service.update(EntityKind.LESSON, tree.lesson, {"title": "  Halves and wholes  "})
    assert updated.title == "Halves and wholes"
    assert updated.content.startswith("# Halves")


def test_update_checks_the_whole_exercise(service: ContentService, tree: Tree) -> None:
    service.update(
        EntityKind.EXERCISE,
        tree.exercise,
        {"type": "FILL_IN_THE_BLANK", "prompt": "2 + 2 = ___", "answer": {"blanks": [["4"]]}},
    )
    with pytest.raises(ValidationFailed) as raised:
        service.update(
            EntityKind.EXERCISE, tree.exercise, {"prompt": "2 + 2 = ___ and 3 + 3 = ___"}
        )
    assert raised.value.errors[0].field == "prompt"


def test_update_that_changes_nothing_records_nothing(
    service: ContentService, library: Library, tree: Tree
) -> None:
    entry_before = outbox(library)[tree.lesson].client_mutation_id
    service.update(EntityKind.LESSON, tree.lesson, {"title": "Halves"})
    assert outbox(library)[tree.lesson].client_mutation_id == entry_before


def test_missing_rows_answer_not_found(service: ContentService) -> None:
    with pytest.raises(NotFound) as raised:
        service.update(EntityKind.LESSON, uuid.uuid4(), {"title": "x"})
    assert raised.value.code is ErrorCode.NOT_FOUND


def test_slug_is_unique_among_live_subjects_only(service: ContentService, tree: Tree) -> None:
    service.create(EntityKind.SUBJECT, {"name": "Physics", "slug": "physics"})
    with pytest.raises(ValidationFailed, match="slug: another subject already uses 'physics'"):
        service.create(EntityKind.SUBJECT, {"name": "Physics 2", "slug": "physics"})
    first = service.create(EntityKind.SUBJECT, {"name": "Chemistry", "slug": "chemistry"})
    service.delete(EntityKind.SUBJECT, first.id)
    second = service.create(EntityKind.SUBJECT, {"name": "Chemistry", "slug": "chemistry"})
    with pytest.raises(ValidationFailed, match="slug: another subject"):
        service.restore(EntityKind.SUBJECT, first.id)
    service.update(EntityKind.SUBJECT, second.id, {"slug": "chemistry-2"})
    service.restore(EntityKind.SUBJECT, first.id)


def test_delete_trashes_the_subtree_and_restore_brings_back_exactly_it(
    service: ContentService, library: Library, tree: Tree
) -> None:
    lone = service.create(
        EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic, title="Lone")
    )
    service.delete(EntityKind.LESSON, lone.id)

    trashed = service.delete(EntityKind.SUBJECT, tree.subject)

    assert {entity_id for _, entity_id in trashed} == {
        tree.subject,
        tree.topic,
        tree.lesson,
        tree.exercise,
    }
    restored = service.restore(EntityKind.SUBJECT, tree.subject)
    assert {entity_id for _, entity_id in restored} == {
        tree.subject,
        tree.topic,
        tree.lesson,
        tree.exercise,
    }
    with library.read() as session:
        assert session.get(Lesson, lone.id).deleted_at is not None  # type: ignore[union-attr]
        assert session.get(Topic, tree.topic).deleted_at is None  # type: ignore[union-attr]


def test_delete_and_restore_are_idempotent(service: ContentService, tree: Tree) -> None:
    assert service.delete(EntityKind.LESSON, tree.lesson)
    assert service.delete(EntityKind.LESSON, tree.lesson) == []
    assert service.restore(EntityKind.LESSON, tree.lesson)
    assert service.restore(EntityKind.LESSON, tree.lesson) == []


def test_no_child_under_a_trashed_parent(service: ContentService, tree: Tree) -> None:
    service.delete(EntityKind.TOPIC, tree.topic)
    with pytest.raises(ValidationFailed, match="topic_id: the topic is in the trash"):
        service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic))
    with pytest.raises(ValidationFailed, match="topic_id: the topic is in the trash"):
        service.update(EntityKind.LESSON, _other_lesson(service, tree), {"topic_id": tree.topic})


def _other_lesson(service: ContentService, tree: Tree) -> uuid.UUID:
    topic = service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, tree.subject))
    return service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic.id)).id


def test_restoring_a_child_of_a_trashed_parent_is_refused(
    service: ContentService, tree: Tree
) -> None:
    service.delete(EntityKind.EXERCISE, tree.exercise)
    service.delete(EntityKind.LESSON, tree.lesson)
    with pytest.raises(ValidationFailed, match="lesson_id: the lesson is in the trash"):
        service.restore(EntityKind.EXERCISE, tree.exercise)


def test_editing_a_trashed_row_is_refused(service: ContentService, tree: Tree) -> None:
    service.delete(EntityKind.LESSON, tree.lesson)
    with pytest.raises(ValidationFailed, match="in the trash"):
        service.update(EntityKind.LESSON, tree.lesson, {"title": "Ghost"})


def test_a_grade_in_use_cannot_be_deleted(service: ContentService, tree: Tree) -> None:
    with pytest.raises(ValidationFailed, match="1 topic"):
        service.delete(EntityKind.GRADE, tree.grade)
    service.update(EntityKind.TOPIC, tree.topic, {"grade_id": None})
    service.delete(EntityKind.GRADE, tree.grade)


def titles(library: Library, topic: uuid.UUID) -> list[str]:
    with library.read() as session:
        query = (
            select(Lesson.title)
            .where(Lesson.topic_id == topic, Lesson.deleted_at.is_(None))
            .order_by(Lesson.position, Lesson.id)
        )
        return list(session.scalars(query))


def test_move_reorders_siblings_writing_one_row(
    service: ContentService, library: Library, tree: Tree
) -> None:
    for title in ["B", "C", "D"]:
        service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic, title=title))
    assert titles(library, tree.topic) == ["Halves", "B", "C", "D"]
    with library.write() as session:
        session.execute(OutboxEntry.__table__.delete())
        for lesson in session.scalars(select(Lesson)):
            lesson.version = 1

    d = next(lesson for lesson in _lessons(library) if lesson.title == "D")
    service.move(EntityKind.LESSON, d.id, index=1)

    assert titles(library, tree.topic) == ["Halves", "D", "B", "C"]
    entries = outbox(library)
    assert list(entries) == [d.id]
    assert entries[d.id].changed_fields == ["position"]


def _lessons(library: Library) -> list[Lesson]:
    with library.read() as session:
        return list(session.scalars(select(Lesson)))


def test_move_to_another_parent(service: ContentService, library: Library, tree: Tree) -> None:
    other = service.create(
        EntityKind.TOPIC, valid_values(EntityKind.TOPIC, tree.subject, name="Decimals")
    )
    service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, other.id, title="Tenths"))
    service.move(EntityKind.LESSON, tree.lesson, index=0, scope={"topic_id": other.id})
    assert titles(library, other.id) == ["Halves", "Tenths"]
    assert titles(library, tree.topic) == []


def test_move_refuses_a_trashed_parent_and_foreign_scopes(
    service: ContentService, tree: Tree
) -> None:
    other = service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, tree.subject))
    service.delete(EntityKind.TOPIC, other.id)
    with pytest.raises(ValidationFailed, match="topic_id: the topic is in the trash"):
        service.move(EntityKind.LESSON, tree.lesson, index=0, scope={"topic_id": other.id})
    with pytest.raises(ValidationFailed, match="cannot move by lesson_id"):
        service.move(EntityKind.LESSON, tree.lesson, index=0, scope={"lesson_id": tree.lesson})
    with pytest.raises(ValidationFailed, match="have no order"):
        service.move(EntityKind.TOURNAMENT, uuid.uuid4(), index=0)


def test_moving_a_topic_between_grades(
    service: ContentService, library: Library, tree: Tree
) -> None:
    grade = service.create(EntityKind.GRADE, {"name": "Grade 9"})
    service.move(EntityKind.TOPIC, tree.topic, index=0, scope={"grade_id": grade.id})
    with library.read() as session:
        assert session.get(Topic, tree.topic).grade_id == grade.id  # type: ignore[union-attr]


def test_crowded_positions_are_renumbered(
    service: ContentService, library: Library, tree: Tree
) -> None:
    """Inserting again and again at the same place eventually needs fresh keys for all."""
    first = service.create(
        EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic, title="X")
    )
    service.move(EntityKind.LESSON, first.id, index=0)
    order = ["X", "Halves"]
    for step in range(400):
        row = service.create(
            EntityKind.LESSON, valid_values(EntityKind.LESSON, tree.topic, title=f"n{step}")
        )
        service.move(EntityKind.LESSON, row.id, index=1)
        order.insert(1, f"n{step}")
    assert titles(library, tree.topic) == order
    assert max(len(lesson.position) for lesson in _lessons(library)) <= 64


def test_appending_thousands_of_siblings_respaces_instead_of_failing(
    service: ContentService, library: Library, tree: Tree
) -> None:
    """Keys grow with every append at the end; a full list is respaced, not refused."""
    with library.write() as session:
        for step in range(4_000):
            content.create(
                session,
                EntityKind.LESSON,
                valid_values(EntityKind.LESSON, tree.topic, title=f"t{step:04}"),
            )
    assert titles(library, tree.topic) == ["Halves"] + [f"t{step:04}" for step in range(4_000)]
    assert max(len(lesson.position) for lesson in _lessons(library)) <= 64


def test_restoring_a_subject_refuses_to_bring_topics_back_under_a_trashed_grade(
    service: ContentService, library: Library, tree: Tree
) -> None:
    """Trashing the subject frees its grade of live topics; the grade may then go too."""
    service.delete(EntityKind.SUBJECT, tree.subject)
    service.delete(EntityKind.GRADE, tree.grade)

    with pytest.raises(ValidationFailed, match=r"grade_id: topic .* grade that is in the trash"):
        service.restore(EntityKind.SUBJECT, tree.subject)

    with library.read() as session:
        for model, entity_id in [(Subject, tree.subject), (Topic, tree.topic)]:
            assert session.get(model, entity_id).deleted_at is not None  # type: ignore[union-attr]
    service.restore(EntityKind.GRADE, tree.grade)
    assert len(service.restore(EntityKind.SUBJECT, tree.subject)) == 4
