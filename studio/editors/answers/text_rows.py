"""The rows answer lists are made of: a line of text, a choice, a pair."""

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QWidget

from studio.editors.answers.rows import Row


class TextRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.text.textChanged.connect(self.edited)

    def value(self) -> str:
        return self.text.text()

    def set_value(self, value: Any) -> None:
        text = value if isinstance(value, str) else ""
        if self.text.text() != text:
            self.text.setText(text)

    def inputs(self) -> list[QWidget]:
        return [self.text]

    def renumber(self, noun: str, number: int) -> None:
        self.text.setAccessibleName(f"{noun.capitalize()} {number}")


class ChoiceRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit(self)
        self.text.setObjectName("text")
        self.correct = QCheckBox("Correct", self)
        self.correct.setObjectName("correct")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.correct)
        self.text.textChanged.connect(self.edited)
        self.correct.toggled.connect(self.edited)

    def value(self) -> dict[str, Any]:
        return {"text": self.text.text(), "correct": self.correct.isChecked()}

    def set_value(self, value: Any) -> None:
        choice = value if isinstance(value, dict) else {}
        text = choice.get("text") if isinstance(choice.get("text"), str) else ""
        if self.text.text() != text:
            self.text.setText(text)
        self.correct.setChecked(choice.get("correct") is True)

    def inputs(self) -> list[QWidget]:
        return [self.text, self.correct]

    def renumber(self, noun: str, number: int) -> None:
        self.text.setAccessibleName(f"Choice {number} text")
        self.correct.setAccessibleName(f"Choice {number} is correct")


class PairRow(Row):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = QLineEdit(self)
        self.left.setObjectName("left")
        self.right = QLineEdit(self)
        self.right.setObjectName("right")
        self.left.setPlaceholderText("Left")
        self.right.setPlaceholderText("Matches")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.left, 1)
        layout.addWidget(self.right, 1)
        self.left.textChanged.connect(self.edited)
        self.right.textChanged.connect(self.edited)

    def value(self) -> dict[str, str]:
        return {"left": self.left.text(), "right": self.right.text()}

    def set_value(self, value: Any) -> None:
        pair = value if isinstance(value, dict) else {}
        for side, edit in (("left", self.left), ("right", self.right)):
            text = pair.get(side) if isinstance(pair.get(side), str) else ""
            if edit.text() != text:
                edit.setText(text)

    def inputs(self) -> list[QWidget]:
        return [self.left, self.right]

    def renumber(self, noun: str, number: int) -> None:
        self.left.setAccessibleName(f"Pair {number} left side")
        self.right.setAccessibleName(f"Pair {number} right side")
