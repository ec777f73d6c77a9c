"""One conflict side by side: per field the original, mine and theirs, and a merged value.

Values can be a whole lesson's text, so each sits in its own read-only text box that
scrolls, not in a table cell cut to one line. The merged box starts from mine; text
fields take the text as typed, the others JSON (values.parse_merged).
"""

from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from local_db.sync.kinds import DELETED_AT
from local_db.sync.pending import OpenConflict
from studio.sync_ui.conflict_list_model import KIND_TEXT
from studio.sync_ui.forms import error_label, show_error
from studio.sync_ui.values import editable_text, field_title, full_text, parse_merged

COLUMNS = ("Field", "Original", "Mine", "Theirs", "Merged")
BOX_HEIGHT = 96


class MergedValuesInvalid(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {text}" for field, text in problems.items()))
        self.problems = problems


class ConflictEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._conflict: OpenConflict | None = None
        self._merged: dict[str, QPlainTextEdit] = {}
        self._boxes: list[QPlainTextEdit] = []
        self._errors: dict[str, QLabel] = {}
        self.explanation = QLabel(self)
        self.explanation.setObjectName("conflictExplanation")
        self.explanation.setWordWrap(True)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.explanation)
        layout.addWidget(self._scroll, 1)
        self.show_conflict(None)

    @property
    def conflict(self) -> OpenConflict | None:
        return self._conflict

    @property
    def mergeable(self) -> bool:
        """Whether there is a value to type: a delete alone is kept or taken, not merged."""
        return bool(self._merged)

    @property
    def merged_fields(self) -> tuple[str, ...]:
        return tuple(self._merged)

    def merged_editor(self, field: str) -> QPlainTextEdit:
        return self._merged[field]

    def focusable(self) -> list[QPlainTextEdit]:
        """The boxes in reading order (row by row), for the dialog's tab order."""
        return list(self._boxes)

    def show_conflict(self, conflict: OpenConflict | None) -> None:
        self._conflict = conflict
        self._merged, self._errors, self._boxes = {}, {}, []
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        if conflict is None:
            self.explanation.setText("No open conflicts.")
        else:
            self.explanation.setText(
                f"{conflict.entity_type.capitalize()} “{conflict.label}”: "
                f"{KIND_TEXT[conflict.kind]}. Keep your values, take the server's, or type "
                "merged values."
            )
            for column, title in enumerate(COLUMNS):
                grid.addWidget(QLabel(f"<b>{title}</b>", grid_host), 0, column)
            for number, field in enumerate(conflict.fields):
                self._add_field(grid, grid_host, 1 + 2 * number, conflict, field)
        grid.setRowStretch(grid.rowCount(), 1)
        self._scroll.setWidget(grid_host)

    def merged_values(self) -> dict[str, Any]:
        """The typed merged values; ``MergedValuesInvalid`` names the fields that are not."""
        assert self._conflict is not None
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for field, box in self._merged.items():
            try:
                values[field] = parse_merged(
                    box.toPlainText(),
                    local=self._conflict.local.get(field),
                    remote=self._conflict.remote.get(field),
                )
            except ValueError as error:
                problems[field] = str(error)
        if problems:
            raise MergedValuesInvalid(problems)
        return values

    def show_errors(self, problems: dict[str, str]) -> None:
        """Each message under its field's merged box; the first such box takes the focus."""
        for field, label in self._errors.items():
            show_error(label, self._merged[field], problems.get(field))
        for field in self._merged:
            if field in problems:
                self._merged[field].setFocus()
                break

    def _add_field(
        self, grid: QGridLayout, host: QWidget, row: int, conflict: OpenConflict, field: str
    ) -> None:
        title = field_title(field)
        grid.addWidget(QLabel(title, host), row, 0)
        sides = (("original", conflict.base), ("mine", conflict.local), ("theirs", conflict.remote))
        for column, (side, values) in enumerate(sides, start=1):
            box = _box(host, full_text(field, values.get(field)), f"{title}, {side}")
            box.setReadOnly(True)
            box.setObjectName(f"{side}_{field}")
            self._boxes.append(box)
            grid.addWidget(box, row, column)
        if field == DELETED_AT:
            grid.addWidget(QLabel("as mine", host), row, 4)
            return
        merged = _box(host, editable_text(conflict.local.get(field)), f"{title}, merged value")
        merged.setObjectName(f"merged_{field}")
        self._boxes.append(merged)
        grid.addWidget(merged, row, 4)
        error = error_label(host, f"error_{field}")
        grid.addWidget(error, row + 1, 4)
        self._merged[field], self._errors[field] = merged, error


def _box(parent: QWidget, text: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit(text, parent)
    box.setAccessibleName(name)
    box.setMaximumHeight(BOX_HEIGHT)
    # Tab moves on, as in a form: a merged value rarely needs a tab character.
    box.setTabChangesFocus(True)
    return box
