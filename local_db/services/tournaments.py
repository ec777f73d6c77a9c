"""Rules of tournament rows that need the library, not just the record.

The shared rules (content_rules) see one record; these look at its neighbours: a match
may only seat participations of its own tournament, a user enters a tournament once,
and a bracket slot (bracket, round, match number) holds one live match. Checking here
turns what would be an IntegrityError from a unique index into a message on a field.
"""

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from content_rules.tournaments.lifecycle import step_problem
from local_db.entities import ENTITIES, EntityKind
from local_db.models import Match, TournamentParticipation, TournamentStatus
from local_db.services.errors import FieldError, invalid

SIDES = ("home_participation_id", "away_participation_id", "winner_participation_id")
MATCH_SLOT = ENTITIES[EntityKind.MATCH].unique_together
ENTRANT = ENTITIES[EntityKind.TOURNAMENT_PARTICIPATION].unique_together


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
    if kind is EntityKind.MATCH:
        if touched(("tournament_id", *SIDES)):
            errors += _side_errors(session, record)
        if touched(MATCH_SLOT):
            errors += _slot_errors(session, record, exclude)
    elif kind is EntityKind.TOURNAMENT_PARTICIPATION and touched(ENTRANT):
        errors += _entrant_errors(session, record, exclude)
    return errors


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
