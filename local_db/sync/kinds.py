"""Which tables the sync engine moves, in which order, and which of their fields it merges.

Every row type the change feed carries is applied locally (lessons point at users),
but only the curriculum and tournaments (with their participations and matches) are
edited here and pushed. ``rank`` orders writes: parents first for creates and moves, children first
for deletes, and the pull applies a page in rank order so every foreign key holds.
"""

import enum
from dataclasses import dataclass

from local_db.entities import ENTITIES, EntityKind
from local_db.models import Synced, User, UserRole
from local_db.services.fields import ENUMS, field_names

DELETED_AT = "deleted_at"


@dataclass(frozen=True)
class SyncedKind:
    name: str
    model: type[Synced]
    rank: int
    fields: tuple[str, ...]
    """The fields a person edits: merged three-way, compared against the base."""
    references: tuple[str, ...] = ()
    """Foreign keys to other synced rows, which must reach the server first."""
    pushed: bool = False
    enums: tuple[tuple[str, type[enum.StrEnum]], ...] = ()

    @property
    def merged_fields(self) -> tuple[str, ...]:
        return (*self.fields, DELETED_AT)


def _edited(kind: EntityKind, rank: int, references: tuple[str, ...]) -> SyncedKind:
    names = field_names(kind)
    return SyncedKind(
        name=kind.value,
        model=ENTITIES[kind].model,
        rank=rank,
        fields=names,
        references=references,
        pushed=True,
        enums=tuple(ENUMS.get(kind, {}).items()),
    )


KINDS: dict[str, SyncedKind] = {
    kind.name: kind
    for kind in (
        SyncedKind(
            "user",
            User,
            0,
            ("email", "display_name", "role", "tenant_id"),
            enums=(("role", UserRole),),
        ),
        _edited(EntityKind.GRADE, 1, ()),
        _edited(EntityKind.SUBJECT, 1, ()),
        _edited(EntityKind.TOPIC, 2, ("subject_id", "grade_id")),
        _edited(EntityKind.LESSON, 3, ("topic_id", "user_id")),
        _edited(EntityKind.EXERCISE, 4, ("lesson_id", "user_id")),
        _edited(EntityKind.TOURNAMENT, 2, ("subject_id", "grade_id")),
        _edited(EntityKind.TOURNAMENT_PARTICIPATION, 3, ("tournament_id", "user_id")),
        _edited(
            EntityKind.MATCH,
            4,
            (
                "tournament_id",
                "home_participation_id",
                "away_participation_id",
                "winner_participation_id",
            ),
        ),
    )
}

APPLY_ORDER: tuple[SyncedKind, ...] = tuple(sorted(KINDS.values(), key=lambda kind: kind.rank))
