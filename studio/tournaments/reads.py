"""What the tournaments workspace shows, read in short transactions off the UI thread.

Each function takes a session and returns plain frozen values, never ORM rows, so the
pool thread that ran it hands the UI thread nothing tied to a connection.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content_rules.vocabulary import TournamentFormat, TournamentStatus
from local_db.models import Match, Tournament, TournamentParticipation

SORTABLE = {"name": Tournament.name, "status": Tournament.status, "start": Tournament.start_time}


@dataclass(frozen=True)
class TournamentRow:
    name: str
    status: TournamentStatus
    format: TournamentFormat
    start_time: datetime | None
    time_zone: str
    participants: int


def ordered_ids(
    session: Session, column: str = "start", descending: bool = False
) -> list[uuid.UUID]:
    """Live tournaments by ``column``; undated ones last either way, then by name and id."""
    key = SORTABLE[column]
    order = key.desc() if descending else key.asc()
    query = select(Tournament.id).where(Tournament.deleted_at.is_(None))
    if column == "start":
        query = query.order_by(Tournament.start_time.is_(None), order)
    else:
        query = query.order_by(order)
    return list(session.scalars(query.order_by(Tournament.name, Tournament.id)))


def tournament_rows(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, TournamentRow]:
    counts: dict[uuid.UUID, int] = {
        tournament_id: count
        for tournament_id, count in session.execute(
            select(TournamentParticipation.tournament_id, func.count())
            .where(
                TournamentParticipation.tournament_id.in_(ids),
                TournamentParticipation.deleted_at.is_(None),
            )
            .group_by(TournamentParticipation.tournament_id)
        )
    }
    rows = session.scalars(select(Tournament).where(Tournament.id.in_(ids)))
    return {
        row.id: TournamentRow(
            row.name,
            row.status,
            row.format,
            row.start_time,
            row.time_zone,
            counts.get(row.id, 0),
        )
        for row in rows
    }


def days_in_play(session: Session) -> dict[uuid.UUID, frozenset[date]]:
    """Per live tournament, the days (on its own clocks) it starts or has a match.

    A school in Auckland plays its Monday match on a UTC Sunday; the calendar marks the
    Monday, as the school sees it.
    """
    zones: dict[uuid.UUID, ZoneInfo] = {}
    days: dict[uuid.UUID, set[date]] = defaultdict(set)
    for tournament_id, start, zone in session.execute(
        select(Tournament.id, Tournament.start_time, Tournament.time_zone).where(
            Tournament.deleted_at.is_(None)
        )
    ):
        zones[tournament_id] = _zone(zone)
        days.setdefault(tournament_id, set())
        if start is not None:
            days[tournament_id].add(start.astimezone(zones[tournament_id]).date())
    for tournament_id, start in session.execute(
        select(Match.tournament_id, Match.start_time).where(
            Match.deleted_at.is_(None), Match.start_time.is_not(None)
        )
    ):
        if tournament_id in zones and start is not None:
            days[tournament_id].add(start.astimezone(zones[tournament_id]).date())
    return {tournament_id: frozenset(found) for tournament_id, found in days.items()}


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):  # a bad zone is the form's to report, not the calendar's
        return ZoneInfo("UTC")
