"""GraphQL documents checked against the pinned contract before they leave the machine.

A document the server would refuse (a typo in a field, a wrong argument type) fails here
as ``GraphQLRequestError`` with no network trip, and with the same message whether the
server is reachable or not. The generated operations are constants, so their check is
cached by text; the sync engine's batch documents are checked each time.
"""

from collections.abc import Mapping
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from gql import GraphQLRequest
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    build_schema,
    validate,
)

from backend_client.errors import GraphQLRequestError
from backend_client.typed import Operation

CLIENT_MUTATION_ID = "clientMutationId"
# Their input accepts a clientMutationId, but the server records no answer for them: a
# repeated refreshToken would present a rotated token and end the session.
UNRECORDED_MUTATIONS = frozenset({"login", "refreshToken", "logout"})
# Longer texts are the sync engine's one-off batches: checking them again costs less than
# keeping them.
CACHED_TEXT_CHARS = 8192


@cache
def pinned_schema() -> GraphQLSchema:
    """The SDL this client was built against (``schema.graphql``, shipped in the package)."""
    return build_schema(files("backend_client").joinpath("schema.graphql").read_text("utf-8"))


def query_text(document: DocumentNode | str) -> str:
    """The document as sent, once it has been found valid against the pinned SDL."""
    if isinstance(document, str):
        if len(document) <= CACHED_TEXT_CHARS:
            return _checked_text(document)
        return _check_text(document)
    _check(document)
    return str(GraphQLRequest(document).payload["query"])


@lru_cache(maxsize=128)
def _checked_text(text: str) -> str:
    return _check_text(text)


def _check_text(text: str) -> str:
    try:
        document = GraphQLRequest(text).document
    except GraphQLError as error:
        raise GraphQLRequestError(
            f"the request is not valid GraphQL: {error.message}", code="VALIDATION_ERROR"
        ) from None
    _check(document)
    return text


def _check(document: DocumentNode) -> None:
    problems = validate(pinned_schema(), document)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GraphQLRequestError(
            f"the request does not fit the server's schema: {problems[0].message}{more}",
            code="VALIDATION_ERROR",
        )


@lru_cache(maxsize=128)
def root_fields(text: str) -> frozenset[str]:
    """The root field names of a document's operations (aliases resolved)."""
    document = GraphQLRequest(text).document
    return frozenset(
        selection.name.value
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for selection in definition.selection_set.selections
        if isinstance(selection, FieldNode)
    )


def retry_safe(operation: Operation[Any, Any], variables: Mapping[str, Any] | None) -> bool:
    """Queries change nothing; a mutation only when the server can recognise a repeat.

    The server records a mutation's answer under its ``clientMutationId`` and replays it
    for the same id, so sending it twice applies it once. Generated mutations have one
    root field, whose id sits either in ``input`` or among the arguments.
    """
    if operation.kind == "query":
        return True
    if not root_fields(operation.document).isdisjoint(UNRECORDED_MUTATIONS):
        return False
    values = variables or {}
    nested = values.get("input")
    if isinstance(nested, Mapping) and nested.get(CLIENT_MUTATION_ID):
        return True
    return bool(values.get(CLIENT_MUTATION_ID))
