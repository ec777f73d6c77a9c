"""The schedule rules sub-form: match length, breaks, daily windows, weekdays, days off.

Its value is the JSON stored in ``tournaments.schedule_rules`` (without a time zone: the
tournament's own is used), so the page checks it with the same rules as the library, and
each message from ``parse_schedule_rules`` lands on the input it names
(``schedule_rules.windows[1].end`` frames the windows field). Windows and blackout dates
are typed as text ("09:00-12:00, 13:00-16:00"); a piece that does not read as a window
is passed on as it was typed, so the rules word the message rather than this form.
"""

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from content_rules.tournaments.schedule_rules import (
    MAX_BREAK_MINUTES,
    MAX_MATCH_MINUTES,
    MAX_PLACES,
)
from studio.editors.paths import root_field

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SEPARATORS = re.compile(r"[,;\s]+")


def windows_text(windows: Any) -> str:
    if not isinstance(windows, list):
        return ""
    return ", ".join(
        f"{window.get('start', '')}-{window.get('end', '')}"
        for window in windows
        if isinstance(window, dict)
    )


def parse_windows(text: str) -> list[dict[str, str]]:
    windows = []
    for piece in (part.strip() for part in text.split(",")):
        if piece:
            start, _, end = piece.partition("-")
            windows.append({"start": start.strip(), "end": end.strip()})
    return windows


class ScheduleRulesForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleRules")
        self.match_minutes = _spin("Match minutes", 1, MAX_MATCH_MINUTES, " min")
        self.break_minutes = _spin("Break minutes", 0, MAX_BREAK_MINUTES, " min")
        self.windows = QLineEdit()
        self.windows.setObjectName("windows")
        self.windows.setAccessibleName("Playing windows")
        self.windows.setPlaceholderText("09:00-12:00, 13:00-16:00")
        self.weekdays = [QCheckBox(name) for name in WEEKDAYS]
        days = QWidget()
        days.setObjectName("weekdays")
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.weekdays:
            row.addWidget(box)
        self.weekday_row = days
        self.blackout_dates = QLineEdit()
        self.blackout_dates.setObjectName("blackoutDates")
        self.blackout_dates.setAccessibleName("Blackout dates")
        self.blackout_dates.setPlaceholderText("2026-12-24, 2026-12-31")
        self.places = _spin("Places", 1, MAX_PLACES, "")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Match length", self.match_minutes)
        form.addRow("Break", self.break_minutes)
        form.addRow("Windows", self.windows)
        form.addRow("Weekdays", days)
        form.addRow("Blackout dates", self.blackout_dates)
        form.addRow("Places", self.places)
        self.match_minutes.valueChanged.connect(self.changed)
        self.break_minutes.valueChanged.connect(self.changed)
        self.places.valueChanged.connect(self.changed)
        self.windows.textChanged.connect(self.changed)
        self.blackout_dates.textChanged.connect(self.changed)
        for box in self.weekdays:
            box.toggled.connect(self.changed)

    def value(self) -> dict[str, Any]:
        return {
            "match_minutes": self.match_minutes.value(),
            "break_minutes": self.break_minutes.value(),
            "windows": parse_windows(self.windows.text()),
            "weekdays": [day for day, box in enumerate(self.weekdays, 1) if box.isChecked()],
            "blackout_dates": [day for day in _SEPARATORS.split(self.blackout_dates.text()) if day],
            "places": self.places.value(),
        }

    def set_value(self, value: Any) -> None:
        rules = value if isinstance(value, dict) else {}
        if self.value() == rules:
            return  # leave the cursor where the admin is typing
        self.blockSignals(True)
        try:
            self.match_minutes.setValue(_int(rules.get("match_minutes"), 30))
            self.break_minutes.setValue(_int(rules.get("break_minutes"), 0))
            self.places.setValue(_int(rules.get("places"), 1))
            self.windows.setText(windows_text(rules.get("windows")))
            weekdays = rules.get("weekdays")
            played = weekdays if isinstance(weekdays, list) else []
            for day, box in enumerate(self.weekdays, 1):
                box.setChecked(day in played)
            dates = rules.get("blackout_dates")
            self.blackout_dates.setText(
                ", ".join(map(str, dates)) if isinstance(dates, list) else ""
            )
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def locate(self, path: str) -> QWidget | None:
        """The input a message about ``path`` (schedule_rules.windows[1].end) belongs to."""
        part = root_field(path.removeprefix("schedule_rules."))
        return {
            "match_minutes": self.match_minutes,
            "break_minutes": self.break_minutes,
            "windows": self.windows,
            "weekdays": self.weekday_row,
            "blackout_dates": self.blackout_dates,
            "places": self.places,
        }.get(part or "")


def _spin(name: str, minimum: int, maximum: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setAccessibleName(name)
    spin.setRange(minimum, maximum)
    spin.setSuffix(suffix)
    return spin


def _int(value: Any, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback
