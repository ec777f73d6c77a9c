"""The answer data each exercise type carries, and its checks.

Stored as JSON in ``exercises.answer``; the shapes (documented in docs/curriculum-format.md):

- MULTIPLE_CHOICE: {"choices": [{"text": str, "correct": bool}, ...]}  2-10 choices, >= 1 correct
- TRUE_FALSE: {"correct": bool}
- SHORT_ANSWER: {"accepted": [str, ...], "case_sensitive": bool}
- FILL_IN_THE_BLANK: {"blanks": [[str, ...], ...]}  one list of accepted answers per "___"
  in the prompt, in order
- MATCHING: {"pairs": [{"left": str, "right": str}, ...]}  2-20 pairs, sides unique
- ORDERING: {"items": [str, ...]}  2-20 items, listed in the correct order

Errors name the exact place (``answer.choices[2].text``) so a form can point at it.
"""

from collections.abc import Callable
from typing import Any

from content_rules.problems import Problem
from content_rules.vocabulary import ExerciseType

EXERCISE_TYPES = tuple(ExerciseType)

BLANK_MARKER = "___"
MAX_ITEM_LENGTH = 1_000

Checker = Callable[[dict[str, Any], str], list[Problem]]


def default_answer(exercise_type: str) -> dict[str, Any]:
    """A valid starting point for a new exercise of this type, for the editor."""
    defaults: dict[str, dict[str, Any]] = {
        "MULTIPLE_CHOICE": {
            "choices": [
                {"text": "Option A", "correct": True},
                {"text": "Option B", "correct": False},
            ]
        },
        "TRUE_FALSE": {"correct": True},
        "SHORT_ANSWER": {"accepted": ["answer"], "case_sensitive": False},
        "FILL_IN_THE_BLANK": {"blanks": [["answer"]]},
        "MATCHING": {"pairs": [{"left": "A", "right": "1"}, {"left": "B", "right": "2"}]},
        "ORDERING": {"items": ["first", "second"]},
    }
    return defaults[exercise_type]


def check_answer(exercise_type: str, answer: dict[str, Any], prompt: str) -> list[Problem]:
    return _CHECKERS[exercise_type](answer, prompt)


def invalid(field: str, message: str) -> Problem:
    return Problem(field, message)


def _unexpected_keys(answer: dict[str, Any], allowed: set[str]) -> list[Problem]:
    return [
        invalid(f"answer.{key}", "is not part of this exercise type's answer")
        for key in answer
        if key not in allowed
    ]


def _texts(value: Any, path: str, *, minimum: int, maximum: int, unique: bool) -> list[Problem]:
    if not isinstance(value, list):
        return [invalid(path, "must be a list")]
    errors = []
    if not minimum <= len(value) <= maximum:
        errors.append(invalid(path, f"must have between {minimum} and {maximum} entries"))
    seen: set[str] = set()
    for index, item in enumerate(value):
        errors.extend(_text(item, f"{path}[{index}]"))
        if unique and isinstance(item, str):
            if item.strip() in seen:
                errors.append(invalid(f"{path}[{index}]", f"repeats '{item.strip()}'"))
            seen.add(item.strip())
    return errors


def _text(value: Any, path: str) -> list[Problem]:
    if not isinstance(value, str):
        return [invalid(path, "must be text")]
    if not value.strip():
        return [invalid(path, "must not be empty")]
    if len(value) > MAX_ITEM_LENGTH:
        return [invalid(path, f"must be at most {MAX_ITEM_LENGTH} characters")]
    return []


