"""SQLAlchemy models of the offline library, following the seed's schema conventions."""

from local_db.models.base import Base, CommonColumns, Ordered, Synced
from local_db.models.content import Exercise, Grade, Lesson, Subject, Topic
from local_db.models.enums import (
    Difficulty,
    ExerciseType,
    MatchStatus,
    OutboxOperation,
    OutboxState,
    TournamentStatus,
    UserRole,
)
from local_db.models.sync import OutboxEntry, SyncBase, SyncState
from local_db.models.tournaments import Match, Tournament, TournamentParticipation
from local_db.models.users import User

__all__ = [
    "Base",
    "CommonColumns",
    "Difficulty",
    "Exercise",
    "ExerciseType",
    "Grade",
    "Lesson",
    "Match",
    "MatchStatus",
    "Ordered",
    "OutboxEntry",
    "OutboxOperation",
    "OutboxState",
    "Subject",
    "SyncBase",
    "SyncState",
    "Synced",
    "Topic",
    "Tournament",
    "TournamentParticipation",
    "TournamentStatus",
    "User",
    "UserRole",
]
