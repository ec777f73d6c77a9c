"""A month calendar with the days that have tournaments or scheduled matches in bold.

Marks are set through the calendar's own date formats, so they survive paging through
months and need no painting of our own; the previous marks are cleared before new ones
are set, or days that lost their last match would stay marked.
"""

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

MARK_COLOR = "#cfe3ff"


class TournamentCalendar(QCalendarWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tournamentCalendar")
        self.setAccessibleName("Tournament calendar")
        self.setGridVisible(True)
        self._marked: set[date] = set()

    @property
    def marked(self) -> frozenset[date]:
        return frozenset(self._marked)

    def mark(self, days: Iterable[date]) -> None:
        wanted = set(days)
        for day in self._marked - wanted:
            self.setDateTextFormat(_qdate(day), QTextCharFormat())
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(QBrush(QColor(MARK_COLOR)))
        for day in wanted - self._marked:
            self.setDateTextFormat(_qdate(day), marked)
        self._marked = wanted


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
