"""Tournaments, their participants and matches: what an admin schedules and the studio syncs.

Times are UTC; ``time_zone`` (an IANA name) is where the schedule's daily windows and
weekdays are meant, so a tournament keeps its local hours across daylight saving.
A match's sides point at participations of the same tournament; a null side is a bye
or a winner not known yet.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import SyncedRecord
from backend.db.models.enums import (
    Bracket,
    MatchStatus,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
    db_enum,
)
from backend.db.types import JSONDocument, UTCDateTime
from content_rules.tournaments.records import default_schedule_rules

LIVE = text("deleted_at IS NULL")


class Tournament(SyncedRecord):
    __tablename__ = "tournaments"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[TournamentStatus] = mapped_column(
        db_enum(TournamentStatus, "TOURNAMENT_STATUS"),
        nullable=False,
        default=TournamentStatus.DRAFT,
    )
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    format: Mapped[TournamentFormat] = mapped_column(
        db_enum(TournamentFormat, "TOURNAMENT_FORMAT"),
        nullable=False,
        default=TournamentFormat.SINGLE_ELIMINATION,
    )
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False, default="UTC")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_in_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    check_in_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    capacity: Mapped[int | None] = mapped_column(Integer)
    subject_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("subjects.id"))
    grade_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("grades.id"))
    round_exercises: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, nullable=False, default=dict
    )
    schedule_rules: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, nullable=False, default=default_schedule_rules
    )

    __table_args__ = (
        Index("idx_tournaments_tenant_id_start_time", "tenant_id", "start_time"),
        Index("idx_tournaments_subject_id", "subject_id"),
        Index("idx_tournaments_grade_id", "grade_id"),
    )


class TournamentParticipation(SyncedRecord):
    __tablename__ = "tournament_participations"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    seed: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ParticipationStatus] = mapped_column(
        db_enum(ParticipationStatus, "PARTICIPATION_STATUS"),
        nullable=False,
        default=ParticipationStatus.REGISTERED,
    )

    __table_args__ = (
        Index(
            "uq_tournament_participations_tournament_id_user_id",
            "tournament_id",
            "user_id",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
        Index("idx_tournament_participations_user_id", "user_id"),
    )


def _side() -> Mapped[uuid.UUID | None]:
    return mapped_column(Uuid, ForeignKey("tournament_participations.id"))


class Match(SyncedRecord):
    __tablename__ = "matches"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    bracket: Mapped[Bracket] = mapped_column(
        db_enum(Bracket, "BRACKET"), nullable=False, default=Bracket.MAIN
    )
    round: Mapped[int] = mapped_column(Integer, nullable=False)
    match_number: Mapped[int] = mapped_column(Integer, nullable=False)
    home_participation_id: Mapped[uuid.UUID | None] = _side()
    away_participation_id: Mapped[uuid.UUID | None] = _side()
    winner_participation_id: Mapped[uuid.UUID | None] = _side()
    status: Mapped[MatchStatus] = mapped_column(
        db_enum(MatchStatus, "MATCH_STATUS"), nullable=False, default=MatchStatus.SCHEDULED
    )
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[int | None] = mapped_column(Integer)
    home_score: Mapped[int | None] = mapped_column(Integer)
    away_score: Mapped[int | None] = mapped_column(Integer)
    if_needed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index(
            "uq_matches_tournament_id_bracket_round_match_number",
            "tournament_id",
            "bracket",
            "round",
            "match_number",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
        # Trashing a participation first asks whether a live match still names it.
        Index("idx_matches_home_participation_id", "home_participation_id"),
        Index("idx_matches_away_participation_id", "away_participation_id"),
        Index("idx_matches_winner_participation_id", "winner_participation_id"),
    )
