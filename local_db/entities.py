"""What the services, the import and the studio need to know about each editable entity.

One table of facts instead of one service class per entity: the parent a row hangs
from, the columns that scope its sibling order, and the references it must not break.
"""

import enum
from dataclasses import dataclass

from local_db.models import (
    Exercise,
    Grade,
    Lesson,
    Match,
    Ordered,
    Subject,
    Synced,
    Topic,
    Tournament,
    TournamentParticipation,
)


class EntityKind(enum.StrEnum):
    GRADE = "grade"
    SUBJECT = "subject"
    TOPIC = "topic"
    LESSON = "lesson"
    EXERCISE = "exercise"
    TOURNAMENT = "tournament"
    TOURNAMENT_PARTICIPATION = "tournament_participation"
    MATCH = "match"


@dataclass(frozen=True)
class EntitySpec:
    kind: EntityKind
    model: type[Synced]
    parent_field: str | None = None
    parent_kind: "EntityKind | None" = None
    optional_refs: tuple[tuple[str, EntityKind], ...] = ()
    sibling_scope: tuple[str, ...] = ()
    unique_fields: tuple[str, ...] = ()
    unique_together: tuple[str, ...] = ()
    """Columns whose values are unique together among live rows (a bracket slot)."""
    renumbered: str | None = None
    """The whole-number column of ``unique_together`` a sync may change to free the key;
    without one, a colliding local row is trashed instead."""

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)

    @property
    def ordered(self) -> bool:
        return issubclass(self.model, Ordered)

    @property
    def ordered_model(self) -> type[Ordered]:
        if not issubclass(self.model, Ordered):
            raise TypeError(f"{self.kind.value}s have no order")
        return self.model

    @property
    def label(self) -> str:
        return self.kind.value.replace("_", " ")


ENTITIES: dict[EntityKind, EntitySpec] = {
    EntityKind.GRADE: EntitySpec(EntityKind.GRADE, Grade, unique_fields=("name",)),
    EntityKind.SUBJECT: EntitySpec(EntityKind.SUBJECT, Subject, unique_fields=("slug",)),
    EntityKind.TOPIC: EntitySpec(
        EntityKind.TOPIC,
        Topic,
        parent_field="subject_id",
        parent_kind=EntityKind.SUBJECT,
        optional_refs=(("grade_id", EntityKind.GRADE),),
        sibling_scope=("subject_id", "grade_id"),
    ),
    EntityKind.LESSON: EntitySpec(
        EntityKind.LESSON,
        Lesson,
        parent_field="topic_id",
        parent_kind=EntityKind.TOPIC,
        sibling_scope=("topic_id",),
    ),
    EntityKind.EXERCISE: EntitySpec(
        EntityKind.EXERCISE,
        Exercise,
        parent_field="lesson_id",
        parent_kind=EntityKind.LESSON,
        sibling_scope=("lesson_id",),
    ),
    EntityKind.TOURNAMENT: EntitySpec(
        EntityKind.TOURNAMENT,
        Tournament,
        optional_refs=(("subject_id", EntityKind.SUBJECT), ("grade_id", EntityKind.GRADE)),
    ),
    EntityKind.TOURNAMENT_PARTICIPATION: EntitySpec(
        EntityKind.TOURNAMENT_PARTICIPATION,
        TournamentParticipation,
        parent_field="tournament_id",
        parent_kind=EntityKind.TOURNAMENT,
        unique_together=("tournament_id", "user_id"),
    ),
    EntityKind.MATCH: EntitySpec(
        EntityKind.MATCH,
        Match,
        parent_field="tournament_id",
        parent_kind=EntityKind.TOURNAMENT,
        optional_refs=tuple(
            (f"{side}_participation_id", EntityKind.TOURNAMENT_PARTICIPATION)
            for side in ("home", "away", "winner")
        ),
        unique_together=("tournament_id", "bracket", "round", "match_number"),
        renumbered="match_number",
    ),
}


def children_of(kind: EntityKind) -> list[EntitySpec]:
    """Entities whose parent (or optional reference) is ``kind``, e.g. a grade's topics."""
    return [
        spec
        for spec in ENTITIES.values()
        if spec.parent_kind == kind or any(ref == kind for _, ref in spec.optional_refs)
    ]
