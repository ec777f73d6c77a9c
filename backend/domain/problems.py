"""The seed's error vocabulary, as plain data the GraphQL layer turns into ``Error``."""

import enum
from dataclasses import dataclass


class ErrorCode(enum.Enum):
    VALIDATION_ERROR = "VALIDATION_ERROR"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    INTERNAL_ERROR = "INTERNAL_ERROR"


@dataclass(frozen=True)
class ApiProblem:
    code: ErrorCode
    message: str
    field: str | None = None


class ApiError(Exception):
    """Raised by query resolvers; becomes a GraphQL error with ``extensions.code``."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code


def invalid(field: str | None, message: str) -> ApiProblem:
    return ApiProblem(ErrorCode.VALIDATION_ERROR, message, field)


def forbidden(message: str = "your role may not do this") -> ApiProblem:
    return ApiProblem(ErrorCode.FORBIDDEN, message)


def not_found(entity: str) -> ApiProblem:
    return ApiProblem(ErrorCode.NOT_FOUND, f"no {entity} with this id", "id")
