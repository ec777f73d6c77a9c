"""Enumerations; on PostgreSQL they are native enum types named in UPPER_SNAKE_CASE."""

import enum

from sqlalchemy import Enum

from content_rules.vocabulary import (
    Bracket,
    Difficulty,
    ExerciseType,
    MatchStatus,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
    UserRole,
)

__all__ = [
    "Bracket",
    "Difficulty",
    "ExerciseType",
    "MatchStatus",
    "ParticipationStatus",
    "ProgressStatus",
    "TournamentFormat",
    "TournamentStatus",
    "UserRole",
    "db_enum",
]


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
