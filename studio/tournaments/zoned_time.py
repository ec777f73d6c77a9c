"""An optional date and time shown on the tournament's clocks, stored as a UTC instant.

An admin in Berlin planning a tournament for a school in Lisbon types the times the
school's clocks will show, so the edit shows wall time in the tournament's zone and the
value is the real instant. Changing the zone keeps the instants and shows them anew: the
zone says where the clocks are, it does not move the tournament. Whole minutes only.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QWidget

from content_rules.tournaments.schedule_rules import local_instant


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):  # the zone field reports it; times show in UTC meanwhile
        return ZoneInfo("UTC")


def to_wall(moment: datetime, zone: ZoneInfo) -> QDateTime:
    local = moment.astimezone(zone)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_wall(shown: QDateTime, zone: ZoneInfo) -> datetime:
    """The instant the zone's clocks show ``shown`` (the first one in a repeated hour, the
    end of the jump inside a gap: the scheduler's reading, see schedule_rules)."""
    day, clock = shown.date(), shown.time()
    wall = time(clock.hour(), clock.minute())
    return local_instant(date(day.year(), day.month(), day.day()), wall, zone).astimezone(UTC)


class ZonedDateTime(QWidget):
    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = ZoneInfo("UTC")
        self._instant: datetime | None = None
        self.enabled = QCheckBox("Set", self)
        self.enabled.setAccessibleName(f"Has a {name.lower()}")
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setAccessibleName(name)
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(self._edited)
        self.setFocusProxy(self.enabled)

    def value(self) -> datetime | None:
        return self._instant if self.enabled.isChecked() else None

    def set_value(self, value: Any) -> None:
        if isinstance(value, datetime):
            self._instant = value.astimezone(UTC)
            self._display()
        self.enabled.setChecked(value is not None)

    def set_zone(self, name: str) -> None:
        self._zone = zone_of(name)
        self._display()

    def _display(self) -> None:
        if self._instant is not None:
            self.edit.blockSignals(True)
            self.edit.setDateTime(to_wall(self._instant, self._zone))
            self.edit.blockSignals(False)

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked and self._instant is None:
            # A first time: the next full hour is closer than the year 2000.
            hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
            self._instant = hour + timedelta(hours=1)
            self._display()
        self.changed.emit()

    def _edited(self, shown: QDateTime) -> None:
        self._instant = from_wall(shown, self._zone)
        self.changed.emit()
