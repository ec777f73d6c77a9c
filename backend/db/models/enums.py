"""Enumerations; on PostgreSQL they are native enum types named in UPPER_SNAKE_CASE."""

import enum

from sqlalchemy import Enum


class UserRole(enum.StrEnum):
    ADMIN = "ADMIN"
    AUTHOR = "AUTHOR"
    STUDENT = "STUDENT"


class ExerciseType(enum.StrEnum):
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    TRUE_FALSE = "TRUE_FALSE"
    SHORT_ANSWER = "SHORT_ANSWER"
    FILL_IN_THE_BLANK = "FILL_IN_THE_BLANK"
    MATCHING = "MATCHING"
    ORDERING = "ORDERING"


class Difficulty(enum.StrEnum):
    EASY = "EASY"
    MEDIUM = "MEDIUM"
    HARD = "HARD"


class TournamentStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class MatchStatus(enum.StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class ProgressStatus(enum.StrEnum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"


def db_enum(enum_class: type[enum.StrEnum], type_name: str) -> Enum:
    """A native enum on PostgreSQL (type ``type_name``); VARCHAR + CHECK on SQLite."""
    return Enum(
        enum_class,
        name=type_name,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        create_constraint=True,
        length=32,
    )
