"""Small, typed helpers for the API tests: callers with tokens, generic CRUD calls, samples.

Creating accounts through the API (or ``create_account``) costs an argon2 hash, and
signing in an argon2 verify: about 0.2 s each. Most tests only need *a caller of some
role*, so ``add_user`` stores one precomputed hash and signs the access token with the
server's secret directly; the tests of sign-in itself (test_auth.py) use the real path.
"""

import dataclasses
import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.access_tokens import issue_access_token
from backend.auth.passwords import hash_password
from backend.auth.principal import Principal
from backend.auth.sessions import token_hash
from backend.db.models import RefreshToken, User, UserRole
from backend.domain.accounts import tenant_named
from backend.graphql import types
from backend.graphql.types import camel
from tests.backend.harness import PASSWORD, Harness

NORTH = "North School"
SOUTH = "South School"

ENTITY_TYPES: dict[str, type[Any]] = {
    "grade": types.Grade,
    "subject": types.Subject,
    "topic": types.Topic,
    "lesson": types.Lesson,
    "exercise": types.Exercise,
    "tournament": types.Tournament,
    "tournamentParticipation": types.TournamentParticipation,
    "match": types.Match,
    "user": types.User,
}
ENTITIES = tuple(ENTITY_TYPES)
CONTENT = ("grade", "subject", "topic", "lesson", "exercise")
# Admins only, and all of a tournament's rows: trashing it trashes the other two.
TOURNAMENT_ROWS = ("tournament", "tournamentParticipation", "match")
PLURALS = {name: f"{name}es" if name.endswith("ch") else f"{name}s" for name in ENTITIES}

MULTIPLE_CHOICE = {
    "choices": [{"text": "Four", "correct": True}, {"text": "Five", "correct": False}]
}


def type_name(entity: str) -> str:
    return ENTITY_TYPES[entity].__name__


def selection(entity: str) -> str:
    """Every field of the entity's GraphQL type, so tests compare whole records."""
    return " ".join(camel(field.name) for field in dataclasses.fields(ENTITY_TYPES[entity]))


ERRORS = "errors { code message field }"


@cache
def password_hash() -> str:
    """One argon2 hash of the harness password, shared by every fast user."""
    return hash_password(PASSWORD)


_HTTP: dict[str, httpx.Client] = {}


def http(backend: Harness) -> httpx.Client:
    """One kept-alive HTTP client per server: a new httpx.Client costs ~40 ms (TLS setup)."""
    client = _HTTP.get(backend.base_url)
    if client is None:
        client = _HTTP[backend.base_url] = backend.client()
    return client


