"""The changes the server refused, each with its message and the field it named.

A rejected change stays in the library, untouched, until the author fixes it (editing
it queues it again) or deletes it; this table is where they learn what to fix.
"""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from local_db.sync.pending import PendingChange
from studio.sync_ui.pending_model import ENTITY_ROLE
from studio.sync_ui.values import field_title

Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()
HEADERS = ("Item", "Field", "Code", "Server's message")


class RejectedModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rejected: tuple[PendingChange, ...] = ()

    def set_rejected(self, rejected: Sequence[PendingChange]) -> None:
        self.beginResetModel()
        self._rejected = tuple(rejected)
        self.endResetModel()

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self._rejected)

    def columnCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self._rejected[index.row()]
        if role == ENTITY_ROLE:
            return change.entity_type, change.entity_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        cells = (
            f"{change.entity_type}: {change.label}",
            field_title(change.error_field) if change.error_field else "",
            change.error_code or "",
            change.error_message or "",
        )
        return cells[index.column()]
