"""Hygiene limits on operations: depth and aliases, with errors that name the limit.

A deep or alias-heavy document makes the server do unbounded work for one request;
both are refused before any resolver runs. The served schema has no recursive types, so
no *valid* document reaches the default depth: over HTTP the test nests unknown fields
(the limit is checked on the document's shape, before field validation could stop it),
and the in-process checks use a schema built with small limits to show valid documents
are held to them too.
"""

import asyncio
from typing import Any, cast

import pytest

from backend.config import Limits
from backend.graphql.context import Context
from backend.graphql.schema import build_schema
from tests.backend.harness import Harness
from tests.backend.helpers import People

LIMITS = Limits()


def nested(depth: int) -> str:
    """A document whose deepest field sits at ``depth`` (grades=1, edges=2, node=3...)."""
    inner = "leaf"
    for level in range(depth - 1, 2, -1):
        inner = f"f{level} {{ {inner} }}"
    return f"{{ grades {{ edges {{ node {{ {inner} }} }} }} }}"


def messages(body: dict[str, Any]) -> list[str]:
    return [error["message"] for error in body.get("errors", [])]


def test_a_document_deeper_than_the_limit_is_refused(people: People) -> None:
    too_deep = people.author.send(nested(LIMITS.max_query_depth + 1))
    assert "data" not in too_deep or too_deep["data"] is None
    expected = f"'anonymous' exceeds maximum operation depth of {LIMITS.max_query_depth}"
    assert expected in messages(too_deep)
    depth_error = next(e for e in too_deep["errors"] if e["message"] == expected)
    assert depth_error["extensions"]["code"] == "VALIDATION_ERROR"

    at_limit = people.author.send(nested(LIMITS.max_query_depth))
    assert not [m for m in messages(at_limit) if "depth" in m], "the limit itself is allowed"


def aliased(count: int) -> str:
    return "{ " + " ".join(f"a{n}: me {{ id }}" for n in range(count)) + " }"


def test_more_aliases_than_the_limit_are_refused(people: People) -> None:
    body = people.author.send(aliased(LIMITS.max_aliases + 1))
    assert body.get("data") is None
    assert messages(body) == [
        f"{LIMITS.max_aliases + 1} aliases found. Allowed: {LIMITS.max_aliases}"
    ]
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"

    allowed = people.author.data(aliased(LIMITS.max_aliases))
    assert len(allowed) == LIMITS.max_aliases
    assert allowed["a0"] == {"id": people.author.user_id}


def test_the_limits_apply_to_mutations_too(people: People) -> None:
    """A batch of aliased writes is how the studio pushes; it is held to the same limit
    and refused as a whole, so no part of an oversized batch is applied."""
    writes = " ".join(
        f'w{n}: createGrade(input: {{name: "G{n}"}}) {{ errors {{ code }} }}'
        for n in range(LIMITS.max_aliases + 1)
    )
    body = people.author.send(f"mutation {{ {writes} }}")
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert people.author.page("grades")["totalCount"] == 0


def run_in_process(limits: Limits, document: str) -> list[str]:
    """Execute against a schema with ``limits``, as an anonymous caller."""
    schema = build_schema(limits)
    context = Context(runtime=cast(Any, None), request=cast(Any, None))
    result = asyncio.run(schema.execute(document, context_value=context))
    return [error.message for error in result.errors or []]


DEPTH_3 = "{ grades { edges { node { id } } } }"


@pytest.mark.parametrize(
    ("max_depth", "refused"), [(2, True), (3, False), (LIMITS.max_query_depth, False)]
)
def test_valid_documents_are_held_to_the_configured_depth(max_depth: int, refused: bool) -> None:
    errors = run_in_process(Limits(max_query_depth=max_depth), DEPTH_3)
    depth_error = f"'anonymous' exceeds maximum operation depth of {max_depth}"
    assert (depth_error in errors) is refused
    if not refused:
        assert errors == ["sign in first"], "validation passed; the resolver ran"


@pytest.mark.parametrize(("max_aliases", "refused"), [(2, True), (3, False)])
def test_valid_documents_are_held_to_the_configured_alias_count(
    max_aliases: int, refused: bool
) -> None:
    errors = run_in_process(Limits(max_aliases=max_aliases), aliased(3))
    assert (f"3 aliases found. Allowed: {max_aliases}" in errors) is refused


def test_the_server_uses_the_limits_of_its_settings(backend: Harness) -> None:
    assert backend.runtime.settings.limits == LIMITS
