"""The trash as a table model: what was trashed, its kind and when, newest first.

It holds the listing's small rows (kind, id, label, time), read in one short
transaction by ``reload``, which the trash view calls when rows come and go.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt

from studio.editors.trash_query import TrashedRow
from studio.tree_model import TOP, Index

TRASH_ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, TRASH_ROW_ROLE) is the TrashedRow, for Restore."""
HEADERS = ("Name", "Kind", "Deleted")


class TrashModel(QAbstractTableModel):
    def __init__(self, read: Callable[[], list[TrashedRow]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._read = read
        self._rows: list[TrashedRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._read()
        self.endResetModel()

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == TRASH_ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            local = row.deleted_at.astimezone()
            return (row.label, row.kind.value.capitalize(), f"{local:%Y-%m-%d %H:%M}")[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.label
        return None
