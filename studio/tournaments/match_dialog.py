"""Moving one match by hand: its start on the tournament's clocks and its place.

The dialog only asks; the tab puts the answer into the draft and checks the conflicts
again at once, so the admin sees what the move breaks before saving.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from content_rules.tournaments.conflicts import describe_match
from content_rules.tournaments.plan import MatchKey
from studio.tournaments.zoned_time import from_wall, to_wall


class MatchDialog(QDialog):
    def __init__(
        self,
        key: MatchKey,
        start: datetime,
        place: int | None,
        zone: ZoneInfo,
        places: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("matchDialog")
        self.setWindowTitle(describe_match(key))
        self.key = key
        self._zone = zone
        self.start = QDateTimeEdit(to_wall(start, zone), self)
        self.start.setObjectName("matchStart")
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setCalendarPopup(True)
        self.place = QSpinBox(self)
        self.place.setObjectName("matchPlace")
        self.place.setRange(1, max(places, place or 1))
        self.place.setValue(place or 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(f"Start ({zone.key})", self.start)
        form.addRow("Place", self.place)
        form.addRow(buttons)

    def chosen(self) -> tuple[datetime, int]:
        return from_wall(self.start.dateTime(), self._zone), self.place.value()
