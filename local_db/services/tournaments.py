"""Rules of tournament rows that need the library, not just the record.

The shared rules (content_rules) see one record; these look at its neighbours: a match
may only seat participations of its own tournament, a user enters a tournament once,
a bracket slot (bracket, round, match number) holds one live match, a tournament holds
at most ``capacity`` active entrants, and its round exercises are live exercises.
Checking here turns what would be an IntegrityError from a unique index into a message
on a field. The sync's pull writes server rows without these checks: the server already
applied them, and a pull is never refused.
"""

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content_rules.tournaments.lifecycle import step_problem
from local_db.entities import ENTITIES, EntityKind
from local_db.models import (
    Exercise,
    Match,
    ParticipationStatus,
    Tournament,
    TournamentFormat,
    TournamentParticipation,
    TournamentStatus,
)
from local_db.services.errors import FieldError, invalid

SIDES = ("home_participation_id", "away_participation_id", "winner_participation_id")
MATCH_SLOT = ENTITIES[EntityKind.MATCH].unique_together
ENTRANT = ENTITIES[EntityKind.TOURNAMENT_PARTICIPATION].unique_together
# Entrants who left or were removed do not take a place.
NOT_COUNTED = (ParticipationStatus.WITHDRAWN, ParticipationStatus.DISQUALIFIED)
# Live matches seat a participation by id, so neither may change tournaments under them.
STAYS_IN_TOURNAMENT = {
    EntityKind.TOURNAMENT_PARTICIPATION: (
        "a registration belongs to its tournament: enter the student in the other "
        "tournament instead"
    ),
    EntityKind.MATCH: (
        "a match belongs to its tournament: create the match in the other tournament instead"
    ),
}


def tournament_errors(
    session: Session,
    kind: EntityKind,
    record: Mapping[str, Any],
    *,
    changed: Collection[str] | None = None,
    exclude: uuid.UUID | None = None,
) -> list[FieldError]:
    """Problems of a whole ``record`` of ``kind``; ``changed`` limits them to what an
    update touched, so a row the server let through is not blocked on unrelated edits."""

    def touched(names: Collection[str]) -> bool:
        return changed is None or any(name in changed for name in names)

    errors: list[FieldError] = []
    if changed is not None and "tournament_id" in changed and kind in STAYS_IN_TOURNAMENT:
        return [invalid("tournament_id", STAYS_IN_TOURNAMENT[kind])]
    if kind is EntityKind.MATCH:
        if touched(SIDES):
            errors += _side_errors(session, record)
        if touched(MATCH_SLOT):
            errors += _slot_errors(session, record, exclude)
    elif kind is EntityKind.TOURNAMENT_PARTICIPATION:
        if touched(ENTRANT):
            errors += _entrant_errors(session, record, exclude)
        if touched(("tournament_id", "status")):
            errors += _full_errors(session, record, exclude)
    elif kind is EntityKind.TOURNAMENT and touched(("capacity",)) and exclude is not None:
        # ``exclude`` is the stored tournament's own id; a new one has no entrants yet.
        errors += _capacity_errors(session, record, exclude)
    return errors


def match_format(
    session: Session, kind: EntityKind, record: Mapping[str, Any]
) -> TournamentFormat | None:
    """The format of a match's tournament, which decides whether the match may end level;
    None for other kinds or a tournament that does not exist (reported elsewhere)."""
    if kind is not EntityKind.MATCH:
        return None
    try:
        tournament_id = uuid.UUID(str(record.get("tournament_id")))
    except ValueError:
        return None
    tournament = session.get(Tournament, tournament_id)
    return None if tournament is None else tournament.format


