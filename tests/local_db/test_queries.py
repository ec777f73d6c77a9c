"""The navigator's listings: order, trash, grade groups, child flags, paging and index use."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.queries import NO_GRADE_LABEL, NodeKind, NodeRow, children
from local_db.services import ContentService
from tests.local_db.factories import add

LONG_PROMPT = "  Read the story below.\n\n" + "Once upon a time " * 40


@dataclass(frozen=True)
class Curriculum:
    """Ids of a small library whose creation order differs from its display order."""

    fifth: uuid.UUID
    seventh: uuid.UUID
    math: uuid.UUID
    art: uuid.UUID
    fractions: uuid.UUID
    puzzles: uuid.UUID
    halves: uuid.UUID
    quarters: uuid.UUID


@pytest.fixture
def curriculum(service: ContentService) -> Curriculum:
    seventh = add(service, EntityKind.GRADE, None, name="Seventh")
    fifth = add(service, EntityKind.GRADE, None, name="Fifth")
    service.move(EntityKind.GRADE, fifth, index=0)
    ninth = add(service, EntityKind.GRADE, None, name="Ninth")

    math = add(service, EntityKind.SUBJECT, None, name="Mathematics")
    art = add(service, EntityKind.SUBJECT, None, name="Art")
    gone = add(service, EntityKind.SUBJECT, None, name="Latin")
    service.delete(EntityKind.SUBJECT, gone)
    service.move(EntityKind.SUBJECT, art, index=0)

    topic = EntityKind.TOPIC
    geometry = add(service, topic, math, name="Geometry", grade_id=seventh)
    fractions = add(service, topic, math, name="Fractions", grade_id=fifth)
    add(service, topic, math, name="Decimals", grade_id=fifth)
    puzzles = add(service, topic, math, name="Puzzles")
    service.delete(topic, add(service, topic, math, name="Logic", grade_id=ninth))
    service.delete(topic, add(service, topic, math, name="Old angles", grade_id=seventh))
    service.move(topic, fractions, index=1)

    lesson = EntityKind.LESSON
    halves = add(service, lesson, fractions, title="Halves")
    quarters = add(service, lesson, fractions, title="Quarters")
    service.delete(lesson, add(service, lesson, fractions, title="Thirds"))
    service.move(lesson, quarters, index=0)
    service.delete(lesson, add(service, lesson, geometry, title="Angles"))

    exercise = EntityKind.EXERCISE
    add(service, exercise, halves, prompt="Which is half of 4?")
    add(service, exercise, halves, type="TRUE_FALSE", prompt=LONG_PROMPT, answer={"correct": True})
    service.delete(exercise, add(service, exercise, halves, prompt="Retired question?"))
    return Curriculum(fifth, seventh, math, art, fractions, puzzles, halves, quarters)


@pytest.fixture
def session(library: Library) -> Iterator[Session]:
    with library.read() as opened:
        yield opened


def labels(rows: list[NodeRow]) -> list[str]:
    return [row.label for row in rows]


def find(rows: list[NodeRow], label: str) -> NodeRow:
    return next(row for row in rows if row.label == label)


def walk(session: Session, parent: NodeRow | None = None) -> Iterator[NodeRow]:
    for row in children(session, parent):
        yield row
        yield from walk(session, row)


def test_subjects_follow_position_and_leave_out_the_trash(
    session: Session, curriculum: Curriculum
) -> None:
    subjects = children(session, None)
    assert labels(subjects) == ["Art", "Mathematics"]
    assert [row.kind for row in subjects] == [NodeKind.SUBJECT] * 2
    assert [row.id for row in subjects] == [curriculum.art, curriculum.math]


def test_grade_groups_follow_grade_order_and_end_with_no_grade(
    session: Session, curriculum: Curriculum
) -> None:
    groups = children(session, find(children(session, None), "Mathematics"))
    # Ninth is left out: its only topic is in the trash.
    assert labels(groups) == ["Fifth", "Seventh", NO_GRADE_LABEL]
    assert [row.id for row in groups] == [curriculum.fifth, curriculum.seventh, None]
    assert {row.kind for row in groups} == {NodeKind.GRADE_GROUP}
    assert all(row.has_children and row.parent_id == curriculum.math for row in groups)


def test_no_grade_group_only_when_a_topic_lacks_a_grade(
    service: ContentService, session: Session, curriculum: Curriculum
) -> None:
    service.delete(EntityKind.TOPIC, curriculum.puzzles)
    groups = children(session, find(children(session, None), "Mathematics"))
    assert labels(groups) == ["Fifth", "Seventh"]


def test_topics_are_listed_per_grade_group(session: Session, curriculum: Curriculum) -> None:
    fifth, seventh, ungraded = children(session, find(children(session, None), "Mathematics"))
    assert labels(children(session, fifth)) == ["Decimals", "Fractions"]
    assert labels(children(session, seventh)) == ["Geometry"]
    assert labels(children(session, ungraded)) == ["Puzzles"]


def test_lessons_and_exercises_in_order_without_the_trash(
    session: Session, curriculum: Curriculum
) -> None:
    lessons = children(session, row_for(session, NodeKind.TOPIC, curriculum.fractions))
    assert labels(lessons) == ["Quarters", "Halves"]
    exercises = children(session, find(lessons, "Halves"))
    assert labels(exercises) == [
        "Which is half of 4? — Multiple choice",
        "Read the story below. Once upon a time Once upon a time Once upon a time Once u…"
        " — True false",
    ]
    assert children(session, exercises[0]) == []


def test_an_exercise_label_is_one_short_line_and_its_detail_says_more(
    session: Session, curriculum: Curriculum
) -> None:
    long = children(session, row_for(session, NodeKind.LESSON, curriculum.halves))[1]
    excerpt = long.label.removesuffix(" — True false")
    assert "\n" not in long.label and len(excerpt) == 80 and excerpt.endswith("…")
    assert long.detail.startswith("True false, medium: Read the story below. Once upon")
    assert len(long.detail) > len(long.label)


def test_has_children_reflects_live_children_only(session: Session, curriculum: Curriculum) -> None:
    flags = {(row.kind, row.label): row.has_children for row in walk(session)}
    assert flags[(NodeKind.SUBJECT, "Mathematics")] is True
    assert flags[(NodeKind.SUBJECT, "Art")] is False
    assert flags[(NodeKind.TOPIC, "Fractions")] is True
    assert flags[(NodeKind.TOPIC, "Geometry")] is False  # its only lesson is trashed
    assert flags[(NodeKind.LESSON, "Halves")] is True
    assert flags[(NodeKind.LESSON, "Quarters")] is False
    assert not any(has for (kind, _), has in flags.items() if kind is NodeKind.EXERCISE)


def test_equal_positions_fall_back_to_id_order(service: ContentService, session: Session) -> None:
    subject = add(service, EntityKind.SUBJECT, None)
    topic = add(service, EntityKind.TOPIC, subject)
    ids = [add(service, EntityKind.LESSON, topic, title=f"L{n}", position="V") for n in range(4)]
    lessons = children(session, row_for(session, NodeKind.TOPIC, topic))
    assert [row.id for row in lessons] == sorted(ids, key=lambda value: value.hex)


@pytest.mark.parametrize("limit", [1, 2])
def test_pages_join_up_to_the_whole_list_at_every_level(
    service: ContentService, session: Session, curriculum: Curriculum, limit: int
) -> None:
    for n in range(3):  # ties in position, so pages must split on the id as well
        add(service, EntityKind.LESSON, curriculum.fractions, title=f"Tie {n}", position="a")
    parents: list[NodeRow | None] = [None, *walk(session)]
    for parent in parents:
        whole = children(session, parent)
        paged: list[NodeRow] = []
        while True:
            page = children(session, parent, after=paged[-1] if paged else None, limit=limit)
            paged += page
            if len(page) < limit:
                break
        assert paged == whole


def row_for(session: Session, kind: NodeKind, row_id: uuid.UUID) -> NodeRow:
    return next(row for row in walk(session) if row.kind is kind and row.id == row_id)


def query_plans(library: Library, parent: NodeRow) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement children() runs for ``parent``."""
    statements: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    with library.read() as session:
        event.listen(library.engine, "before_cursor_execute", capture)
        try:
            children(session, parent, after=None, limit=50)
        finally:
            event.remove(library.engine, "before_cursor_execute", capture)
        connection = session.connection()
        return [
            detail
            for statement, parameters in statements
            if statement.lstrip().upper().startswith("SELECT")
            for *_, detail in connection.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {statement}", parameters
            )
        ]


@pytest.mark.parametrize(
    ("kind", "label", "index"),
    [
        (NodeKind.SUBJECT, "Mathematics", "idx_topics_subject_id_grade_id_position"),
        (NodeKind.GRADE_GROUP, "Fifth", "idx_topics_subject_id_grade_id_position"),
        (NodeKind.TOPIC, "Fractions", "idx_lessons_topic_id_position"),
        (NodeKind.LESSON, "Halves", "idx_exercises_lesson_id_position"),
    ],
)
def test_listing_children_searches_an_index_and_scans_no_content_table(
    library: Library,
    session: Session,
    curriculum: Curriculum,
    kind: NodeKind,
    label: str,
    index: str,
) -> None:
    parent = next(row for row in walk(session) if row.kind is kind and row.label == label)
    plans = query_plans(library, parent)
    assert any(line.startswith("SEARCH") and index in line for line in plans), plans
    # Grades are a short table, walked once per subject; the content tables never are.
    scans = [line for line in plans if line.startswith("SCAN")]
    assert set(scans) <= {"SCAN grades", "SCAN CONSTANT ROW"}, plans
