"""The shared field rules (content_rules.fields) in the library's own terms.

Problems become FieldErrors with the server's error shape, and enum values become the
library's enum types, so the services and the forms deal in one vocabulary.
"""

import enum
from collections.abc import Mapping
from typing import Any

from content_rules import fields as rules
from local_db.entities import EntityKind
from local_db.models.enums import Difficulty, ExerciseType, TournamentStatus
from local_db.services.errors import FieldError, invalid

ENUMS: dict[str, type[enum.StrEnum]] = {
    "type": ExerciseType,
    "difficulty": Difficulty,
    "status": TournamentStatus,
}


def field_names(kind: EntityKind) -> tuple[str, ...]:
    return rules.field_names(kind.value)


def clean_values(
    kind: EntityKind, values: Mapping[str, Any], *, partial: bool
) -> tuple[dict[str, Any], list[FieldError]]:
    cleaned, problems = rules.clean_values(kind.value, values, partial=partial)
    for name, enum_type in ENUMS.items():
        if cleaned.get(name) is not None:
            cleaned[name] = enum_type(cleaned[name])
    return cleaned, [invalid(problem.field, problem.message) for problem in problems]
