"""SQLAlchemy models of the server database."""

from backend.db.models.base import Base, Record, SyncedRecord, TenantRecord
from backend.db.models.content import Exercise, Grade, Lesson, Subject, Topic
from backend.db.models.enums import (
    Bracket,
    Difficulty,
    ExerciseType,
    MatchStatus,
    ParticipationStatus,
    ProgressStatus,
    TournamentFormat,
    TournamentStatus,
    UserRole,
)
from backend.db.models.progress import Badge, ExerciseAttempt, LearningProgress, UserBadge
from backend.db.models.service import (
    ApiKey,
    ChangeLogEntry,
    ClientMutation,
    RefreshToken,
    ServerState,
    UploadedAsset,
    WebhookEvent,
)
from backend.db.models.tenancy import Tenant, User
from backend.db.models.tournaments import Match, Tournament, TournamentParticipation

__all__ = [
    "ApiKey",
    "Badge",
    "Base",
    "Bracket",
    "ChangeLogEntry",
    "ClientMutation",
    "Difficulty",
    "Exercise",
    "ExerciseAttempt",
    "ExerciseType",
    "Grade",
    "LearningProgress",
    "Lesson",
    "Match",
    "MatchStatus",
    "ParticipationStatus",
    "ProgressStatus",
    "Record",
    "RefreshToken",
    "ServerState",
    "Subject",
    "SyncedRecord",
    "Tenant",
    "TenantRecord",
    "Topic",
    "Tournament",
    "TournamentFormat",
    "TournamentParticipation",
    "TournamentStatus",
    "UploadedAsset",
    "User",
    "UserBadge",
    "UserRole",
    "WebhookEvent",
]
