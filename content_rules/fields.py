"""Field rules for every editable entity, by entity name ("lesson") and column name.

The studio's forms, its services, its import and the server's mutations all check with
these, so a form never accepts what the server would refuse. Values arrive from forms,
JSON files and GraphQL inputs, so each rule also coerces (an id as text, a number as
text) before it checks. Enum values come back as plain strings; each side maps them to
its own enum types.
"""

import enum
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from content_rules.answers import EXERCISE_TYPES
from content_rules.ordering import MAX_KEY_LENGTH, is_valid_key
from content_rules.problems import Problem
from content_rules.vocabulary import (
    Bracket,
    Difficulty,
    MatchStatus,
    ParticipationStatus,
    TournamentFormat,
    TournamentStatus,
)

DIFFICULTIES = tuple(Difficulty)
TOURNAMENT_STATUSES = tuple(TournamentStatus)


def _default_schedule_rules() -> dict[str, Any]:
    # Imported late: the tournament rules build on this module's shapes.
    from content_rules.tournaments.records import default_schedule_rules

    return default_schedule_rules()


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Shape(enum.Enum):
    LINE = "single line of text"
    TEXT = "text"
    SLUG = "slug"
    ID = "id"
    ENUM = "choice"
    INTEGER = "whole number"
    DATETIME = "date and time"
    JSON = "structured data"
    POSITION = "position"
    BOOLEAN = "true or false"


@dataclass(frozen=True)
class Field:
    name: str
    shape: Shape
    required: bool = False
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    default: Callable[[], Any] | None = None


def _line(name: str, max_length: int, required: bool = True) -> Field:
    default = None if required else str
    return Field(name, Shape.LINE, required=required, max_length=max_length, default=default)


def _text(name: str, max_length: int) -> Field:
    return Field(name, Shape.TEXT, max_length=max_length, default=str)


def _ref(name: str, required: bool = True) -> Field:
    return Field(name, Shape.ID, required=required)


_POSITION = Field("position", Shape.POSITION, max_length=MAX_KEY_LENGTH)

FIELDS: dict[str, tuple[Field, ...]] = {
    "grade": (_line("name", 100), _POSITION),
    "subject": (
        _line("name", 120),
        Field("slug", Shape.SLUG, required=True, max_length=80),
        _line("icon", 64, required=False),
        _text("description", 5_000),
        _POSITION,
    ),
    "topic": (
        _ref("subject_id"),
        _ref("grade_id", required=False),
        _line("name", 200),
        _text("description", 5_000),
        _POSITION,
    ),
    "lesson": (
        _ref("topic_id"),
        _ref("user_id", required=False),
        _line("title", 200),
        _text("content", 500_000),
        Field("published", Shape.BOOLEAN, default=lambda: False),
        _POSITION,
    ),
    "exercise": (
        _ref("lesson_id"),
        _ref("user_id", required=False),
        Field("type", Shape.ENUM, required=True, choices=EXERCISE_TYPES),
        Field("difficulty", Shape.ENUM, choices=DIFFICULTIES, default=lambda: "MEDIUM"),
        Field("prompt", Shape.TEXT, required=True, max_length=10_000),
        Field("answer", Shape.JSON, required=True),
        _text("explanation", 10_000),
        Field("points", Shape.INTEGER, minimum=0, maximum=1_000, default=lambda: 1),
        _POSITION,
    ),
    "tournament": (
        _line("name", 200),
        _text("description", 5_000),
        Field(
            "status",
            Shape.ENUM,
            choices=TOURNAMENT_STATUSES,
            default=lambda: "DRAFT",
        ),
        Field("start_time", Shape.DATETIME),
        Field(
            "format",
            Shape.ENUM,
            choices=tuple(TournamentFormat),
            default=lambda: "SINGLE_ELIMINATION",
        ),
        Field("time_zone", Shape.LINE, max_length=64, default=lambda: "UTC"),
        Field("registration_opens_at", Shape.DATETIME),
        Field("registration_closes_at", Shape.DATETIME),
        Field("check_in_opens_at", Shape.DATETIME),
        Field("check_in_closes_at", Shape.DATETIME),
        Field("capacity", Shape.INTEGER, minimum=2, maximum=4_096),
        _ref("subject_id", required=False),
        _ref("grade_id", required=False),
        Field("round_exercises", Shape.JSON, default=dict),
        Field("schedule_rules", Shape.JSON, default=_default_schedule_rules),
    ),
    "tournament_participation": (
        _ref("tournament_id"),
        _ref("user_id"),
        Field("seed", Shape.INTEGER, minimum=1, maximum=4_096),
        Field(
            "status",
            Shape.ENUM,
            choices=tuple(ParticipationStatus),
            default=lambda: "REGISTERED",
        ),
    ),
    "match": (
        _ref("tournament_id"),
        Field("bracket", Shape.ENUM, choices=tuple(Bracket), default=lambda: "MAIN"),
        Field("round", Shape.INTEGER, required=True, minimum=1, maximum=64),
        Field("match_number", Shape.INTEGER, required=True, minimum=1, maximum=4_096),
        _ref("home_participation_id", required=False),
        _ref("away_participation_id", required=False),
        _ref("winner_participation_id", required=False),
        Field("status", Shape.ENUM, choices=tuple(MatchStatus), default=lambda: "SCHEDULED"),
        Field("start_time", Shape.DATETIME),
        Field("place", Shape.INTEGER, minimum=1, maximum=1_000),
        Field("home_score", Shape.INTEGER, minimum=0, maximum=1_000_000),
        Field("away_score", Shape.INTEGER, minimum=0, maximum=1_000_000),
        Field("if_needed", Shape.BOOLEAN, default=lambda: False),
    ),
}


