"""Tournaments as the seed defines them; scheduling builds on these in its own issue."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Synced
from local_db.models.content import trash_index
from local_db.models.enums import MatchStatus, TournamentStatus, db_enum
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

    __table_args__ = (
        Index("idx_tournaments_start_time", "start_time"),
        trash_index("tournaments"),
    )


class TournamentParticipation(Synced):
    __tablename__ = "tournament_participations"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    seed: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "uq_tournament_participations_tournament_id_user_id",
            "tournament_id",
            "user_id",
            unique=True,
            sqlite_where=LIVE,
        ),
        Index("idx_tournament_participations_user_id", "user_id"),
    )


class Match(Synced):
    __tablename__ = "matches"

    tournament_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("tournaments.id"), nullable=False
    )
    round: Mapped[int] = mapped_column(Integer, nullable=False)
    match_number: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[MatchStatus] = mapped_column(
        db_enum(MatchStatus, "status"), nullable=False, default=MatchStatus.SCHEDULED
    )
    start_time: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index(
            "uq_matches_tournament_id_round_match_number",
            "tournament_id",
            "round",
            "match_number",
            unique=True,
            sqlite_where=LIVE,
        ),
    )
