"""Answer data per exercise type: each good shape passes, each bad one names its spot."""

from typing import Any

import pytest

from content_rules.answers import EXERCISE_TYPES, check_answer, default_answer

GOOD: list[tuple[str, dict[str, Any], str]] = [
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": "2", "correct": True}, {"text": "3", "correct": True}]},
        "?",
    ),
    ("TRUE_FALSE", {"correct": False}, "The sky is green."),
    ("SHORT_ANSWER", {"accepted": ["Paris", "paris"], "case_sensitive": True}, "Capital?"),
    ("FILL_IN_THE_BLANK", {"blanks": [["4"], ["six", "6"]]}, "2+2=___ and 3+3=___"),
    ("MATCHING", {"pairs": [{"left": "a", "right": "1"}, {"left": "b", "right": "2"}]}, "Match"),
    ("ORDERING", {"items": ["one", "two", "three"]}, "Order"),
]

BAD: list[tuple[str, dict[str, Any], str, str, str]] = [
    ("MULTIPLE_CHOICE", {"choices": "A"}, "?", "answer.choices", "list of choices"),
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": "a", "correct": False}] * 2},
        "?",
        "answer.choices",
        "at least one",
    ),
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": "", "correct": True}, {"text": "b", "correct": False}]},
        "?",
        "answer.choices[0].text",
        "empty",
    ),
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": "a", "correct": True}, {"text": "a", "correct": False}]},
        "?",
        "answer.choices[1].text",
        "repeats",
    ),
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": "a", "correct": "yes"}, {"text": "b", "correct": False}]},
        "?",
        "answer.choices[0].correct",
        "true or false",
    ),
    (
        "MULTIPLE_CHOICE",
        {"choices": [{"text": f"{n}", "correct": True} for n in range(11)]},
        "?",
        "answer.choices",
        "between 2 and 10",
    ),
    ("TRUE_FALSE", {"correct": "true"}, "?", "answer.correct", "true or false"),
    ("TRUE_FALSE", {"correct": True, "extra": 1}, "?", "answer.extra", "not part"),
    ("SHORT_ANSWER", {"accepted": []}, "?", "answer.accepted", "between 1 and 20"),
    (
        "SHORT_ANSWER",
        {"accepted": ["x"], "case_sensitive": "no"},
        "?",
        "answer.case_sensitive",
        "true or false",
    ),
    ("FILL_IN_THE_BLANK", {"blanks": [["4"]]}, "2+2=___ and 3+3=___", "prompt", "2 blank(s)"),
    ("FILL_IN_THE_BLANK", {"blanks": [[]]}, "___", "answer.blanks[0]", "between 1 and 20"),
    ("FILL_IN_THE_BLANK", {"blanks": []}, "none", "answer.blanks", "accepted answers"),
    (
        "MATCHING",
        {"pairs": [{"left": "a", "right": "1"}, {"left": "a", "right": "2"}]},
        "?",
        "answer.pairs[1].left",
        "repeats",
    ),
    (
        "MATCHING",
        {"pairs": [{"left": "a"}, {"left": "b", "right": "2"}]},
        "?",
        "answer.pairs[0].right",
        "must be text",
    ),
    ("ORDERING", {"items": ["only"]}, "?", "answer.items", "between 2 and 20"),
    ("ORDERING", {"items": ["x" * 1001, "y"]}, "?", "answer.items[0]", "at most 1000"),
]


@pytest.mark.parametrize(("exercise_type", "answer", "prompt"), GOOD)
def test_good_answers_pass(exercise_type: str, answer: dict[str, Any], prompt: str) -> None:
    assert check_answer(exercise_type, answer, prompt) == []


@pytest.mark.parametrize(("exercise_type", "answer", "prompt", "field", "message"), BAD)
def test_bad_answers_name_their_spot(
    exercise_type: str, answer: dict[str, Any], prompt: str, field: str, message: str
) -> None:
    problems = check_answer(exercise_type, answer, prompt)
    assert any(p.field == field and message in p.message for p in problems), problems


@pytest.mark.parametrize("exercise_type", EXERCISE_TYPES)
def test_every_default_answer_is_valid(exercise_type: str) -> None:
    prompt = "Fill ___" if exercise_type == "FILL_IN_THE_BLANK" else "Question"
    assert check_answer(exercise_type, default_answer(exercise_type), prompt) == []
