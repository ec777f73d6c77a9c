"""A tournament's participants with the users behind them, and the users who could join."""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from content_rules.vocabulary import ParticipationStatus, UserRole
from local_db.models import TournamentParticipation, User


@dataclass(frozen=True)
class Participant:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    email: str
    seed: int | None
    status: ParticipationStatus


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    name: str
    email: str


def participants(session: Session, tournament_id: uuid.UUID) -> list[Participant]:
    """Live participations, seeded first by seed, then the unseeded by name."""
    query = (
        select(TournamentParticipation, User)
        .join(User, User.id == TournamentParticipation.user_id)
        .where(
            TournamentParticipation.tournament_id == tournament_id,
            TournamentParticipation.deleted_at.is_(None),
        )
        .order_by(
            TournamentParticipation.seed.is_(None),
            TournamentParticipation.seed,
            User.display_name,
            User.email,
        )
    )
    return [
        Participant(entry.id, user.id, user.display_name, user.email, entry.seed, entry.status)
        for entry, user in session.execute(query)
    ]


def students(session: Session) -> list[Person]:
    query = (
        select(User.id, User.display_name, User.email)
        .where(User.deleted_at.is_(None), User.role == UserRole.STUDENT)
        .order_by(User.display_name, User.email)
    )
    return [Person(*row) for row in session.execute(query)]


def users_by_email(session: Session) -> dict[str, Person]:
    """Every live user by lower-cased email: a roster may write ``Kim@School.example``."""
    query = select(User.id, User.display_name, User.email).where(User.deleted_at.is_(None))
    return {
        email.lower(): Person(row_id, name, email) for row_id, name, email in session.execute(query)
    }
