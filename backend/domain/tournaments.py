"""Tournament rules that need the database, not just the record.

The shared rules (``content_rules.tournaments.records``) see one record; these look at
its neighbours: the format of a match's tournament (a knockout match cannot end level),
the places a tournament has left, and the exercises its rounds name. The library's
services (``local_db/services/tournaments.py``) apply the same rules with the same
messages, so the studio refuses offline what the server would refuse on push.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.db import models
from backend.domain.problems import ApiProblem, invalid
from content_rules.vocabulary import ParticipationStatus

# Entrants who left or were removed do not take a place.
NOT_COUNTED = (ParticipationStatus.WITHDRAWN, ParticipationStatus.DISQUALIFIED)
# Live matches seat a participation by id, so neither may change tournaments under them.
STAYS_IN_TOURNAMENT = {
    "tournament_participation": (
        "a registration belongs to its tournament: enter the student in the other "
        "tournament instead"
    ),
    "match": "a match belongs to its tournament: create the match in the other tournament instead",
}


def moved_problems(entity: str, changed: Mapping[str, Any]) -> list[ApiProblem]:
    """An update that really changes a participation's or a match's tournament; writing
    the current value again (a sync resolving a conflict) is no change."""
    if entity in STAYS_IN_TOURNAMENT and "tournament_id" in changed:
        return [invalid("tournamentId", STAYS_IN_TOURNAMENT[entity])]
    return []


async def tournament_format(
    session: AsyncSession, principal: Principal, entity: str, record: Mapping[str, Any]
) -> str | None:
    """The format of a match's tournament, which decides whether the match may end level;
    None for other entities or a tournament that is not there (reported elsewhere)."""
    if entity != "match":
        return None
    try:
        tournament_id = uuid.UUID(str(record.get("tournament_id")))
    except ValueError:
        return None
    fmt = await session.scalar(
        select(models.Tournament.format).where(
            models.Tournament.id == tournament_id,
            models.Tournament.tenant_id == principal.tenant_id,
        )
    )
    return None if fmt is None else str(fmt)


async def place_problems(
    session: AsyncSession,
    entity: str,
    record: Mapping[str, Any],
    *,
    touched: Mapping[str, Any] | None,
    row_id: uuid.UUID | None,
) -> list[ApiProblem]:
    """A tournament holds at most ``capacity`` entrants who take a place.

    ``touched`` is what an update changed (None for a create or a restore, which check
    the whole row); ``row_id`` the stored row's id. A participation that takes a place
    needs one free; a tournament's capacity may not drop below its entrants.
    """

    def changes(*names: str) -> bool:
        return touched is None or any(name in touched for name in names)

    if entity == "tournament_participation" and changes("tournament_id", "status"):
        if record.get("status") in NOT_COUNTED:
            return []
        capacity = await session.scalar(
            select(models.Tournament.capacity).where(
                models.Tournament.id == record["tournament_id"]
            )
        )
        if capacity is None or await _entrants(session, record["tournament_id"], row_id) < capacity:
            return []
        return [invalid("tournamentId", f"the tournament is full (capacity {capacity})")]
    if entity == "tournament" and changes("capacity") and row_id is not None:
        capacity = record.get("capacity")
        count = await _entrants(session, row_id, None)
        if capacity is not None and count > capacity:
            return [invalid("capacity", f"{count} entrants already take part; withdraw some first")]
    return []


async def _entrants(
    session: AsyncSession, tournament_id: uuid.UUID, exclude: uuid.UUID | None
) -> int:
    """Live entrants of a tournament who take a place, without ``exclude``."""
    participation = models.TournamentParticipation
    query = select(func.count()).where(
        participation.tournament_id == tournament_id,
        participation.deleted_at.is_(None),
        participation.status.not_in(NOT_COUNTED),
    )
    if exclude is not None:
        query = query.where(participation.id != exclude)
    return await session.scalar(query) or 0


async def round_exercise_problems(
    session: AsyncSession, principal: Principal, entity: str, values: Mapping[str, Any]
) -> list[ApiProblem]:
    """Every exercise a round names, when a create or update sets the rounds, is a live
    exercise of the caller's tenant; another tenant's exercise is as absent as a missing
    one. The values have passed the shared shape rules, so the ids are UUIDs."""
    rounds = values.get("round_exercises")
    if entity != "tournament" or not isinstance(rounds, Mapping):
        return []
    wanted = {uuid.UUID(value) for ids in rounds.values() for value in ids}
    live = set(
        await session.scalars(
            select(models.Exercise.id).where(
                models.Exercise.id.in_(wanted),
                models.Exercise.tenant_id == principal.tenant_id,
                models.Exercise.deleted_at.is_(None),
            )
        )
    )
    return [
        invalid(f"roundExercises.{key}[{index}]", "no such exercise")
        for key, ids in rounds.items()
        for index, value in enumerate(ids)
        if uuid.UUID(value) not in live
    ]
