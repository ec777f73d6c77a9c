"""The tournaments list: a table model that holds ids and reads rows a page at a time.

Anki's browser model in small: the order and the filter are decided by one query for
ids (on the pool), and the columns of the rows in sight are read when the view asks,
fifty rows per short read, so a library of thousands of tournaments costs one id list.
Sorting asks the owner for ids in another order instead of sorting in Python, so the
order is the database's, the same as the next reload's.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from studio.tournaments.reads import TournamentRow

Index = QModelIndex | QPersistentModelIndex
FetchRows = Callable[[list[uuid.UUID]], dict[uuid.UUID, TournamentRow]]
SortRequest = Callable[[str, bool], None]
"""(column name as reads.SORTABLE knows it, descending)."""

ID_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 50
COLUMNS = ("Name", "Status", "Format", "Start", "Players")
SORT_KEYS = {0: "name", 1: "status", 3: "start"}


def label(value: str) -> str:
    """'REGISTRATION_OPEN' as people write it: 'Registration open'."""
    return value.replace("_", " ").capitalize()


def local_text(moment: datetime | None, zone: str) -> str:
    """A UTC instant on the tournament's own clocks, with the zone said."""
    if moment is None:
        return ""
    try:
        shown = moment.astimezone(ZoneInfo(zone))
    except (KeyError, ValueError):
        shown = moment
    return f"{shown:%Y-%m-%d %H:%M} {shown.tzname()}"


class TournamentListModel(QAbstractTableModel):
    def __init__(self, fetch: FetchRows, on_sort: SortRequest) -> None:
        super().__init__()
        self._fetch = fetch
        self._on_sort = on_sort
        self._ids: list[uuid.UUID] = []
        self._rows: dict[uuid.UUID, TournamentRow] = {}

    @property
    def ids(self) -> list[uuid.UUID]:
        return list(self._ids)

    def set_ids(self, ids: list[uuid.UUID]) -> None:
        """A new order or filter: forget the rows read so far, they may have changed."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {}
        self.endResetModel()

    def row_of(self, tournament_id: uuid.UUID) -> int:
        return self._ids.index(tournament_id) if tournament_id in self._ids else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        tournament_id = self._ids[index.row()]
        if role == ID_ROLE:
            return tournament_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._row(index.row())
        if row is None:
            return None
        return (
            row.name,
            label(row.status),
            label(row.format),
            local_text(row.start_time, row.time_zone),
            str(row.participants),
        )[index.column()]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column in SORT_KEYS:
            self._on_sort(SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder)

    def _row(self, position: int) -> TournamentRow | None:
        tournament_id = self._ids[position]
        if tournament_id not in self._rows:
            start = position - position % PAGE
            self._rows.update(self._fetch(self._ids[start : start + PAGE]))
        return self._rows.get(tournament_id)
