"""``Error`` in payloads, codes on top-level errors, and masking of everything unexpected.

A payload error is a result the client acts on (the seed's pattern); a top-level error
is for queries that cannot answer at all. Anything we did not raise on purpose is masked
as INTERNAL_ERROR with no message detail and no stack trace, and logged on the server.
"""

import logging
from collections.abc import Iterator

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from backend.domain.problems import ApiError, ApiProblem, ErrorCode

log = logging.getLogger(__name__)

strawberry.enum(ErrorCode)


@strawberry.type
class Error:
    code: ErrorCode
    message: str
    field: str | None = None

    @classmethod
    def of(cls, problem: ApiProblem) -> "Error":
        return cls(code=problem.code, message=problem.message, field=problem.field)


def is_unexpected(error: GraphQLError) -> bool:
    """Raised by nobody on purpose: not ours, not a refused request or variable."""
    original = error.original_error
    if original is None or isinstance(original, ApiError):
        return False
    return not (isinstance(original, GraphQLError) and not error.path)


def classify(error: GraphQLError) -> GraphQLError:
    """The error a client sees: ours keep their code, anything unexpected is masked."""
    original = error.original_error
    if isinstance(original, ApiError):
        error.extensions = {**(error.extensions or {}), "code": original.code.value}
        return error
    if isinstance(original, GraphQLError) and not error.path:
        # graphql-core refused the request before running it: a variable whose value
        # does not fit its type. The client's mistake, so not retried as INTERNAL_ERROR.
        error.extensions = {**(error.extensions or {}), "code": ErrorCode.VALIDATION_ERROR.value}
        return error
    if original is not None:
        log.error("unexpected error at %s", error.path, exc_info=original)
        return GraphQLError(
            "Internal error.",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": ErrorCode.INTERNAL_ERROR.value},
        )
    error.extensions = {**(error.extensions or {}), "code": ErrorCode.VALIDATION_ERROR.value}
    return error


class ErrorCodes(SchemaExtension):
    """Runs after each operation and classifies its errors (see ``classify``)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [classify(error) for error in errors]
