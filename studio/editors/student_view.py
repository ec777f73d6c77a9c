"""What a student sees of an exercise: the question and its options, never the answer.

Rendered as HTML for a read-only preview beside the form. Correct marks, accepted
answers and the explanation are left out; ordering items and matching right sides are
shown shuffled, as the platform shows them, in an order fixed by their text so the
preview does not jump while the author types elsewhere.
"""

import random
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from content_rules.answers import BLANK_MARKER

BLANK_BOX = (
    "<u>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;({number})&nbsp;&nbsp;&nbsp;&nbsp;</u>"
)
ANSWER_BOX = "<u>" + "&nbsp;" * 30 + "</u>"


def student_html(values: Mapping[str, Any]) -> str:
    """The exercise as shown to a student, from the form's values (which may be unfinished)."""
    kind = str(values.get("type", ""))
    answer = values.get("answer")
    answer = answer if isinstance(answer, Mapping) else {}
    prompt = str(values.get("prompt", ""))
    points = values.get("points", 1)
    parts = [f"<p><small>{escape(_difficulty(values))} · {points} point(s)</small></p>"]
    if kind == "FILL_IN_THE_BLANK":
        parts.append(f"<p>{_blanks(prompt)}</p>")
    else:
        parts.append(f"<p>{_lines(prompt)}</p>")
    render = _RENDERERS.get(kind)
    if render is not None:
        parts.append(render(answer))
    return "\n".join(parts)


def shuffled(items: list[str]) -> list[str]:
    """A fixed shuffle of ``items`` that differs from their order whenever it can."""
    result = list(items)
    random.Random("\x1f".join(items)).shuffle(result)
    if result == items and len(set(items)) > 1:
        result = result[1:] + result[:1]
    return result


def _difficulty(values: Mapping[str, Any]) -> str:
    return str(values.get("difficulty", "")).capitalize()


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _blanks(prompt: str) -> str:
    pieces = prompt.split(BLANK_MARKER)
    out = [_lines(pieces[0])]
    for number, piece in enumerate(pieces[1:], start=1):
        out.append(BLANK_BOX.format(number=number))
        out.append(_lines(piece))
    return "".join(out)


def _items(answer: Mapping[str, Any], key: str) -> list[Any]:
    items = answer.get(key)
    return items if isinstance(items, list) else []


def _is_correct(choice: Any) -> bool:
    return isinstance(choice, Mapping) and choice.get("correct") is True


def _texts(answer: Mapping[str, Any], key: str, part: str | None = None) -> list[str]:
    items = _items(answer, key)
    if part is None:
        return [str(item) for item in items]
    return [str(item.get(part, "")) for item in items if isinstance(item, Mapping)]


def _options(texts: list[str], mark: str) -> str:
    return "".join(f"<p>{mark}&nbsp;{escape(text)}</p>" for text in texts)


def _multiple_choice(answer: Mapping[str, Any]) -> str:
    correct = [choice for choice in _items(answer, "choices") if _is_correct(choice)]
    several = len(correct) > 1
    hint = "Choose all that apply." if several else "Choose one."
    return f"<p><i>{hint}</i></p>" + _options(
        _texts(answer, "choices", "text"), "☐" if several else "○"
    )


def _true_false(_answer: Mapping[str, Any]) -> str:
    return _options(["True", "False"], "○")


def _short_answer(_answer: Mapping[str, Any]) -> str:
    return f"<p>Your answer: {ANSWER_BOX}</p>"


def _fill_in_the_blank(_answer: Mapping[str, Any]) -> str:
    return "<p><i>Fill in each blank.</i></p>"


def _matching(answer: Mapping[str, Any]) -> str:
    lefts = _texts(answer, "pairs", "left")
    rights = shuffled(_texts(answer, "pairs", "right"))
    rows = "".join(
        f"<tr><td>{escape(left)}</td><td>&nbsp;⟷&nbsp;</td><td>{escape(right)}</td></tr>"
        for left, right in zip(lefts, rights, strict=False)
    )
    return f"<p><i>Match each item on the left with one on the right.</i></p><table>{rows}</table>"


def _ordering(answer: Mapping[str, Any]) -> str:
    items = shuffled(_texts(answer, "items"))
    return "<p><i>Put these in the right order.</i></p>" + _options(items, "☰")


_RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "MULTIPLE_CHOICE": _multiple_choice,
    "TRUE_FALSE": _true_false,
    "SHORT_ANSWER": _short_answer,
    "FILL_IN_THE_BLANK": _fill_in_the_blank,
    "MATCHING": _matching,
    "ORDERING": _ordering,
}