@dataclass(frozen=True)
class Client:
    """Speaks GraphQL to the test server as one caller (``token`` None is anonymous)."""

    backend: Harness
    token: str | None = None

    def send(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The whole response body: ``data`` and possibly top-level ``errors``."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = http(self.backend).post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """``data`` of a response that must have no top-level errors."""
        body = self.send(query, variables)
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"]
        return result

    def top_level_error(self, query: str, variables: dict[str, Any] | None = None) -> str:
        """The ``extensions.code`` of the first top-level error (which must exist)."""
        body = self.send(query, variables)
        assert body.get("errors"), body
        code: str = body["errors"][0]["extensions"]["code"]
        return code

    # -- mutations: each returns the payload, ``{<entity>: record|None, errors: [...]|None}``

    def create(self, entity: str, **values: Any) -> dict[str, Any]:
        name = type_name(entity)
        query = (
            f"mutation($input: Create{name}Input!) {{ create{name}(input: $input)"
            f" {{ {entity} {{ {selection(entity)} }} {ERRORS} }} }}"
        )
        return self._payload(f"create{name}", query, {"input": values})

    def update(self, entity: str, row_id: str, **values: Any) -> dict[str, Any]:
        name = type_name(entity)
        query = (
            f"mutation($id: ID!, $input: Update{name}Input!) {{ update{name}(id: $id, input:"
            f" $input) {{ {entity} {{ {selection(entity)} }} {ERRORS} }} }}"
        )
        return self._payload(f"update{name}", query, {"id": row_id, "input": values})

    def delete(self, entity: str, row_id: str, **controls: Any) -> dict[str, Any]:
        return self._lifecycle("delete", entity, row_id, **controls)

    def restore(self, entity: str, row_id: str, **controls: Any) -> dict[str, Any]:
        return self._lifecycle("restore", entity, row_id, **controls)

    def _lifecycle(
        self,
        verb: str,
        entity: str,
        row_id: str,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> dict[str, Any]:
        field = f"{verb}{type_name(entity)}"
        query = (
            f"mutation($id: ID!, $v: Int, $c: String) {{ {field}(id: $id, expectedVersion: $v,"
            f" clientMutationId: $c) {{ {entity} {{ {selection(entity)} }} {ERRORS} }} }}"
        )
        variables = {"id": row_id, "v": expected_version, "c": client_mutation_id}
        return self._payload(field, query, variables)

    def _payload(self, field: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        payload: dict[str, Any] = self.data(query, variables)[field]
        return payload

    # -- mutations that must succeed: the record

    def made(self, entity: str, **values: Any) -> dict[str, Any]:
        return ok(self.create(entity, **values), entity)

    def changed(self, entity: str, row_id: str, **values: Any) -> dict[str, Any]:
        return ok(self.update(entity, row_id, **values), entity)

    def deleted(self, entity: str, row_id: str, **controls: Any) -> dict[str, Any]:
        return ok(self.delete(entity, row_id, **controls), entity)

    def restored(self, entity: str, row_id: str, **controls: Any) -> dict[str, Any]:
        return ok(self.restore(entity, row_id, **controls), entity)

    # -- queries

    def get(self, entity: str, row_id: str) -> dict[str, Any] | None:
        query = f"query($id: ID!) {{ {entity}(id: $id) {{ {selection(entity)} }} }}"
        record: dict[str, Any] | None = self.data(query, {"id": row_id})[entity]
        return record

    def row(self, entity: str, row_id: str) -> dict[str, Any]:
        """A record that must be visible to this caller."""
        record = self.get(entity, row_id)
        assert record is not None, f"{entity} {row_id} is not visible"
        return record

    def page(
        self,
        plural: str,
        *,
        first: int | None = None,
        after: str | None = None,
        filter: dict[str, Any] | None = None,
        fields: str = "id",
    ) -> dict[str, Any]:
        """One page of a list query: ``{edges, pageInfo, totalCount}``."""
        query = (
            f"query($first: Int, $after: String, $filter: {filter_type(plural)}) {{"
            f" {plural}(first: $first, after: $after, filter: $filter) {{"
            f" edges {{ cursor node {{ {fields} }} }}"
            " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }"
        )
        variables = {"first": first, "after": after, "filter": filter}
        connection: dict[str, Any] = self.data(query, variables)[plural]
        return connection

    def ids(self, plural: str, **filter: Any) -> list[str]:
        """Every id a list query answers, all pages followed."""
        found: list[str] = []
        after = None
        while True:
            page = self.page(plural, first=500, after=after, filter=filter or None)
            found += [edge["node"]["id"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]


def filter_type(plural: str) -> str:
    special = {
        "learningProgress": "LearningProgressFilter",
        "exerciseAttempts": "ExerciseAttemptFilter",
        "userBadges": "UserBadgeFilter",
        "matches": "MatchFilter",
    }
    return special.get(plural) or plural[0].upper() + plural[1:-1] + "Filter"


def ok(payload: dict[str, Any], entity: str) -> dict[str, Any]:
    """The record of a payload that must have succeeded."""
    assert payload["errors"] is None, payload
    record: dict[str, Any] = payload[entity]
    return record


def codes(payload: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(code, field) of each payload error, for compact assertions."""
    return [(error["code"], error["field"]) for error in payload["errors"] or []]


@dataclass(frozen=True)
class Caller(Client):
    """A signed-in caller: the user row's facts and a token for it."""

    user_id: str = ""
    tenant_id: str = ""
    role: UserRole = UserRole.STUDENT
    email: str = ""


def sign(
    backend: Harness,
    user_id: str | uuid.UUID,
    tenant_id: str | uuid.UUID,
    role: UserRole,
    *,
    lifetime: timedelta = timedelta(minutes=15),
    secret: str | None = None,
) -> str:
    """An access token as the server issues it, with any claims a test needs."""
    principal = Principal(uuid.UUID(str(user_id)), uuid.UUID(str(tenant_id)), role)
    return issue_access_token(principal, secret or backend.runtime.settings.secret, lifetime)


def add_user(
    backend: Harness,
    email: str,
    role: UserRole,
    tenant: str = NORTH,
    *,
    tenant_id: str | None = None,
) -> Caller:
    """A user of ``tenant`` (by name, created on first use, or by id) and a valid token."""

    async def insert(session: AsyncSession) -> User:
        owner_id = uuid.UUID(tenant_id) if tenant_id else (await tenant_named(session, tenant)).id
        user = User(
            tenant_id=owner_id,
            email=email,
            display_name=email.split("@")[0],
            role=role,
            password_hash=password_hash(),
            version=1,
        )
        session.add(user)
        await session.flush()
        return user

    user = backend.in_session(insert)
    return Caller(
        backend,
        sign(backend, user.id, user.tenant_id, role),
        str(user.id),
        str(user.tenant_id),
        role,
        email,
    )


def add_refresh_token(
    backend: Harness, caller: Caller, *, lifetime: timedelta = timedelta(days=1)
) -> str:
    """A refresh token of a new sign-in family, without an argon2 round trip."""
    token = uuid.uuid4().hex + uuid.uuid4().hex

    async def insert(session: AsyncSession) -> None:
        session.add(
            RefreshToken(
                tenant_id=uuid.UUID(caller.tenant_id),
                user_id=uuid.UUID(caller.user_id),
                token_hash=token_hash(token),
                family_id=uuid.uuid4(),
                expires_at=datetime.now(UTC) + lifetime,
            )
        )

    backend.in_session(insert)
    return token


@dataclass(frozen=True)
class People:
    """The usual cast: three roles in North School, an admin and a student in South."""

    anonymous: Client
    admin: Caller
    author: Caller
    student: Caller
    outsider: Caller
    outsider_student: Caller

    @classmethod
    def of(cls, backend: Harness) -> "People":
        return cls(
            anonymous=Client(backend),
            admin=add_user(backend, "admin@north.example", UserRole.ADMIN),
            author=add_user(backend, "author@north.example", UserRole.AUTHOR),
            student=add_user(backend, "student@north.example", UserRole.STUDENT),
            outsider=add_user(backend, "admin@south.example", UserRole.ADMIN, SOUTH),
            outsider_student=add_user(backend, "student@south.example", UserRole.STUDENT, SOUTH),
        )

    def by_role(self) -> dict[str, Client]:
        return {
            "anonymous": self.anonymous,
            "STUDENT": self.student,
            "AUTHOR": self.author,
            "ADMIN": self.admin,
        }


def unique() -> str:
    return uuid.uuid4().hex[:8]


# Match numbers never repeat within a test run, so samples never clash on the unique rule.
_MATCH_NUMBERS = itertools.count(1)
START = "2030-03-02T09:00:00+00:00"


def sample(entity: str, parents: dict[str, str] | None = None) -> dict[str, Any]:
    """Valid create input for ``entity``; ``parents`` maps ``subjectId`` etc. to ids (a
    participation's ``userId`` must not take part in that tournament yet)."""
    parents = parents or {}
    tag = unique()
    values: dict[str, Callable[[], dict[str, Any]]] = {
        "grade": lambda: {"name": f"Grade {tag}"},
        "subject": lambda: {"name": f"Maths {tag}", "slug": f"maths-{tag}", "icon": "calc"},
        "topic": lambda: {"subjectId": parents["subjectId"], "name": f"Fractions {tag}"},
        "lesson": lambda: {"topicId": parents["topicId"], "title": f"Halves {tag}"},
        "exercise": lambda: {
            "lessonId": parents["lessonId"],
            "type": "MULTIPLE_CHOICE",
            "prompt": "2 + 2?",
            "answer": MULTIPLE_CHOICE,
        },
        "tournament": lambda: {"name": f"Cup {tag}", "status": "SCHEDULED", "startTime": START},
        "tournamentParticipation": lambda: {
            "tournamentId": parents["tournamentId"],
            "userId": parents["userId"],
        },
        "match": lambda: {
            "tournamentId": parents["tournamentId"],
            "round": 1,
            "matchNumber": next(_MATCH_NUMBERS),
        },
        "user": lambda: {
            "email": f"user-{tag}@north.example",
            "role": "STUDENT",
            "password": "a long enough password",
        },
    }
    return values[entity]()


@dataclass(frozen=True)
class Tree:
    """One of each entity, linked: grade, subject > topic > lesson > exercise, and a
    tournament > two participations > a match between them, and a user who does not
    take part (``parents["userId"]``, free for a new participation)."""

    rows: dict[str, dict[str, Any]]

    def __getitem__(self, entity: str) -> dict[str, Any]:
        return self.rows[entity]

    def id(self, entity: str) -> str:
        value: str = self.rows[entity]["id"]
        return value

    @property
    def parents(self) -> dict[str, str]:
        keys = {
            "subjectId": "subject",
            "topicId": "topic",
            "lessonId": "lesson",
            "tournamentId": "tournament",
            "userId": "user",
        }
        return {key: self.id(entity) for key, entity in keys.items() if entity in self.rows}

    @classmethod
    def build(cls, admin: Caller, *, published: bool = True, content_only: bool = False) -> "Tree":
        rows: dict[str, dict[str, Any]] = {}
        rows["grade"] = admin.made("grade", **sample("grade"))
        rows["subject"] = admin.made("subject", **sample("subject"))
        rows["topic"] = admin.made(
            "topic",
            **sample("topic", {"subjectId": rows["subject"]["id"]}),
            gradeId=rows["grade"]["id"],
        )
        rows["lesson"] = admin.made(
            "lesson", **sample("lesson", {"topicId": rows["topic"]["id"]}), published=published
        )
        rows["exercise"] = admin.made(
            "exercise", **sample("exercise", {"lessonId": rows["lesson"]["id"]})
        )
        if not content_only:
            rows["tournament"] = admin.made("tournament", **sample("tournament"))
            # Not createUser: its argon2 hash costs 0.2 s, and test_crud covers it.
            user = add_user(
                admin.backend, sample("user")["email"], UserRole.STUDENT, tenant_id=admin.tenant_id
            )
            rows["user"] = admin.get("user", user.user_id) or {}
            home, away = (
                admin.made(
                    "tournamentParticipation",
                    tournamentId=rows["tournament"]["id"],
                    userId=participant(admin),
                )
                for _ in "ha"
            )
            rows["tournamentParticipation"] = home
            rows["match"] = admin.made(
                "match",
                **sample("match", {"tournamentId": rows["tournament"]["id"]}),
                homeParticipationId=home["id"],
                awayParticipationId=away["id"],
            )
        return cls(rows)


def participant(admin: Caller) -> str:
    """A new student of the admin's school, free to take part in any tournament."""
    email = f"player-{unique()}@example.org"
    return add_user(admin.backend, email, UserRole.STUDENT, tenant_id=admin.tenant_id).user_id


def snapshot(client: Client) -> dict[str, list[dict[str, Any]]]:
    """Every synced row the caller can see, trash included, for "nothing changed" checks."""
    return {
        entity: [
            edge["node"]
            for edge in client.page(
                PLURALS[entity],
                first=500,
                filter={"includeDeleted": True},
                fields=selection(entity),
            )["edges"]
        ]
        for entity in ENTITIES
    }
