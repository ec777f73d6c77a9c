"""Builders shared by the tournament tests: users, a tournament with seeded players."""

import uuid
from datetime import UTC, datetime
from typing import Any

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import SyncState, User, UserRole
from local_db.services import ContentService

MONDAY_9 = datetime(2026, 9, 7, 9, 0, tzinfo=UTC)


def add_student(library: Library, name: str, email: str | None = None) -> uuid.UUID:
    user = User(
        email=email or f"{name.lower()}@school.example",
        display_name=name,
        role=UserRole.STUDENT,
        tenant_id=uuid.UUID(int=1),
        version=1,
    )
    with library.write() as session:
        session.add(user)
    return user.id


def sign_in_as(library: Library, role: UserRole) -> None:
    """A remembered account whose user row has ``role``, as after a sync."""
    with library.write() as session:
        session.add(
            User(
                email="me@school.example",
                display_name="Me",
                role=role,
                tenant_id=uuid.UUID(int=1),
                version=1,
            )
        )
        session.add(SyncState(server_url="https://api.example", account_email="me@school.example"))


def tournament(service: ContentService, **values: Any) -> uuid.UUID:
    base: dict[str, Any] = {"name": "Spring cup", "time_zone": "UTC", "start_time": MONDAY_9}
    return service.create(EntityKind.TOURNAMENT, {**base, **values}).id


def seeded(
    service: ContentService, library: Library, tournament_id: uuid.UUID, count: int
) -> list[uuid.UUID]:
    """``count`` students entered with seeds 1..count; their participation ids."""
    ids = []
    for number in range(1, count + 1):
        user = add_student(library, f"Player{number}")
        values = {"tournament_id": tournament_id, "user_id": user, "seed": number}
        ids.append(service.create(EntityKind.TOURNAMENT_PARTICIPATION, values).id)
    return ids


def complete(
    service: ContentService,
    match_id: uuid.UUID,
    sides: tuple[uuid.UUID | None, uuid.UUID | None],
    scores: tuple[int, int],
    **values: Any,
) -> None:
    """Record a finished match between ``sides``: the higher score wins, level is a draw."""
    home, away = sides
    winner = None if scores[0] == scores[1] else home if scores[0] > scores[1] else away
    service.update(
        EntityKind.MATCH,
        match_id,
        {
            "status": "COMPLETED",
            "home_participation_id": home,
            "away_participation_id": away,
            "home_score": scores[0],
            "away_score": scores[1],
            "winner_participation_id": winner,
            **values,
        },
    )
