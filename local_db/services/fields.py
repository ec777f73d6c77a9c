"""The shared field rules (content_rules.fields) in the library's own terms.

Problems become FieldErrors with the server's error shape, and enum values become the
library's enum types, so the services and the forms deal in one vocabulary.
"""

import enum
from collections.abc import Mapping
from typing import Any

from content_rules import fields as rules
from local_db.entities import EntityKind
from local_db.models.enums import (
    Bracket,
    Difficulty,
    ExerciseType,
    MatchStatus,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
)
from local_db.services.errors import FieldError, invalid

ENUMS: dict[EntityKind, dict[str, type[enum.StrEnum]]] = {
    EntityKind.EXERCISE: {"type": ExerciseType, "difficulty": Difficulty},
    EntityKind.TOURNAMENT: {"status": TournamentStatus, "format": TournamentFormat},
    EntityKind.TOURNAMENT_PARTICIPATION: {"status": ParticipationStatus},
    EntityKind.MATCH: {"bracket": Bracket, "status": MatchStatus},
}
"""Per kind, because one field name means different things: a match's status is not a
tournament's."""


def field_names(kind: EntityKind) -> tuple[str, ...]:
    return rules.field_names(kind.value)


def clean_values(
    kind: EntityKind, values: Mapping[str, Any], *, partial: bool
) -> tuple[dict[str, Any], list[FieldError]]:
    cleaned, problems = rules.clean_values(kind.value, values, partial=partial)
    for name, enum_type in ENUMS.get(kind, {}).items():
        if cleaned.get(name) is not None:
            cleaned[name] = enum_type(cleaned[name])
    return cleaned, [invalid(problem.field, problem.message) for problem in problems]
