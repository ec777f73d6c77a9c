"""Every ErrorCode of the schema, provoked for real, with the meaning the client acts on.

The studio's sync engine decides by code alone: INTERNAL_ERROR is retried with the same
clientMutationId, UNAUTHORIZED asks the user to sign in again, the others reject the
entry. So each code must mean exactly one thing, and an unexpected failure must be
INTERNAL_ERROR with nothing of the server's insides in the body.
"""

import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.backend.harness import Harness
from tests.backend.helpers import People, codes, sample
from tests.backend.introspection import introspect

Example = Callable[[Harness, People], list[dict[str, Any]]]


def validation_error(backend: Harness, people: People) -> list[dict[str, Any]]:
    """Input that breaks a rule: the payload names the field; a bad argument of a query
    and a malformed document are top-level errors with the same code."""
    payload = people.author.create("subject", name="Maths", slug="Not A Slug")
    assert codes(payload) == [("VALIDATION_ERROR", "slug")]
    assert "lowercase" in payload["errors"][0]["message"]
    query = people.author.send('{ grade(id: "nope") { id } }')["errors"][0]
    assert query["message"] == "id: must be a UUID"
    document = people.author.send("{ grades { nope } }")["errors"][0]
    assert "nope" in document["message"]
    syntax = people.author.send("{ grades { ")["errors"][0]
    assert "Syntax Error" in syntax["message"]
    variable = people.author.send("query($n: Int) { grades(first: $n) { totalCount } }", {"n": "x"})
    assert "Int cannot represent" in variable["errors"][0]["message"]
    stamp = people.author.send(
        "query($t: DateTime) { grades(filter: {updatedAfter: $t}) { totalCount } }", {"t": "soon"}
    )
    assert "DateTime" in stamp["errors"][0]["message"]
    return [
        payload["errors"][0],
        query["extensions"],
        document["extensions"],
        syntax["extensions"],
        variable["errors"][0]["extensions"],
        stamp["errors"][0]["extensions"],
    ]


def not_found(backend: Harness, people: People) -> list[dict[str, Any]]:
    """A write naming a row that does not exist (in the caller's tenant)."""
    missing = str(uuid.uuid4())
    found = []
    for payload in (
        people.author.update("subject", missing, name="x"),
        people.author.delete("subject", missing),
        people.author.restore("subject", missing),
    ):
        assert codes(payload) == [("NOT_FOUND", "id")] and payload["subject"] is None
        assert payload["errors"][0]["message"] == "no subject with this id"
        found.append(payload["errors"][0])
    return found


def unauthorized(backend: Harness, people: People) -> list[dict[str, Any]]:
    """No valid token: a top-level error for queries, a payload error for writes."""
    query = people.anonymous.send("{ subjects { totalCount } }")["errors"][0]
    payload = people.anonymous.create("grade", name="Year 1")
    assert payload["grade"] is None
    return [query["extensions"], payload["errors"][0]]


def forbidden(backend: Harness, people: People) -> list[dict[str, Any]]:
    """Signed in, but the role may not: a write, and a read of other users."""
    payload = people.student.create("grade", name="Year 1")
    assert payload["errors"][0]["message"] == "your role may not do this"
    query = people.student.send("{ users { totalCount } }")["errors"][0]
    assert query["message"] == "students cannot list users"
    return [payload["errors"][0], query["extensions"]]


def conflict(backend: Harness, people: People) -> list[dict[str, Any]]:
    """The row moved on since the version the client names; the payload carries it."""
    subject = people.author.made("subject", **sample("subject"))
    people.author.changed("subject", subject["id"], name="Theirs")
    payload = people.author.update("subject", subject["id"], name="Mine", expectedVersion=1)
    assert payload["subject"]["name"] == "Theirs" and payload["subject"]["version"] == 2
    return [payload["errors"][0]]


def corrupt_a_grade(backend: Harness) -> None:
    """Break one stored row below the ORM: a timestamp Python cannot represent (year
    20000 on PostgreSQL, not a date at all on SQLite). A real database-level failure."""

    async def corrupt(session: AsyncSession) -> None:
        value = (
            "'20000-01-01T00:00:00+00:00'::timestamptz"
            if session.get_bind().dialect.name == "postgresql"
            else "'not a date'"
        )
        await session.execute(text(f"UPDATE grades SET created_at = {value}"))

    backend.in_session(corrupt)


def internal_error(backend: Harness, people: People) -> list[dict[str, Any]]:
    """Anything unplanned: masked, for reads and for writes alike."""
    grade = people.author.made("grade", name="Year 1")
    corrupt_a_grade(backend)
    read = people.author.send("{ grades { edges { node { id createdAt } } } }")
    write = people.author.send(
        'mutation($id: ID!) { updateGrade(id: $id, input: {name: "x"}) { errors { code } } }',
        {"id": grade["id"]},
    )
    for body in (read, write):
        assert body["data"] is None
        assert [error["message"] for error in body["errors"]] == ["Internal error."]
        assert body["errors"][0]["extensions"] == {"code": "INTERNAL_ERROR"}
    return [read["errors"][0]["extensions"], write["errors"][0]["extensions"]]


EXAMPLES: dict[str, Example] = {
    "VALIDATION_ERROR": validation_error,
    "NOT_FOUND": not_found,
    "UNAUTHORIZED": unauthorized,
    "FORBIDDEN": forbidden,
    "CONFLICT": conflict,
    "INTERNAL_ERROR": internal_error,
}


def test_every_error_code_has_an_example(backend: Harness) -> None:
    values = introspect(backend).types["ErrorCode"]["enumValues"]
    assert {value["name"] for value in values} == set(EXAMPLES)


@pytest.mark.parametrize("code", EXAMPLES)
def test_error_code(backend: Harness, people: People, code: str) -> None:
    errors = EXAMPLES[code](backend, people)
    assert errors
    assert [error["code"] for error in errors] == [code] * len(errors)


def test_an_internal_error_shows_nothing_of_the_server_and_is_logged(
    backend: Harness, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    """The body holds no stack trace, SQL, driver or exception text; the server log
    holds the real exception so an operator can find the cause."""
    people.author.made("grade", name="Year 1")
    corrupt_a_grade(backend)
    with caplog.at_level(logging.ERROR):
        response = backend.client().post(
            "/graphql",
            json={"query": "{ grades { edges { node { createdAt } } } }"},
            headers={"Authorization": f"Bearer {people.author.token}"},
        )
    assert response.status_code == 200
    raw = response.text
    for leak in (
        "Traceback",
        'File "',
        "sqlalchemy",
        "asyncpg",
        "aiosqlite",
        "SELECT",
        "created_at",
        "Error:",
        "out of range",
        "isoformat",
        "not a date",
    ):
        assert leak not in raw, f"{leak!r} leaked: {raw}"
    assert json.loads(raw)["errors"][0]["extensions"] == {"code": "INTERNAL_ERROR"}
    logged = [record for record in caplog.records if record.exc_info]
    assert logged, "the unexpected error must reach the server log"
    assert any(isinstance(record.exc_info[1], Exception) for record in logged if record.exc_info)
