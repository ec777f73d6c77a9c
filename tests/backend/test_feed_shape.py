"""Every record the feed ships has exactly the fields and JSON types of its SDL object type."""

import uuid
from datetime import datetime
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNamedType,
    GraphQLObjectType,
    get_named_type,
    is_non_null_type,
)

from backend.db.models import UserRole
from backend.graphql.feed import FIELDS
from backend.graphql.schema import build_schema
from backend.graphql.types import SYNCED_TYPES, camel
from tests.backend.feed_client import FeedClient
from tests.backend.harness import PASSWORD, Harness
from tests.backend.test_feed import create


def _json_type_fits(named: GraphQLNamedType, value: Any) -> bool:
    if isinstance(named, GraphQLEnumType):
        return value in named.values
    if named.name == "ID":
        return isinstance(value, str) and uuid.UUID(value) is not None
    if named.name == "DateTime":
        return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    if named.name == "Int":
        return isinstance(value, int) and not isinstance(value, bool)
    checks: dict[str, type[Any] | tuple[type[Any], ...]] = {
        "String": str,
        "Boolean": bool,
        "JSON": (dict, list, str, int, float, bool),
    }
    return isinstance(value, checks[named.name])


def _seed_every_type(backend: Harness, token: str) -> None:
    grade = create(backend, token, "grade", {"name": "Year 7"})
    subject = create(backend, token, "subject", {"name": "Maths", "slug": "maths"})
    topic = create(
        backend, token, "topic", {"subjectId": subject["id"], "gradeId": grade["id"], "name": "A"}
    )
    lesson = create(backend, token, "lesson", {"topicId": topic["id"], "title": "Sums"})
    create(
        backend,
        token,
        "exercise",
        {
            "lessonId": lesson["id"],
            "type": "TRUE_FALSE",
            "prompt": "1 + 1 = 2",
            "answer": {"correct": True},
        },
    )
    player = create(
        backend,
        token,
        "user",
        {"email": "s@north.example", "role": "STUDENT", "password": PASSWORD},
    )
    tournament = create(
        backend,
        token,
        "tournament",
        {
            "name": "Cup",
            "startTime": "2026-12-01T09:00:00+00:00",
            "subjectId": subject["id"],
            "gradeId": grade["id"],
            "capacity": 8,
            "registrationClosesAt": "2026-11-30T09:00:00+00:00",
        },
    )
    home = create(
        backend,
        token,
        "tournamentParticipation",
        {"tournamentId": tournament["id"], "userId": player["id"], "seed": 1},
    )
    create(
        backend,
        token,
        "match",
        {
            "tournamentId": tournament["id"],
            "round": 1,
            "matchNumber": 1,
            "homeParticipationId": home["id"],
            "winnerParticipationId": home["id"],
            "startTime": "2026-12-01T09:00:00+00:00",
            "place": 1,
            "homeScore": 0,
            "awayScore": 0,
        },
    )


def test_every_record_has_the_fields_and_json_types_of_its_sdl_type(backend: Harness) -> None:
    backend.create_user("admin@north.example", role=UserRole.ADMIN)
    token = backend.login("admin@north.example")
    _seed_every_type(backend, token)
    page = FeedClient(backend, token).drain()[0]
    schema = build_schema()._schema
    for entity_type, field in FIELDS.items():
        sdl = schema.type_map[SYNCED_TYPES[entity_type].__name__]
        assert isinstance(sdl, GraphQLObjectType)
        records = page["records"][camel(field)]
        assert records, f"no {entity_type} in the feed"
        for record in records:
            assert record.keys() == sdl.fields.keys(), entity_type
            for name, definition in sdl.fields.items():
                value = record[name]
                if value is None:
                    assert not is_non_null_type(definition.type), (entity_type, name)
                else:
                    named = get_named_type(definition.type)
                    assert _json_type_fits(named, value), (entity_type, name, value)
