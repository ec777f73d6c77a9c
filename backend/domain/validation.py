"""Checking a write's values: the shared curriculum rules, plus the server's own for users."""

import re
from collections.abc import Mapping
from typing import Any

from backend.auth.passwords import password_problem
from backend.db.models.enums import UserRole
from backend.domain.problems import ApiProblem, invalid
from content_rules.answers import check_answer
from content_rules.fields import clean_values

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
USER_FIELDS = {"email", "display_name", "role", "password"}


def validate(
    entity: str, values: Mapping[str, Any], *, current: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[ApiProblem]]:
    """Cleaned values and every problem, with fields named as the API names them."""
    if entity == "user":
        return _validate_user(values, partial=current is not None)
    cleaned, problems = clean_values(entity, values, partial=current is not None)
    found = [invalid(camel_path(p.field), p.message) for p in problems]
    if entity == "exercise" and not found:
        record = {**(current or {}), **cleaned}
        if {"type", "answer", "prompt"} <= record.keys():
            answer_problems = check_answer(str(record["type"]), record["answer"], record["prompt"])
            found += [invalid(camel_path(p.field), p.message) for p in answer_problems]
    return cleaned, found


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
