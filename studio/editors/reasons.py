"""One line that says why a write was refused, for "Not saved: …" and the trash view."""

from collections.abc import Mapping

from local_db.services import ServiceError
from studio.editors.paths import describe


def reason(error: BaseException, labels: Mapping[str, str] | None = None) -> str:
    """The first refusal, with the field it concerns named as the form names it."""
    if isinstance(error, ServiceError) and error.errors:
        first = error.errors[0]
        if first.field and first.field != "id":
            return f"{describe(first.field, labels or {})} {first.message}"
        return first.message[:1].upper() + first.message[1:]
    return str(error) or type(error).__name__
