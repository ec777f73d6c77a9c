"""The synced entities the API writes, and the facts the generic writes need about each."""

from dataclasses import dataclass

from backend.db import models
from backend.db.models.enums import UserRole

AUTHORS = frozenset({UserRole.ADMIN, UserRole.AUTHOR})
ADMINS = frozenset({UserRole.ADMIN})
# A match's sides; each must be a participation of the match's own tournament.
MATCH_SIDES = ("home_participation_id", "away_participation_id", "winner_participation_id")


@dataclass(frozen=True)
class EntityDef:
    name: str
    model: type[models.SyncedRecord]
    write_roles: frozenset[UserRole]
    parent: tuple[str, str] | None = None
    refs: tuple[tuple[str, str], ...] = ()
    unique: tuple[tuple[str, ...], ...] = ()
    """Column groups no two live rows may share; a clash is reported on a group's last column."""
    unique_per_tenant: bool = True

    @property
    def references(self) -> tuple[tuple[str, str], ...]:
        return ((self.parent,) if self.parent else ()) + self.refs


ENTITIES: dict[str, EntityDef] = {
    "grade": EntityDef("grade", models.Grade, AUTHORS, unique=(("name",),)),
    "subject": EntityDef("subject", models.Subject, AUTHORS, unique=(("slug",),)),
    "topic": EntityDef(
        "topic",
        models.Topic,
        AUTHORS,
        parent=("subject_id", "subject"),
        refs=(("grade_id", "grade"),),
    ),
    "lesson": EntityDef(
        "lesson", models.Lesson, AUTHORS, parent=("topic_id", "topic"), refs=(("user_id", "user"),)
    ),
    "exercise": EntityDef(
        "exercise",
        models.Exercise,
        AUTHORS,
        parent=("lesson_id", "lesson"),
        refs=(("user_id", "user"),),
    ),
    "tournament": EntityDef(
        "tournament",
        models.Tournament,
        ADMINS,
        refs=(("subject_id", "subject"), ("grade_id", "grade")),
    ),
    "tournament_participation": EntityDef(
        "tournament_participation",
        models.TournamentParticipation,
        ADMINS,
        parent=("tournament_id", "tournament"),
        refs=(("user_id", "user"),),
        unique=(("tournament_id", "user_id"),),
    ),
    "match": EntityDef(
        "match",
        models.Match,
        ADMINS,
        parent=("tournament_id", "tournament"),
        refs=tuple((side, "tournament_participation") for side in MATCH_SIDES),
        unique=(("tournament_id", "bracket", "round", "match_number"),),
    ),
    "user": EntityDef("user", models.User, ADMINS, unique=(("email",),), unique_per_tenant=False),
}


def children_of(name: str) -> list[EntityDef]:
    return [entity for entity in ENTITIES.values() if entity.parent and entity.parent[1] == name]