def field_names(entity: str) -> tuple[str, ...]:
    return tuple(field.name for field in FIELDS[entity])


def clean_values(
    entity: str, values: Mapping[str, Any], *, partial: bool
) -> tuple[dict[str, Any], list[Problem]]:
    """Coerce and check ``values``; with ``partial`` only the given fields are checked.

    Returns the cleaned values (defaults filled in for a full record) and every problem
    found, so a form can mark all its bad fields at once.
    """
    known = {field.name: field for field in FIELDS[entity]}
    errors = [
        Problem(name, f"{entity} has no field '{name}'") for name in values if name not in known
    ]
    cleaned: dict[str, Any] = {}
    for field in known.values():
        if field.name in values:
            value, error = _clean(field, values[field.name])
            if error is not None:
                errors.append(Problem(field.name, error))
                continue
            cleaned[field.name] = value
        elif not partial:
            if field.required:
                errors.append(Problem(field.name, "is required"))
            elif field.default is not None:
                cleaned[field.name] = field.default()
            elif field.shape is not Shape.POSITION:
                cleaned[field.name] = None
    return cleaned, errors


def _clean(field: Field, value: Any) -> tuple[Any, str | None]:
    if value is None:
        if field.required:
            return None, "is required"
        if field.default is not None:
            return field.default(), None
        return None, None
    cleaner = _CLEANERS[field.shape]
    return cleaner(field, value)


def _clean_string(field: Field, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "must be text"
    if field.shape is not Shape.TEXT:
        value = value.strip()
        if "\n" in value or "\r" in value:
            return None, "must be a single line"
    if field.required and not value.strip():
        return None, "must not be empty"
    if field.max_length is not None and len(value) > field.max_length:
        return None, f"must be at most {field.max_length} characters (got {len(value)})"
    if field.shape is Shape.SLUG and not SLUG_PATTERN.match(value):
        return None, (
            "must be lowercase letters, digits and single hyphens, "
            "without a hyphen at either end (e.g. 'algebra-basics')"
        )
    if field.shape is Shape.POSITION and not is_valid_key(value):
        return None, "is not a valid position key"
    return value, None


def _clean_id(_field: Field, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, uuid.UUID):
        return value, None
    if isinstance(value, str):
        try:
            return uuid.UUID(value), None
        except ValueError:
            pass
    return None, "must be a UUID"


def _clean_enum(field: Field, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value in field.choices:
        return value, None
    return None, f"must be one of {', '.join(field.choices)} (got {value!r})"


def _clean_integer(field: Field, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None, "must be a whole number"
    try:
        number = int(value)
    except ValueError:
        return None, "must be a whole number"
    if field.minimum is not None and number < field.minimum:
        return None, f"must be at least {field.minimum}"
    if field.maximum is not None and number > field.maximum:
        return None, f"must be at most {field.maximum}"
    return number, None


def _clean_datetime(_field: Field, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None, "must be an ISO 8601 date and time, e.g. 2026-09-01T09:00:00+02:00"
    if not isinstance(value, datetime):
        return None, "must be a date and time"
    if value.tzinfo is None:
        return None, "must include a time zone offset"
    return value, None


def _clean_boolean(_field: Field, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, "must be true or false"
    return value, None


def _clean_json(_field: Field, value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, dict):
        return None, "must be an object"
    return value, None


_CLEANERS: dict[Shape, Callable[[Field, Any], tuple[Any, str | None]]] = {
    Shape.LINE: _clean_string,
    Shape.TEXT: _clean_string,
    Shape.SLUG: _clean_string,
    Shape.POSITION: _clean_string,
    Shape.ID: _clean_id,
    Shape.ENUM: _clean_enum,
    Shape.INTEGER: _clean_integer,
    Shape.DATETIME: _clean_datetime,
    Shape.JSON: _clean_json,
    Shape.BOOLEAN: _clean_boolean,
}
