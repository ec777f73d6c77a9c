"""What every answer editor offers the exercise page: a value, a signal, and places.

One editor per exercise type; the page keeps them in a stack and shows the one of the
exercise's type. ``widget_for`` turns an error path inside the answer
(``choices[2].text``) into the input that holds it, so the red frame lands there.
"""

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from studio.editors.answers.rows import RowList

_PATH = re.compile(r"^(\w+)(?:\[(\d+)\])?(?:\[(\d+)\]|\.(\w+))?$")


class AnswerEditor(QWidget):
    changed = Signal()

    def value(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_value(self, answer: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def widget_for(self, path: str) -> QWidget | None:
        """The input at ``path`` (relative to the answer), or None for the whole editor."""
        return None


def row_input(rows: RowList, path: str, key: str) -> QWidget | None:
    """The input in a RowList that ``key[index]`` or ``key[index].part`` points at."""
    match = _PATH.match(path)
    if match is None or match.group(1) != key:
        return None
    if match.group(2) is None:
        return rows
    index = int(match.group(2))
    if index >= rows.count():
        return rows
    inputs = rows.row(index).inputs()
    part = match.group(4)
    named = [widget for widget in inputs if widget.objectName() == part] if part else []
    return named[0] if named else inputs[0]


def parse_path(path: str) -> tuple[str, int | None, int | None]:
    """``blanks[1][0]`` → ("blanks", 1, 0); missing indexes are None."""
    match = _PATH.match(path)
    if match is None:
        return path, None, None
    first = int(match.group(2)) if match.group(2) is not None else None
    second = int(match.group(3)) if match.group(3) is not None else None
    return match.group(1), first, second
