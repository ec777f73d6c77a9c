"""Checking a write's values: the shared rules, plus the server's own for users.

Cross-field rules (an exercise's answer against its type, a tournament's dates, a match's
sides) see the whole record: the stored row merged with the change, so editing one
field is checked against the others.
"""

import re
from collections.abc import Mapping
from typing import Any

from backend.auth.passwords import password_problem
from backend.db.models.enums import UserRole
from backend.domain.problems import ApiProblem, invalid
from content_rules.answers import check_answer
from content_rules.fields import clean_values
from content_rules.tournaments.lifecycle import reachable_problem
from content_rules.tournaments.records import record_problems
from content_rules.vocabulary import TournamentStatus

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
USER_FIELDS = {"email", "display_name", "role", "password"}
# Columns the server has and the studio's library does not, so content_rules omits them.
SERVER_ONLY_FIELDS = {"lesson": {"published"}}
NUL_MESSAGE = "must not contain the NUL character (U+0000)"


def validate(
    entity: str,
    values: Mapping[str, Any],
    *,
    current: Mapping[str, Any] | None = None,
    tournament_format: str | None = None,
) -> tuple[dict[str, Any], list[ApiProblem]]:
    """Cleaned values and every problem, with fields named as the API names them.

    ``tournament_format`` is a match's tournament's format, looked up by the caller, for
    the rule that a knockout match cannot end level.
    """
    nul = [invalid(camel_path(name), NUL_MESSAGE) for name, value in values.items() if _nul(value)]
    if nul:
        return {}, nul
    if entity == "user":
        return _validate_user(values, partial=current is not None)
    own = SERVER_ONLY_FIELDS.get(entity, set())
    shared = {name: value for name, value in values.items() if name not in own}
    cleaned, problems = clean_values(entity, shared, partial=current is not None)
    found = [invalid(camel_path(p.field), p.message) for p in problems]
    for name in own & values.keys():
        if isinstance(values[name], bool):
            cleaned[name] = values[name]
        else:
            found.append(invalid(camel_path(name), "must be true or false"))
    if found:
        return cleaned, found
    record = {**(current or {}), **cleaned}
    if entity == "exercise" and {"type", "answer", "prompt"} <= record.keys():
        answer_problems = check_answer(str(record["type"]), record["answer"], record["prompt"])
        found += [invalid(camel_path(p.field), p.message) for p in answer_problems]
    if entity == "tournament" and current is not None and "status" in cleaned:
        # Offline sessions push several steps as one update, so any reachable status is
        # accepted; going back, or on from the end, is not.
        step = reachable_problem(
            TournamentStatus(current["status"]), TournamentStatus(cleaned["status"])
        )
        if step is not None:
            found.append(invalid(camel_path(step.field), step.message))
    found += [
        invalid(camel_path(p.field), p.message)
        for p in record_problems(entity, record, tournament_format=tournament_format)
    ]
    return cleaned, found


def _nul(value: Any) -> bool:
    """PostgreSQL refuses NUL in text and JSONB (SQLite stores it): refuse it on both."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_nul(key) or _nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_nul(item) for item in value)
    return False


def camel_path(field: str | None) -> str | None:
    """``answer.choices[0].text`` stays; ``topic_id`` becomes ``topicId``."""
    if field is None:
        return None
    head, dot, rest = field.partition(".")
    first, *others = head.split("_")
    return first + "".join(part.title() for part in others) + dot + rest


def _validate_user(
    values: Mapping[str, Any], *, partial: bool
) -> tuple[dict[str, Any], list[ApiProblem]]:
    problems = [
        invalid(camel_path(name), "is not a user field")
        for name in values
        if name not in USER_FIELDS
    ]
    cleaned: dict[str, Any] = {}
    if "email" in values or not partial:
        email = str(values.get("email") or "").strip().lower()
        if not EMAIL.match(email) or len(email) > 320:
            problems.append(invalid("email", "must be an email address"))
        cleaned["email"] = email
    if "display_name" in values or not partial:
        name = str(values.get("display_name") or "").strip()
        if len(name) > 200 or "\n" in name:
            problems.append(invalid("displayName", "must be one line of at most 200 characters"))
        cleaned["display_name"] = name
    if "role" in values or not partial:
        role = values.get("role")
        if role is None:
            problems.append(invalid("role", "is required"))
        else:
            cleaned["role"] = UserRole(role)
    if "password" in values or not partial:
        password = values.get("password") or ""
        problem = password_problem(password)
        if problem:
            problems.append(invalid("password", problem))
        cleaned["password"] = password
    return cleaned, problems
