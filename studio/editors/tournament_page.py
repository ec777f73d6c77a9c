"""The tournament editor: name, description, status and an optional start time."""

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from content_rules.vocabulary import TournamentStatus
from local_db.entities import EntityKind
from studio.editors.bindings import Binding, combo_box, line_edit, plain_text
from studio.editors.page import EditorPage
from studio.editors.simple_pages import description_edit


class OptionalDateTime(QWidget):
    """A date and time in the author's zone, or none; the value is an aware UTC datetime.

    Whole seconds: the rules want a time zone and nothing finer is meaningful here.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._had_time = False
        self.enabled = QCheckBox("Set", self)
        self.enabled.setAccessibleName("Has a start time")
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setAccessibleName("Start time")
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(self.changed)
        self.setFocusProxy(self.enabled)

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked and not self._had_time:
            # A first start time: the next full hour is closer than the year 2000.
            now = QDateTime.currentDateTime().addSecs(3600)
            self.edit.setDateTime(now.addSecs(-(now.time().minute() * 60 + now.time().second())))
            self._had_time = True
        self.changed.emit()

    def value(self) -> datetime | None:
        if not self.enabled.isChecked():
            return None
        return datetime.fromtimestamp(self.edit.dateTime().toSecsSinceEpoch(), tz=UTC)

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            self._had_time = True
            self.edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
        self.enabled.setChecked(value is not None)


class TournamentPage(EditorPage):
    kind = EntityKind.TOURNAMENT

    def build(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.add_row(form, "name", "Name", line_edit(QLineEdit()))
        self.add_row(form, "description", "Description", plain_text(description_edit()))
        statuses = [
            (status.value, status.value.replace("_", " ").capitalize())
            for status in TournamentStatus
        ]
        self.add_row(form, "status", "Status", combo_box(QComboBox(), statuses))
        start = OptionalDateTime()
        self.add_row(
            form,
            "start_time",
            "Start time",
            Binding(start, start.value, start.set_value, start.changed),
        )
        layout.addLayout(form)
        layout.addStretch(1)
