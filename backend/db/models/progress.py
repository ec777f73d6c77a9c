"""What students do with the content: progress, attempts and badges (read-only here)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import TenantRecord
from backend.db.models.enums import ProgressStatus, db_enum
from backend.db.types import JSONDocument, UTCDateTime

LIVE = text("deleted_at IS NULL")


class LearningProgress(TenantRecord):
    __tablename__ = "learning_progress"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    lesson_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("lessons.id"), nullable=False)
    status: Mapped[ProgressStatus] = mapped_column(
        db_enum(ProgressStatus, "PROGRESS_STATUS"), nullable=False
    )
    percent_complete: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index(
            "uq_learning_progress_user_id_lesson_id",
            "user_id",
            "lesson_id",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
        Index("idx_learning_progress_lesson_id", "lesson_id"),
    )


class ExerciseAttempt(TenantRecord):
    __tablename__ = "exercise_attempts"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    exercise_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("exercises.id"), nullable=False)
    response: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    is_correct: Mapped[bool] = mapped_column(Boolean, nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = (
        Index("idx_exercise_attempts_user_id", "user_id"),
        Index("idx_exercise_attempts_exercise_id", "exercise_id"),
    )


class Badge(TenantRecord):
    __tablename__ = "badges"

    name: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    icon: Mapped[str] = mapped_column(String(64), nullable=False, default="")

    __table_args__ = (
        Index(
            "uq_badges_tenant_id_name",
            "tenant_id",
            "name",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
    )


class UserBadge(TenantRecord):
    __tablename__ = "user_badges"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    badge_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("badges.id"), nullable=False)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    __table_args__ = (
        Index(
            "uq_user_badges_user_id_badge_id",
            "user_id",
            "badge_id",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
        Index("idx_user_badges_badge_id", "badge_id"),
    )
