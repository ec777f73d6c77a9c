"""The curriculum, tenant-scoped, with the same fields as the studio's library.

Students see a lesson (and its exercises) only once ``published`` is set; authors and
admins see everything of their tenant.
"""

import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import SyncedRecord
from backend.db.models.enums import Difficulty, ExerciseType, db_enum
from backend.db.types import JSONDocument

LIVE = text("deleted_at IS NULL")


def live_unique(name: str, *columns: str) -> Index:
    return Index(name, *columns, unique=True, postgresql_where=LIVE, sqlite_where=LIVE)


class Grade(SyncedRecord):
    __tablename__ = "grades"

    name: Mapped[str] = mapped_column(String(100), nullable=False)
    position: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (live_unique("uq_grades_tenant_id_name", "tenant_id", "name"),)


class Subject(SyncedRecord):
    __tablename__ = "subjects"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    icon: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    position: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (live_unique("uq_subjects_tenant_id_slug", "tenant_id", "slug"),)


class Topic(SyncedRecord):
    __tablename__ = "topics"

    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subjects.id"), nullable=False)
    grade_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("grades.id"))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    position: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (
        Index("idx_topics_subject_id", "subject_id"),
        Index("idx_topics_grade_id", "grade_id"),
    )


class Lesson(SyncedRecord):
    __tablename__ = "lessons"

    topic_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("topics.id"), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    position: Mapped[str] = mapped_column(String(64), nullable=False)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index("idx_lessons_tenant_id_id", "tenant_id", "id"),
        Index("idx_lessons_topic_id", "topic_id"),
        Index("idx_lessons_user_id", "user_id"),
    )


class Exercise(SyncedRecord):
    __tablename__ = "exercises"

    lesson_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lessons.id"), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    type: Mapped[ExerciseType] = mapped_column(
        db_enum(ExerciseType, "EXERCISE_TYPE"), nullable=False
    )
    difficulty: Mapped[Difficulty] = mapped_column(
        db_enum(Difficulty, "DIFFICULTY"), nullable=False, default=Difficulty.MEDIUM
    )
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    answer: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    points: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    position: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (
        Index("idx_exercises_lesson_id", "lesson_id"),
        Index("idx_exercises_user_id", "user_id"),
    )
