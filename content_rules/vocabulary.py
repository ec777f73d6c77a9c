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
    """In lifecycle order; ``content_rules.tournaments.lifecycle`` says which steps are allowed."""

    DRAFT = "DRAFT"
    SCHEDULED = "SCHEDULED"
    REGISTRATION_OPEN = "REGISTRATION_OPEN"
    REGISTRATION_CLOSED = "REGISTRATION_CLOSED"
    CHECK_IN = "CHECK_IN"
    READY = "READY"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    ARCHIVED = "ARCHIVED"
    CANCELLED = "CANCELLED"


class TournamentFormat(enum.StrEnum):
    SINGLE_ELIMINATION = "SINGLE_ELIMINATION"
    DOUBLE_ELIMINATION = "DOUBLE_ELIMINATION"
    ROUND_ROBIN = "ROUND_ROBIN"
    SWISS = "SWISS"


class ParticipationStatus(enum.StrEnum):
    REGISTERED = "REGISTERED"
    CHECKED_IN = "CHECKED_IN"
    WITHDRAWN = "WITHDRAWN"
    DISQUALIFIED = "DISQUALIFIED"


class Bracket(enum.StrEnum):
    """Which part of a tournament a match belongs to; every format but double elimination
    has only MAIN."""

    MAIN = "MAIN"
    LOSERS = "LOSERS"
    FINALS = "FINALS"


class MatchStatus(enum.StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
