"""Whole-record validation: field rules plus the checks that span fields."""

from collections.abc import Mapping
from typing import Any

from content_rules.answers import check_answer
from local_db.entities import EntityKind
from local_db.services.errors import FieldError, invalid
from local_db.services.fields import clean_values


def validate_values(
    kind: EntityKind,
    values: Mapping[str, Any],
    *,
    current: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check a new record (``current`` None) or changes to an existing one.

    Changes are checked alone and then against the rest of the record, so changing only
    an exercise's prompt still verifies that its blanks match the answer.
    """
    cleaned, errors = clean_values(kind, values, partial=current is not None)
    if kind is EntityKind.EXERCISE:
        record = {**(current or {}), **cleaned}
        failed = {error.field for error in errors}
        if (
            not failed & {"type", "answer", "prompt"}
            and {"type", "answer", "prompt"} <= record.keys()
        ):
            problems = check_answer(str(record["type"]), record["answer"], record["prompt"])
            errors.extend(invalid(problem.field, problem.message) for problem in problems)
    return cleaned, errors
