"""Tournaments, their participants and matches, as the seed defines them plus what
scheduling needs: registration and check-in windows, a time zone for the schedule's
rules, and bracketed matches between two participations."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, Uuid, false, text
from sqlalchemy.orm import Mapped, mapped_column

from content_rules.tournaments.records import default_schedule_rules
from local_db.models.base import Synced
from local_db.models.content import trash_index
from local_db.models.enums import (
    Bracket,
    MatchStatus,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
    db_enum,
)
from local_db.models.types import UTCDateTime

LIVE = text("deleted_at IS NULL")


class Tournament(Synced):
    __tablename__ = "tournaments"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    status: Mapped[TournamentStatus] = mapped_column(
        db_enum(TournamentStatus, "status"), nullable=False, default=TournamentStatus.DRAFT
    )
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    format: Mapped[TournamentFormat] = mapped_column(
        db_enum(TournamentFormat, "format"),
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
    round_exercises: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    schedule_rules: Mapped[dict[str, Any]] = mapped_column(
        JSON, nullable=False, default=default_schedule_rules
    )

    __table_args__ = (
        Index("idx_tournaments_start_time", "start_time"),
        Index("idx_tournaments_subject_id", "subject_id"),
        Index("idx_tournaments_grade_id", "grade_id"),
        trash_index("tournaments"),
    )


class TournamentParticipation(Synced):
    __tablename__ = "tournament_participations"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    seed: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ParticipationStatus] = mapped_column(
        db_enum(ParticipationStatus, "status"),
        nullable=False,
        default=ParticipationStatus.REGISTERED,
    )

    __table_args__ = (
        Index(
            "uq_tournament_participations_tournament_id_user_id",
            "tournament_id",
            "user_id",
            unique=True,
            sqlite_where=LIVE,
        ),
        Index("idx_tournament_participations_user_id", "user_id"),
        trash_index("tournament_participations"),
    )


def _participation() -> Mapped[uuid.UUID | None]:
    return mapped_column(Uuid, ForeignKey("tournament_participations.id"))


class Match(Synced):
    __tablename__ = "matches"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    bracket: Mapped[Bracket] = mapped_column(
        db_enum(Bracket, "bracket"), nullable=False, default=Bracket.MAIN
    )
    round: Mapped[int] = mapped_column(Integer, nullable=False)
    match_number: Mapped[int] = mapped_column(Integer, nullable=False)
    home_participation_id: Mapped[uuid.UUID | None] = _participation()
    away_participation_id: Mapped[uuid.UUID | None] = _participation()
    winner_participation_id: Mapped[uuid.UUID | None] = _participation()
    status: Mapped[MatchStatus] = mapped_column(
        db_enum(MatchStatus, "status"), nullable=False, default=MatchStatus.SCHEDULED
    )
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[int | None] = mapped_column(Integer)
    home_score: Mapped[int | None] = mapped_column(Integer)
    away_score: Mapped[int | None] = mapped_column(Integer)
    if_needed: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )

    __table_args__ = (
        Index(
            "uq_matches_tournament_id_bracket_round_match_number",
            "tournament_id",
            "bracket",
            "round",
            "match_number",
            unique=True,
            sqlite_where=LIVE,
        ),
        # The in-use check before trashing a participation reads these.
        Index("idx_matches_home_participation_id", "home_participation_id"),
        Index("idx_matches_away_participation_id", "away_participation_id"),
        Index("idx_matches_winner_participation_id", "winner_participation_id"),
        trash_index("matches"),
    )
