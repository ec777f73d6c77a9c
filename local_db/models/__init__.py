"""SQLAlchemy models of the offline library, following the seed's schema conventions."""

from local_db.models.base import Base, CommonColumns, Ordered, Synced
from local_db.models.conflicts import SyncConflict
from local_db.models.content import Exercise, Grade, Lesson, Subject, Topic
from local_db.models.enums import (
    Bracket,
    ConflictKind,
    Difficulty,
    ExerciseType,
    MatchStatus,
    OutboxOperation,
    OutboxState,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
    UserRole,
)
from local_db.models.media import MediaFile
from local_db.models.sync import OutboxEntry, SentWrite, SyncBase, SyncState
from local_db.models.tournaments import Match, Tournament, TournamentParticipation
from local_db.models.users import User

__all__ = [
    "Base",
    "Bracket",
    "CommonColumns",
    "ConflictKind",
    "Difficulty",
    "Exercise",
    "ExerciseType",
    "Grade",
    "Lesson",
    "Match",
    "MatchStatus",
    "MediaFile",
    "Ordered",
    "OutboxEntry",
    "OutboxOperation",
    "OutboxState",
    "ParticipationStatus",
    "SentWrite",
    "Subject",
    "SyncBase",
    "SyncConflict",
    "SyncState",
    "Synced",
    "Topic",
    "Tournament",
    "TournamentFormat",
    "TournamentParticipation",
    "TournamentStatus",
    "User",
    "UserRole",
]