def round_exercise_errors(
    session: Session, kind: EntityKind, values: Mapping[str, Any]
) -> list[FieldError]:
    """Every exercise a round names, when a create or update sets the rounds, is a live
    exercise of the library. Not on restore: trashing an exercise does not edit the
    tournaments that name it, so their rounds may point into the trash meanwhile. The
    values have passed the shared shape rules, so the ids are UUIDs."""
    rounds = values.get("round_exercises")
    if kind is not EntityKind.TOURNAMENT or not isinstance(rounds, Mapping):
        return []
    wanted = {uuid.UUID(value) for ids in rounds.values() for value in ids}
    live = set(
        session.scalars(
            select(Exercise.id).where(Exercise.id.in_(wanted), Exercise.deleted_at.is_(None))
        )
    )
    return [
        invalid(f"round_exercises.{key}[{index}]", "no such exercise")
        for key, ids in rounds.items()
        for index, value in enumerate(ids)
        if uuid.UUID(value) not in live
    ]


def status_step_errors(current: TournamentStatus, target: TournamentStatus) -> list[FieldError]:
    """The studio moves a tournament one lifecycle step at a time (or cancels it)."""
    problem = step_problem(current, target)
    return [] if problem is None else [invalid(problem.field, problem.message)]


def _side_errors(session: Session, record: Mapping[str, Any]) -> list[FieldError]:
    errors = []
    for field in SIDES:
        participation_id = record.get(field)
        if participation_id is None:
            continue
        participation = session.get(TournamentParticipation, participation_id)
        if participation is not None and participation.tournament_id != record["tournament_id"]:
            errors.append(invalid(field, "is a participation in another tournament"))
    return errors


def _slot_errors(
    session: Session, record: Mapping[str, Any], exclude: uuid.UUID | None
) -> list[FieldError]:
    query = select(Match.id).where(
        *(getattr(Match, name) == record[name] for name in MATCH_SLOT),
        Match.deleted_at.is_(None),
    )
    if exclude is not None:
        query = query.where(Match.id != exclude)
    if session.scalar(query.limit(1)) is None:
        return []
    slot = f"{record['bracket']} round {record['round']}"
    return [invalid("match_number", f"{slot} already has a match {record['match_number']}")]


def _entrant_errors(
    session: Session, record: Mapping[str, Any], exclude: uuid.UUID | None
) -> list[FieldError]:
    query = select(TournamentParticipation.id).where(
        *(getattr(TournamentParticipation, name) == record[name] for name in ENTRANT),
        TournamentParticipation.deleted_at.is_(None),
    )
    if exclude is not None:
        query = query.where(TournamentParticipation.id != exclude)
    if session.scalar(query.limit(1)) is None:
        return []
    return [invalid("user_id", "this user already takes part in the tournament")]


def _entrants(session: Session, tournament_id: uuid.UUID, exclude: uuid.UUID | None) -> int:
    """Live entrants of a tournament who take a place, without ``exclude``."""
    query = select(func.count()).where(
        TournamentParticipation.tournament_id == tournament_id,
        TournamentParticipation.deleted_at.is_(None),
        TournamentParticipation.status.not_in(NOT_COUNTED),
    )
    if exclude is not None:
        query = query.where(TournamentParticipation.id != exclude)
    return session.scalar(query) or 0


def _full_errors(
    session: Session, record: Mapping[str, Any], exclude: uuid.UUID | None
) -> list[FieldError]:
    """An entrant who takes a place must find one free."""
    if record.get("status") in NOT_COUNTED:
        return []
    tournament = session.get(Tournament, record["tournament_id"])
    if tournament is None or tournament.capacity is None:
        return []
    if _entrants(session, tournament.id, exclude) < tournament.capacity:
        return []
    return [invalid("tournament_id", f"the tournament is full (capacity {tournament.capacity})")]


def _capacity_errors(
    session: Session, record: Mapping[str, Any], tournament_id: uuid.UUID
) -> list[FieldError]:
    capacity = record.get("capacity")
    if capacity is None:
        return []
    count = _entrants(session, tournament_id, None)
    if count <= capacity:
        return []
    return [invalid("capacity", f"{count} entrants already take part; withdraw some first")]
