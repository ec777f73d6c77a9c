"""Answers that are lists of text: short answer, ordering and matching pairs."""

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from studio.editors.answers.base import AnswerEditor, row_input
from studio.editors.answers.rows import RowList
from studio.editors.answers.text_rows import PairRow, TextRow


def _column(editor: QWidget, *widgets: QWidget) -> None:
    layout = QVBoxLayout(editor)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)


def _list(answer: Mapping[str, Any], key: str) -> list[Any]:
    value = answer.get(key)
    return value if isinstance(value, list) else []


class ShortAnswerEditor(AnswerEditor):
    """Every answer accepted as right, and whether capitals must match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accepted = RowList("accepted answer", TextRow, parent=self)
        self.accepted.setAccessibleName("Accepted answers")
        self.case_sensitive = QCheckBox("Capitals must match (case sensitive)", self)
        self.case_sensitive.setAccessibleName("Case sensitive")
        _column(self, self.accepted, self.case_sensitive)
        self.accepted.changed.connect(self.changed)
        self.case_sensitive.toggled.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted.values(),
            "case_sensitive": self.case_sensitive.isChecked(),
        }

    def set_value(self, answer: Mapping[str, Any]) -> None:
        self.accepted.set_values(_list(answer, "accepted"))
        self.case_sensitive.setChecked(answer.get("case_sensitive") is True)

    def widget_for(self, path: str) -> QWidget | None:
        if path == "case_sensitive":
            return self.case_sensitive
        return row_input(self.accepted, path, "accepted")


class OrderingEditor(AnswerEditor):
    """Items listed in their correct order; students see them shuffled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = RowList("item", TextRow, movable=True, parent=self)
        self.items.setAccessibleName("Items in the correct order")
        _column(self, self.items)
        self.items.changed.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {"items": self.items.values()}

    def set_value(self, answer: Mapping[str, Any]) -> None:
        self.items.set_values(_list(answer, "items"))

    def widget_for(self, path: str) -> QWidget | None:
        return row_input(self.items, path, "items")


class MatchingEditor(AnswerEditor):
    """Pairs that belong together; students see the right sides shuffled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs = RowList("pair", PairRow, parent=self)
        self.pairs.setAccessibleName("Pairs")
        _column(self, self.pairs)
        self.pairs.changed.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {"pairs": self.pairs.values()}

    def set_value(self, answer: Mapping[str, Any]) -> None:
        self.pairs.set_values(_list(answer, "pairs"))

    def widget_for(self, path: str) -> QWidget | None:
        return row_input(self.pairs, path, "pairs")
