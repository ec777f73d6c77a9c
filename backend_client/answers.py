"""A GraphQL answer over HTTP, read into ``data`` or into the error a caller acts on.

The server speaks GraphQL-over-HTTP, but proxies and broken deployments answer with
HTML, empty bodies or truncated JSON; each of those is ``MalformedResponse`` (naming
where it went wrong), never a ``KeyError`` or ``JSONDecodeError`` somewhere later.
"""

import json
from collections.abc import Mapping
from typing import Any

from backend_client.errors import (
    GraphQLRequestError,
    MalformedResponse,
    ServerError,
    SignInRequired,
)
from backend_client.http import HttpReply
from backend_client.typed import Operation, Result

UNAUTHORIZED = "UNAUTHORIZED"
INTERNAL_ERROR = "INTERNAL_ERROR"
# Refusals that say "not now" rather than "not this": worth asking again later.
BUSY_STATUSES = frozenset({408, 429})


def graphql_data(reply: HttpReply) -> dict[str, Any]:
    """The answer's ``data``, or the exception its status and ``errors`` call for."""
    if reply.status == 401:
        raise SignInRequired("the server refused the access token")
    if reply.status >= 500 or reply.status in BUSY_STATUSES:
        raise ServerError(f"the server failed (HTTP {reply.status})", status=reply.status)
    refused = GraphQLRequestError(f"the server refused the request (HTTP {reply.status})")
    success = 200 <= reply.status < 300
    try:
        answer = json_object(reply.body)
    except MalformedResponse:
        # A 404 page or a proxy's refusal: its status says more than its body.
        if success:
            raise
        raise refused from None
    if answer.get("errors") is not None:
        raise request_error(answer["errors"], reply.status)
    if not success:
        raise refused
    if "data" not in answer:
        raise MalformedResponse("data", "missing, and no errors say why")
    data = answer["data"]
    if not isinstance(data, dict):
        raise MalformedResponse("data", f"expected an object, got {_kind(data)}")
    return data


def json_object(body: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedResponse("response", _not_json(body)) from None
    if not isinstance(answer, dict):
        raise MalformedResponse("response", f"expected a JSON object, got {_kind(answer)}")
    return answer


def request_error(errors: object, status: int) -> GraphQLRequestError | ServerError:
    """One exception for a list of errors: the one that decides what the caller does."""
    if not isinstance(errors, list) or not errors:
        raise MalformedResponse("errors", "expected a non-empty list")
    found: list[tuple[str | None, str]] = []
    for index, error in enumerate(errors):
        if not isinstance(error, dict) or not isinstance(error.get("message"), str):
            raise MalformedResponse(f"errors[{index}]", "expected an object with a message")
        found.append((error_code(error), error["message"]))
    codes = [code for code, _ in found]
    if UNAUTHORIZED in codes:
        return SignInRequired(found[codes.index(UNAUTHORIZED)][1])
    if INTERNAL_ERROR in codes:
        return ServerError(found[codes.index(INTERNAL_ERROR)][1], status=status)
    code, message = found[0]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return GraphQLRequestError(f"{message}{more}", code=code)


def error_code(error: Mapping[str, Any]) -> str | None:
    """GraphQL errors carry the code in ``extensions``; the REST endpoints (and the body
    limit in front of /graphql) put it on the error itself."""
    extensions = error.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else error.get("code")
    return code if isinstance(code, str) else None


def _not_json(body: bytes) -> str:
    if not body:
        return "the answer is empty"
    # Never quote the body: a truncated sign-in answer would put a token in a log.
    return f"not JSON ({len(body)} bytes)"


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


def parsed(operation: Operation[Any, Result], data: dict[str, Any]) -> Result:
    """The typed result; a parser tripping over an unexpected shape is a malformed answer."""
    try:
        return operation.parse(data)
    except MalformedResponse:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        # The type only: the message could quote a value, and values include tokens.
        problem = f"does not fit {operation.name} ({type(error).__name__})"
        raise MalformedResponse("data", problem) from None
