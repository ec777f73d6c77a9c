"""Inputs with a fixed list of choices for the tournament form: zone, capacity, references.

Each returns an editor Binding whose value is what the library stores (a zone name, an
integer or None, a UUID or None), so the page compares and validates like any field.
"""

import uuid
from collections.abc import Sequence
from typing import Any
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QSpinBox

from studio.editors.bindings import Binding

NO_LIMIT = "No limit"


def time_zone_edit() -> Binding:
    """Every IANA zone, typed with completion ("berl" finds Europe/Berlin)."""
    combo = QComboBox()
    combo.setObjectName("timeZone")
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(sorted(available_timezones()))
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)

    def write(value: Any) -> None:
        if combo.currentText() != str(value or ""):
            combo.setCurrentText(str(value or ""))

    return Binding(combo, combo.currentText, write, combo.currentTextChanged)


def capacity_edit() -> Binding:
    spin = QSpinBox()
    spin.setObjectName("capacity")
    spin.setRange(0, 4_096)
    spin.setSpecialValueText(NO_LIMIT)
    return Binding(
        spin,
        lambda: spin.value() or None,
        lambda value: spin.setValue(value if isinstance(value, int) else 0),
        spin.valueChanged,
    )


class ReferenceChoice:
    """A combo of rows to point at, "None" first; the choices can be read again later."""

    def __init__(self, name: str) -> None:
        self.combo = QComboBox()
        self.combo.setObjectName(name)
        self._ids: list[uuid.UUID | None] = []
        self._wanted: uuid.UUID | None = None
        self.binding = Binding(
            self.combo, self.value, self.set_value, self.combo.currentIndexChanged
        )

    def set_choices(self, choices: Sequence[tuple[uuid.UUID, str]]) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self._ids = [None, *(row_id for row_id, _ in choices)]
        self.combo.addItems(["None", *(label for _, label in choices)])
        self.combo.blockSignals(False)
        self.set_value(current)

    def value(self) -> uuid.UUID | None:
        index = self.combo.currentIndex()
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(self._ids.index(value) if value in self._ids else 0)
