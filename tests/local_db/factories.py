"""Small builders for a curriculum, so tests say what they need and not how to make it."""

import uuid
from dataclasses import dataclass
from typing import Any

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import User, UserRole
from local_db.services import ContentService


@dataclass(frozen=True)
class Tree:
    grade: uuid.UUID
    subject: uuid.UUID
    topic: uuid.UUID
    lesson: uuid.UUID
    exercise: uuid.UUID


def valid_values(
    kind: EntityKind, parent: uuid.UUID | None = None, **overrides: Any
) -> dict[str, Any]:
    base: dict[EntityKind, dict[str, Any]] = {
        EntityKind.GRADE: {"name": f"Grade {uuid.uuid4().hex[:6]}"},
        EntityKind.SUBJECT: {"name": "Mathematics", "slug": f"math-{uuid.uuid4().hex[:6]}"},
        EntityKind.TOPIC: {"subject_id": parent, "name": "Fractions"},
        EntityKind.LESSON: {
            "topic_id": parent,
            "title": "Halves",
            "content": "# Halves\n\nOne of two.",
        },
        EntityKind.EXERCISE: {
            "lesson_id": parent,
            "type": "MULTIPLE_CHOICE",
            "prompt": "Which is half of 4?",
            "answer": {
                "choices": [{"text": "2", "correct": True}, {"text": "3", "correct": False}]
            },
        },
        EntityKind.TOURNAMENT: {"name": "Spring cup"},
        EntityKind.TOURNAMENT_PARTICIPATION: {"tournament_id": parent},
        EntityKind.MATCH: {"tournament_id": parent, "round": 1, "match_number": 1},
    }
    return {**base[kind], **overrides}


def make_tree(service: ContentService) -> Tree:
    grade = service.create(EntityKind.GRADE, valid_values(EntityKind.GRADE)).id
    subject = service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = service.create(
        EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject, grade_id=grade)
    ).id
    lesson = service.create(EntityKind.LESSON, valid_values(EntityKind.LESSON, topic)).id
    exercise = service.create(EntityKind.EXERCISE, valid_values(EntityKind.EXERCISE, lesson)).id
    return Tree(grade, subject, topic, lesson, exercise)


def add(
    service: ContentService, kind: EntityKind, parent: uuid.UUID | None, **values: Any
) -> uuid.UUID:
    """Create a valid row of ``kind`` under ``parent`` with some fields chosen; its id."""
    return service.create(kind, valid_values(kind, parent, **values)).id


def add_user(library: Library, role: UserRole = UserRole.STUDENT) -> uuid.UUID:
    """A user as the sync brings them in: users are the server's, never edited here."""
    user = User(
        email=f"{uuid.uuid4().hex[:8]}@north.example",
        display_name="Kim",
        role=role,
        tenant_id=uuid.UUID(int=1),
        version=1,
    )
    with library.write() as session:
        session.add(user)
    return user.id