def _multiple_choice(answer: dict[str, Any], _prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"choices"})
    choices = answer.get("choices")
    if not isinstance(choices, list):
        return [*errors, invalid("answer.choices", "must be a list of choices")]
    if not 2 <= len(choices) <= 10:
        errors.append(invalid("answer.choices", "must have between 2 and 10 choices"))
    seen: set[str] = set()
    for index, choice in enumerate(choices):
        path = f"answer.choices[{index}]"
        if not isinstance(choice, dict):
            errors.append(invalid(path, "must be an object with text and correct"))
            continue
        errors.extend(_unexpected_keys_at(choice, {"text", "correct"}, path))
        errors.extend(_text(choice.get("text"), f"{path}.text"))
        if not isinstance(choice.get("correct"), bool):
            errors.append(invalid(f"{path}.correct", "must be true or false"))
        text = choice.get("text")
        if isinstance(text, str) and text.strip():
            if text.strip() in seen:
                errors.append(invalid(f"{path}.text", f"repeats '{text.strip()}'"))
            seen.add(text.strip())
    if choices and not any(isinstance(c, dict) and c.get("correct") is True for c in choices):
        errors.append(invalid("answer.choices", "must mark at least one choice correct"))
    return errors


def _unexpected_keys_at(value: dict[str, Any], allowed: set[str], path: str) -> list[Problem]:
    return [invalid(f"{path}.{key}", "is not expected here") for key in value if key not in allowed]


def _true_false(answer: dict[str, Any], _prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"correct"})
    if not isinstance(answer.get("correct"), bool):
        errors.append(invalid("answer.correct", "must be true or false"))
    return errors


def _short_answer(answer: dict[str, Any], _prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"accepted", "case_sensitive"})
    errors += _texts(answer.get("accepted"), "answer.accepted", minimum=1, maximum=20, unique=True)
    if not isinstance(answer.get("case_sensitive", False), bool):
        errors.append(invalid("answer.case_sensitive", "must be true or false"))
    return errors


def _fill_in_the_blank(answer: dict[str, Any], prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"blanks"})
    blanks = answer.get("blanks")
    if not isinstance(blanks, list) or not blanks:
        return [*errors, invalid("answer.blanks", "must list the accepted answers of each blank")]
    for index, accepted in enumerate(blanks):
        errors += _texts(accepted, f"answer.blanks[{index}]", minimum=1, maximum=20, unique=True)
    markers = prompt.count(BLANK_MARKER)
    if markers != len(blanks):
        errors.append(
            invalid(
                "prompt",
                f"has {markers} blank(s) marked '{BLANK_MARKER}' "
                f"but the answer lists {len(blanks)}",
            )
        )
    return errors


def _matching(answer: dict[str, Any], _prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"pairs"})
    pairs = answer.get("pairs")
    if not isinstance(pairs, list):
        return [*errors, invalid("answer.pairs", "must be a list of pairs")]
    if not 2 <= len(pairs) <= 20:
        errors.append(invalid("answer.pairs", "must have between 2 and 20 pairs"))
    seen: dict[str, set[str]] = {"left": set(), "right": set()}
    for index, pair in enumerate(pairs):
        path = f"answer.pairs[{index}]"
        if not isinstance(pair, dict):
            errors.append(invalid(path, "must be an object with left and right"))
            continue
        errors.extend(_unexpected_keys_at(pair, {"left", "right"}, path))
        for side in ("left", "right"):
            value = pair.get(side)
            side_errors = _text(value, f"{path}.{side}")
            errors.extend(side_errors)
            if isinstance(value, str) and not side_errors:
                if value.strip() in seen[side]:
                    errors.append(invalid(f"{path}.{side}", f"repeats '{value.strip()}'"))
                seen[side].add(value.strip())
    return errors


def _ordering(answer: dict[str, Any], _prompt: str) -> list[Problem]:
    errors = _unexpected_keys(answer, {"items"})
    return errors + _texts(answer.get("items"), "answer.items", minimum=2, maximum=20, unique=True)


_CHECKERS: dict[str, Checker] = {
    "MULTIPLE_CHOICE": _multiple_choice,
    "TRUE_FALSE": _true_false,
    "SHORT_ANSWER": _short_answer,
    "FILL_IN_THE_BLANK": _fill_in_the_blank,
    "MATCHING": _matching,
    "ORDERING": _ordering,
}
