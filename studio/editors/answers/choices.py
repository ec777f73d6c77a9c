"""Answers that are picked: multiple choice (any number correct) and true/false."""

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from studio.editors.answers.base import AnswerEditor, row_input
from studio.editors.answers.rows import RowList
from studio.editors.answers.text_rows import ChoiceRow


class MultipleChoiceEditor(AnswerEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = RowList("choice", ChoiceRow, parent=self)
        self.choices.setAccessibleName("Choices")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choices)
        self.choices.changed.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {"choices": self.choices.values()}

    def set_value(self, answer: Mapping[str, Any]) -> None:
        choices = answer.get("choices")
        self.choices.set_values(choices if isinstance(choices, list) else [])

    def widget_for(self, path: str) -> QWidget | None:
        return row_input(self.choices, path, "choices")


class TrueFalseEditor(AnswerEditor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.true = QRadioButton("True", self)
        self.false = QRadioButton("False", self)
        self.true.setAccessibleName("The statement is true")
        self.false.setAccessibleName("The statement is false")
        group = QButtonGroup(self)
        group.addButton(self.true)
        group.addButton(self.false)
        self.true.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.true)
        layout.addWidget(self.false)
        layout.addStretch(1)
        self.true.toggled.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {"correct": self.true.isChecked()}

    def set_value(self, answer: Mapping[str, Any]) -> None:
        (self.true if answer.get("correct") is not False else self.false).setChecked(True)
