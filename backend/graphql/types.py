"""The SDL's object types, and the one conversion from database rows to their shape.

``to_record`` turns a row into a JSON-ready dict shaped exactly like the type (camelCase
keys, ids and timestamps as strings, enums by value). The change feed ships pages of
these dicts, replayed mutations store them, and ``from_record`` rebuilds the GraphQL
object from one, so all three can never drift apart.
"""

import dataclasses
import uuid
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar, get_type_hints

import strawberry
from strawberry.scalars import JSON

from backend.db.models import (
    Bracket,
    Difficulty,
    ExerciseType,
    MatchStatus,
    ParticipationStatus,
    ProgressStatus,
    TournamentFormat,
    TournamentStatus,
    UserRole,
)

ENUMS: tuple[type[Enum], ...] = (
    UserRole,
    ExerciseType,
    Difficulty,
    TournamentStatus,
    TournamentFormat,
    ParticipationStatus,
    Bracket,
    MatchStatus,
    ProgressStatus,
)
for _enum in ENUMS:
    strawberry.enum(_enum)


@strawberry.type
class Grade:
    id: strawberry.ID
    name: str
    position: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Subject:
    id: strawberry.ID
    name: str
    slug: str
    icon: str
    description: str
    position: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Topic:
    id: strawberry.ID
    subject_id: strawberry.ID
    grade_id: strawberry.ID | None
    name: str
    description: str
    position: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Lesson:
    id: strawberry.ID
    topic_id: strawberry.ID
    user_id: strawberry.ID | None
    title: str
    content: str
    position: str
    published: bool
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Exercise:
    id: strawberry.ID
    lesson_id: strawberry.ID
    user_id: strawberry.ID | None
    type: ExerciseType
    difficulty: Difficulty
    prompt: str
    answer: JSON
    explanation: str
    points: int
    position: str
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Tournament:
    id: strawberry.ID
    name: str
    description: str
    status: TournamentStatus
    start_time: datetime | None
    format: TournamentFormat
    time_zone: str = strawberry.field(
        description="IANA name (Europe/Berlin) of the zone the schedule rules' hours and "
        "weekdays are meant in; every timestamp itself is UTC."
    )
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    check_in_opens_at: datetime | None
    check_in_closes_at: datetime | None
    capacity: int | None
    subject_id: strawberry.ID | None
    grade_id: strawberry.ID | None
    round_exercises: JSON = strawberry.field(
        description="Round number (as a string) to the ids of that round's exercises: "
        '`{"1": ["<exercise id>", ...]}`.'
    )
    schedule_rules: JSON = strawberry.field(
        description="Match length, breaks, daily windows, weekdays, blackout dates and "
        "places, in the tournament's time zone (shape: content_rules.tournaments)."
    )
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class TournamentParticipation:
    id: strawberry.ID
    tournament_id: strawberry.ID
    user_id: strawberry.ID
    seed: int | None
    status: ParticipationStatus
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class Match:
    id: strawberry.ID
    tournament_id: strawberry.ID
    bracket: Bracket
    round: int
    match_number: int
    home_participation_id: strawberry.ID | None = strawberry.field(
        description="Null while the side is not known yet, or for a bye."
    )
    away_participation_id: strawberry.ID | None = strawberry.field(
        description="Null while the side is not known yet, or for a bye."
    )
    winner_participation_id: strawberry.ID | None
    status: MatchStatus
    start_time: datetime | None
    place: int | None = strawberry.field(description="The room or table, numbered from 1.")
    home_score: int | None
    away_score: int | None
    if_needed: bool = strawberry.field(
        description="Played only if an earlier result calls for it (a reset final)."
    )
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class User:
    id: strawberry.ID
    email: str
    display_name: str
    role: UserRole
    tenant_id: strawberry.ID
    version: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


@strawberry.type
class LearningProgress:
    id: strawberry.ID
    user_id: strawberry.ID
    lesson_id: strawberry.ID
    status: ProgressStatus
    percent_complete: int
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


@strawberry.type
class ExerciseAttempt:
    id: strawberry.ID
    user_id: strawberry.ID
    exercise_id: strawberry.ID
    response: JSON
    is_correct: bool
    score: int
    created_at: datetime


@strawberry.type
class Badge:
    id: strawberry.ID
    name: str
    description: str
    icon: str
    created_at: datetime


@strawberry.type
class UserBadge:
    id: strawberry.ID
    user_id: strawberry.ID
    badge_id: strawberry.ID
    awarded_at: datetime


SYNCED_TYPES: dict[str, type[Any]] = {
    "grade": Grade,
    "subject": Subject,
    "topic": Topic,
    "lesson": Lesson,
    "exercise": Exercise,
    "tournament": Tournament,
    "tournament_participation": TournamentParticipation,
    "match": Match,
    "user": User,
}

T = TypeVar("T")
Converter = Callable[[Any], Any]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _enum_value(value: Enum) -> Any:
    return value.value


def _json_converter(kind: type[Any]) -> Converter | None:
    if issubclass(kind, uuid.UUID):
        return str
    if issubclass(kind, datetime):
        return datetime.isoformat
    if issubclass(kind, Enum):
        return _enum_value
    return None


_CONVERTERS: dict[type[Any], Converter | None] = {}


def _to_json_value(value: Any) -> Any:
    """UUIDs and datetimes as text, enums by value; chosen once per concrete type,
    because the change feed converts every value of every page through here."""
    kind = type(value)
    try:
        convert = _CONVERTERS[kind]
    except KeyError:
        convert = _CONVERTERS[kind] = _json_converter(kind)
    return value if convert is None else convert(value)


@dataclasses.dataclass(frozen=True)
class _Shape:
    """Per type: (attribute, camelCase key, parse-from-JSON) for each field, computed once."""

    fields: tuple[tuple[str, str, Converter], ...]


_SHAPES: dict[type[Any], _Shape] = {}


def _parse_datetime(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _keep(value: Any) -> Any:
    return value


def _enum_parser(enum_type: type[Enum]) -> Converter:
    def parse(value: Any) -> Enum | None:
        return None if value is None else enum_type(value)

    return parse


def _parser(hint: Any) -> Converter:
    """How to read a field back from its JSON form, judged by its annotation."""
    text = str(hint)
    if "datetime" in text:
        return _parse_datetime
    for enum_type in ENUMS:
        if enum_type.__name__ in text:
            return _enum_parser(enum_type)
    return _keep


def _shape(cls: type[Any]) -> _Shape:
    shape = _SHAPES.get(cls)
    if shape is None:
        hints = get_type_hints(cls)
        shape = _Shape(
            tuple(
                (field.name, camel(field.name), _parser(hints[field.name]))
                for field in dataclasses.fields(cls)
            )
        )
        _SHAPES[cls] = shape
    return shape


def to_record(cls: type[Any], row: Any) -> dict[str, Any]:
    """A row as a JSON-ready dict with exactly the SDL fields of ``cls``."""
    return {
        key: _to_json_value(getattr(row, attribute)) for attribute, key, _ in _shape(cls).fields
    }


def from_row(cls: type[T], row: Any) -> T:
    values = {}
    for attribute, _key, _parse in _shape(cls).fields:
        value = getattr(row, attribute)
        values[attribute] = str(value) if isinstance(value, uuid.UUID) else value
    return cls(**values)


def from_record(cls: type[T], record: dict[str, Any]) -> T:
    return cls(**{attribute: parse(record[key]) for attribute, key, parse in _shape(cls).fields})
