"""The curriculum: grades, subjects, topics, lessons and exercises.

Beyond the seed's key columns these carry what authors need: an ordering position,
Markdown lesson content, and for exercises a prompt, typed answer data (shape checked by
local_db.services.answers), points and an explanation.
"""

import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, Uuid, false, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Ordered
from local_db.models.enums import Difficulty, ExerciseType, db_enum

LIVE = text("deleted_at IS NULL")
TRASHED = text("deleted_at IS NOT NULL")


def trash_index(table: str) -> Index:
    """Lets the trash and the status counts read trashed rows without a scan."""
    return Index(f"idx_{table}_deleted_at", "deleted_at", sqlite_where=TRASHED)


class Grade(Ordered):
    __tablename__ = "grades"

    name: Mapped[str] = mapped_column(String(100), nullable=False)

    __table_args__ = (
        Index("uq_grades_name", "name", unique=True, sqlite_where=LIVE),
        trash_index("grades"),
    )


class Subject(Ordered):
    __tablename__ = "subjects"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    icon: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        trash_index("subjects"),
        Index("uq_subjects_slug", "slug", unique=True, sqlite_where=LIVE),
        Index("idx_subjects_position", "position"),
    )


class Topic(Ordered):
    __tablename__ = "topics"

    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("subjects.id"), nullable=False)
    grade_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("grades.id"))
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")

    __table_args__ = (
        trash_index("topics"),
        Index("idx_topics_subject_id_grade_id_position", "subject_id", "grade_id", "position"),
        Index("idx_topics_grade_id", "grade_id"),
    )


class Lesson(Ordered):
    __tablename__ = "lessons"

    topic_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("topics.id"), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )

    __table_args__ = (
        trash_index("lessons"),
        Index("idx_lessons_topic_id_position", "topic_id", "position"),
        Index("idx_lessons_user_id", "user_id"),
    )


class Exercise(Ordered):
    __tablename__ = "exercises"

    lesson_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lessons.id"), nullable=False)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("users.id"))
    type: Mapped[ExerciseType] = mapped_column(db_enum(ExerciseType, "type"), nullable=False)
    difficulty: Mapped[Difficulty] = mapped_column(
        db_enum(Difficulty, "difficulty"), nullable=False, default=Difficulty.MEDIUM
    )
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    explanation: Mapped[str] = mapped_column(Text, nullable=False, default="")
    points: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __table_args__ = (
        trash_index("exercises"),
        Index("idx_exercises_lesson_id_position", "lesson_id", "position"),
        Index("idx_exercises_user_id", "user_id"),
    )
