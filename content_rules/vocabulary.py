"""The enumerations both sides store and send, by their UPPER_SNAKE_CASE values.

One definition, so a value the studio accepts is one the server knows; each side maps
them to its storage (CHECK constraints on SQLite, native enum types on PostgreSQL).
"""

import enum


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
