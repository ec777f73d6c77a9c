"""What the bracket tab needs from the library, in one read on the pool.

Besides the tournament's own matches it reads the scheduled matches of the same users in
other tournaments, with those tournaments' rules, so a preview can show a student booked
in two places at once before anything is saved.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from content_rules.tournaments.conflicts import Booking
from content_rules.tournaments.plan import MatchKey
from content_rules.tournaments.schedule_rules import ScheduleRules, parse_schedule_rules
from content_rules.vocabulary import MatchStatus, TournamentFormat
from local_db.models import Match, Tournament, TournamentParticipation, User
from studio.tournaments.participant_reads import Participant, participants


class Who:
    """A participant in a booking: the same user in every tournament, shown by name in
    conflict messages."""

    def __init__(self, user_id: uuid.UUID, name: str) -> None:
        self.user_id, self.name = user_id, name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Who) and other.user_id == self.user_id

    def __hash__(self) -> int:
        return hash(self.user_id)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class StoredMatch:
    id: uuid.UUID
    key: MatchKey
    home_id: uuid.UUID | None
    away_id: uuid.UUID | None
    winner_id: uuid.UUID | None
    status: MatchStatus
    start: datetime | None
    place: int | None
    home_score: int | None
    away_score: int | None


@dataclass(frozen=True)
class BracketContext:
    tournament_id: uuid.UUID
    name: str
    format: TournamentFormat
    time_zone: str
    rules_json: dict[str, Any]
    start_time: datetime | None
    entered: list[Participant]
    matches: list[StoredMatch]
    elsewhere: list[Booking]
    """Other tournaments' scheduled matches of this tournament's users (by user id)."""
    other_rules: dict[uuid.UUID, ScheduleRules]


def tournament_rules(zone: str, rules_json: dict[str, Any]) -> ScheduleRules | None:
    """The stored rules read with the tournament's zone, which the JSON leaves out."""
    rules, _ = parse_schedule_rules({**rules_json, "time_zone": zone})
    return rules


def read_context(session: Session, tournament_id: uuid.UUID) -> BracketContext:
    tournament = session.get(Tournament, tournament_id)
    assert tournament is not None
    entered = participants(session, tournament_id)
    matches = [
        StoredMatch(
            row.id,
            MatchKey(row.bracket, row.round, row.match_number),
            row.home_participation_id,
            row.away_participation_id,
            row.winner_participation_id,
            row.status,
            row.start_time,
            row.place,
            row.home_score,
            row.away_score,
        )
        for row in session.scalars(
            select(Match).where(Match.tournament_id == tournament_id, Match.deleted_at.is_(None))
        )
    ]
    elsewhere, other_rules = _elsewhere(session, tournament_id, {p.user_id for p in entered})
    return BracketContext(
        tournament_id,
        tournament.name,
        tournament.format,
        tournament.time_zone,
        dict(tournament.schedule_rules),
        tournament.start_time,
        entered,
        matches,
        elsewhere,
        other_rules,
    )


def _elsewhere(
    session: Session, tournament_id: uuid.UUID, users: set[uuid.UUID]
) -> tuple[list[Booking], dict[uuid.UUID, ScheduleRules]]:
    home, away = aliased(TournamentParticipation), aliased(TournamentParticipation)
    home_user, away_user = aliased(User), aliased(User)
    query = (
        select(Match, home_user, away_user, Tournament)
        .join(Tournament, Tournament.id == Match.tournament_id)
        .outerjoin(home, home.id == Match.home_participation_id)
        .outerjoin(away, away.id == Match.away_participation_id)
        .outerjoin(home_user, home_user.id == home.user_id)
        .outerjoin(away_user, away_user.id == away.user_id)
        .where(
            Match.tournament_id != tournament_id,
            Match.deleted_at.is_(None),
            Tournament.deleted_at.is_(None),
            Match.start_time.is_not(None),
            Match.status.in_([MatchStatus.SCHEDULED, MatchStatus.IN_PROGRESS]),
            (home.user_id.in_(users)) | (away.user_id.in_(users)),
        )
    )
    bookings: list[Booking] = []
    rules: dict[uuid.UUID, ScheduleRules] = {}
    for match, *users_seated, other in session.execute(query):
        found = tournament_rules(other.time_zone, dict(other.schedule_rules))
        if found is not None:
            rules[other.id] = found
        minutes = found.match_minutes if found is not None else 30
        start = match.start_time
        assert start is not None
        who = frozenset(
            Who(user.id, user.display_name or user.email)
            for user in users_seated
            if user is not None
        )
        bookings.append(
            Booking(
                f"{other.name}: {match.bracket.value.capitalize()} round {match.round} "
                f"match {match.match_number}",
                other.id,
                who,
                start,
                start + timedelta(minutes=minutes),
                match.place,
            )
        )
    return bookings, rules
