"""Fill in the blank: one list of accepted answers for each ``___`` in the prompt.

The number of lists follows the prompt as the author types it (``follow_prompt``):
adding a ``___`` adds an empty list to fill in, removing one drops the last list.
"""

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from content_rules.answers import BLANK_MARKER
from studio.editors.answers.base import AnswerEditor, parse_path
from studio.editors.answers.rows import RowList
from studio.editors.answers.text_rows import TextRow


class FillInTheBlankEditor(AnswerEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[QGroupBox, RowList]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel(f"Write {BLANK_MARKER} in the prompt where each blank goes.", self)
        self.hint.setWordWrap(True)
        self._layout.addWidget(self.hint)

    def value(self) -> dict[str, Any]:
        return {"blanks": [rows.values() for _, rows in self._groups]}

    def set_value(self, answer: Mapping[str, Any]) -> None:
        blanks = answer.get("blanks")
        lists = (
            [item if isinstance(item, list) else [] for item in blanks]
            if isinstance(blanks, list)
            else []
        )
        self._resize(len(lists))
        for (_, rows), accepted in zip(self._groups, lists, strict=True):
            rows.set_values(accepted)

    def follow_prompt(self, prompt: str) -> None:
        """Keep one list per blank marked in ``prompt``; a new list starts with one answer."""
        wanted = prompt.count(BLANK_MARKER)
        if wanted == len(self._groups):
            return
        had = len(self._groups)
        self._resize(wanted)
        for _, rows in self._groups[had:]:
            rows.set_values([""])
        self.changed.emit()

    def widget_for(self, path: str) -> QWidget | None:
        key, blank, answer = parse_path(path)
        if key != "blanks" or blank is None or blank >= len(self._groups):
            return None
        group, rows = self._groups[blank]
        if answer is None or answer >= rows.count():
            return group
        return rows.row(answer).inputs()[0]

    def _resize(self, count: int) -> None:
        while len(self._groups) > count:
            group, _ = self._groups.pop()
            self._layout.removeWidget(group)
            group.hide()
            group.deleteLater()
        while len(self._groups) < count:
            number = len(self._groups) + 1
            group = QGroupBox(f"Blank {number}", self)
            rows = RowList(f"blank {number} answer", TextRow, parent=group)
            rows.setAccessibleName(f"Accepted answers for blank {number}")
            QVBoxLayout(group).addWidget(rows)
            rows.changed.connect(self.changed)
            self._layout.addWidget(group)
            self._groups.append((group, rows))
