"""A list of like rows (choices, pairs, items) with Add, Remove and optional Move up/down.

Answer editors are lists of small inputs; this widget owns the list mechanics once:
buttons with accessible names that say which row they act on ("Remove choice 2") and
one ``changed`` signal. The page puts the rows in its tab order (tab_order.py).
"""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget


class Row(QWidget):
    """One entry; subclasses hold its inputs."""

    edited = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def inputs(self) -> list[QWidget]:
        """The row's inputs in tab order; the first takes focus when the row is added."""
        raise NotImplementedError

    def renumber(self, noun: str, number: int) -> None:
        """Name the inputs for assistive technology: 'Choice 2 text'."""
        raise NotImplementedError


class _Line(QWidget):
    """A row and its buttons."""

    def __init__(self, row: Row, movable: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.row = row
        self.up = QPushButton("↑", self) if movable else None
        self.down = QPushButton("↓", self) if movable else None
        self.remove = QPushButton("✕", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row, 1)
        for button in (self.up, self.down, self.remove):
            if button is not None:
                layout.addWidget(button)

    def buttons(self) -> list[QPushButton]:
        return [button for button in (self.up, self.down, self.remove) if button is not None]


class RowList(QWidget):
    changed = Signal()

    def __init__(
        self,
        noun: str,
        make_row: Callable[[], Row],
        *,
        movable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.noun = noun
        self._make_row = make_row
        self._movable = movable
        self._lines: list[_Line] = []
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {noun}", self)
        self.add_button.clicked.connect(lambda: self.add_row())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows)
        layout.addWidget(self.add_button)

    def count(self) -> int:
        return len(self._lines)

    def row(self, index: int) -> Row:
        return self._lines[index].row

    def line_buttons(self, index: int) -> list[QPushButton]:
        """Up, down (when movable) and remove, as the author finds them beside the row."""
        return self._lines[index].buttons()

    def values(self) -> list[Any]:
        return [line.row.value() for line in self._lines]

    def set_values(self, values: Sequence[Any]) -> None:
        """Show ``values``, reusing rows, adding or removing to fit."""
        while len(self._lines) > len(values):
            self._drop(len(self._lines) - 1)
        while len(self._lines) < len(values):
            self._append()
        for line, value in zip(self._lines, values, strict=True):
            line.row.set_value(value)
        self._relabel()

    def add_row(self, value: Any = None) -> Row:
        """The author's Add: a new row at the end, focused."""
        line = self._append()
        if value is not None:
            line.row.set_value(value)
        self._relabel()
        line.row.inputs()[0].setFocus()
        self.changed.emit()
        return line.row

    def remove_row(self, index: int) -> None:
        self._drop(index)
        self._relabel()
        self.changed.emit()

    def move_row(self, index: int, offset: int) -> None:
        target = index + offset
        if not (0 <= index < len(self._lines) and 0 <= target < len(self._lines)):
            return
        values = self.values()
        values.insert(target, values.pop(index))
        for line, value in zip(self._lines, values, strict=True):
            line.row.set_value(value)
        self._lines[target].row.inputs()[0].setFocus()
        self.changed.emit()

    def _append(self) -> _Line:
        row = self._make_row()
        line = _Line(row, self._movable, self)
        row.edited.connect(self.changed)
        line.remove.clicked.connect(lambda: self.remove_row(self._lines.index(line)))
        if line.up is not None and line.down is not None:
            line.up.clicked.connect(lambda: self.move_row(self._lines.index(line), -1))
            line.down.clicked.connect(lambda: self.move_row(self._lines.index(line), 1))
        self._rows.addWidget(line)
        self._lines.append(line)
        return line

    def _drop(self, index: int) -> None:
        line = self._lines.pop(index)
        self._rows.removeWidget(line)
        line.hide()
        line.deleteLater()

    def _relabel(self) -> None:
        """Numbers in accessible names: "Remove choice 2" says which one."""
        for number, line in enumerate(self._lines, start=1):
            line.row.renumber(self.noun, number)
            name = f"{self.noun} {number}"
            if line.up is not None and line.down is not None:
                line.up.setAccessibleName(f"Move {name} up")
                line.up.setToolTip(f"Move {name} up")
                line.down.setAccessibleName(f"Move {name} down")
                line.down.setToolTip(f"Move {name} down")
            line.remove.setAccessibleName(f"Remove {name}")
            line.remove.setToolTip(f"Remove {name}")
