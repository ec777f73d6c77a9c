"""Enumerations, stored by their UPPER_SNAKE_CASE value as the seed prescribes."""

import enum
from typing import Any

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
    "ConflictKind",
    "Difficulty",
    "ExerciseType",
    "MatchStatus",
    "OutboxOperation",
    "OutboxState",
    "ParticipationStatus",
    "TournamentFormat",
    "TournamentStatus",
    "UserRole",
    "db_enum",
]


class OutboxOperation(enum.StrEnum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


class ConflictKind(enum.StrEnum):
    FIELDS = "FIELDS"
    """The same field changed differently on both sides."""
    EDIT_DELETE = "EDIT_DELETE"
    """Edited here, deleted on the server."""
    DELETE_EDIT = "DELETE_EDIT"
    """Deleted here, edited on the server."""


class OutboxState(enum.StrEnum):
    PENDING = "PENDING"
    REJECTED = "REJECTED"


def db_enum(enum_class: type[enum.StrEnum], column: str) -> "Enum":
    """A VARCHAR column whose CHECK constraint is named ck_{table}_{column}.

    SQLite has no enum types; the server's PostgreSQL names its enum types in
    UPPER_SNAKE_CASE (USER_ROLE, TOURNAMENT_STATUS), and the stored values agree.
    """
    options: dict[str, Any] = {
        "native_enum": False,
        "create_constraint": True,
        "length": 32,
        "name": column,
        "values_callable": lambda members: [member.value for member in members],
        "validate_strings": True,
    }
    return Enum(enum_class, **options)
