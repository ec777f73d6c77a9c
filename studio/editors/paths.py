"""Names for field paths, so every message says which field it is about.

Errors from the rules and from the server name a field or a place inside one
(``answer.choices[2].text``); authors read "Choice 3 text", counted from one.
"""

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\[(\d+)\]|([A-Za-z_]+)")
_SINGULAR = {
    "choices": "choice",
    "accepted": "accepted answer",
    "blanks": "blank",
    "pairs": "pair",
    "items": "item",
}
_WORDS = {
    "accepted": "accepted answers",
    "case_sensitive": "case sensitivity",
    "correct": "correct answer",
    "left": "left side",
    "right": "right side",
}


def root_field(path: str | None) -> str | None:
    """The form field a path points into: ``answer`` for ``answer.choices[2].text``."""
    if path is None:
        return None
    match = _TOKEN.match(path)
    return match.group(2) if match and match.group(2) else path


def describe(path: str, labels: Mapping[str, str]) -> str:
    """'Title', 'Choice 3 text', 'Blank 2 answer 1': the words a form shows for ``path``.

    ``labels`` names the form's own fields; inside an answer the field's own name is
    left out, because the answer section already says "Answer".
    """
    tokens = [(int(index) if index else None, name) for index, name in _TOKEN.findall(path)]
    if not tokens:
        return path
    first = tokens[0][1]
    if len(tokens) == 1 or first != "answer":
        head = labels.get(first, first.replace("_", " ").capitalize())
        rest = tokens[1:]
        words = [head, *_words(rest)]
    else:
        words = _words(tokens[1:])
    text = " ".join(word for word in words if word)
    return text[:1].upper() + text[1:]


def _words(tokens: list[tuple[int | None, str]]) -> list[str]:
    words: list[str] = []
    noun = "answer"
    for position, (index, name) in enumerate(tokens):
        if index is not None:
            words.append(f"{noun} {index + 1}")
            noun = "answer"  # a list inside a list item holds answers: blanks[1][0]
        elif position + 1 < len(tokens) and tokens[position + 1][0] is not None:
            noun = _SINGULAR.get(name, name)
        else:
            words.append(_WORDS.get(name, name.replace("_", " ")))
    return words
