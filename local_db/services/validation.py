"""Whole-record validation: field rules plus the checks that span fields."""

from collections.abc import Mapping
from typing import Any

from content_rules.answers import check_answer
from content_rules.tournaments.records import record_problems
from local_db.entities import EntityKind
from local_db.services.errors import FieldError, invalid
from local_db.services.fields import clean_values


def validate_values(
    kind: EntityKind,
    values: Mapping[str, Any],
    *,
    current: Mapping[str, Any] | None = None,
    tournament_format: str | None = None,
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check a new record (``current`` None) or changes to an existing one.

    ``tournament_format`` is a match's tournament's format, for the knockout rule; the
    services look it up, a form that does not know it leaves it out.

    Changes are checked alone and then against the rest of the record, so changing only
    an exercise's prompt still verifies that its blanks match the answer, and moving one
    tournament date is still checked against the others.
    """
    cleaned, errors = clean_values(kind, values, partial=current is not None)
    record = {**(current or {}), **cleaned}
    failed = {error.field for error in errors}
    if kind is EntityKind.EXERCISE:
        if (
            not failed & {"type", "answer", "prompt"}
            and {"type", "answer", "prompt"} <= record.keys()
        ):
            problems = check_answer(str(record["type"]), record["answer"], record["prompt"])
            errors.extend(invalid(problem.field, problem.message) for problem in problems)
    else:
        # A field that failed alone is not in the record; its stale value would only
        # produce a second, misleading message for the same field.
        errors.extend(
            invalid(problem.field, problem.message)
            for problem in record_problems(kind.value, record, tournament_format=tournament_format)
            if problem.field not in failed
        )
    return cleaned, errors
