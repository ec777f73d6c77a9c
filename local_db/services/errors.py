"""Typed service errors, shaped like the server's GraphQL ``Error`` type.

A rejected edit carries one FieldError per problem, with the same code, message and
field the server would return, so the studio shows local and server errors alike.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass


class ErrorCode(enum.StrEnum):
    VALIDATION_ERROR = "VALIDATION_ERROR"
    NOT_FOUND = "NOT_FOUND"
    UNAUTHORIZED = "UNAUTHORIZED"
    FORBIDDEN = "FORBIDDEN"
    CONFLICT = "CONFLICT"
    INTERNAL_ERROR = "INTERNAL_ERROR"


@dataclass(frozen=True)
class FieldError:
    code: ErrorCode
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def invalid(field: str | None, message: str) -> FieldError:
    return FieldError(ErrorCode.VALIDATION_ERROR, message, field)


class ServiceError(Exception):
    """An edit was refused; nothing of it was written."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        self.errors = tuple(errors)
        super().__init__("; ".join(str(error) for error in self.errors))

    @property
    def code(self) -> ErrorCode:
        return self.errors[0].code


class ValidationFailed(ServiceError):
    pass


class NotFound(ServiceError):
    def __init__(self, entity: str, entity_id: object) -> None:
        super().__init__(
            [FieldError(ErrorCode.NOT_FOUND, f"no {entity} with id {entity_id}", "id")]
        )
