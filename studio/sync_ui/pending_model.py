"""The Pending changes tree: one row per change waiting to be sent, its field diffs below.

The model holds the report's rows as they are shown and nothing else (no ORM objects, no
session); a child index carries its parent's row number + 1 as its internal id, so
parent() costs nothing and no Python object has to outlive the index.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from local_db.models import OutboxOperation
from local_db.sync.pending import PendingChange
from studio.sync_ui.values import field_title, full_text, short_text

Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()
HEADERS = ("Change", "On the server", "In this library")
OPERATION_TEXT = {
    OutboxOperation.CREATE: "New",
    OutboxOperation.UPDATE: "Edited",
    OutboxOperation.DELETE: "Deleted",
}
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(change index, ENTITY_ROLE) is (entity_type, entity_id): what an editor opens."""


class PendingModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changes: tuple[PendingChange, ...] = ()
        self._waiting: Mapping[uuid.UUID, str] = {}

    def set_changes(
        self, changes: Sequence[PendingChange], waiting: Mapping[uuid.UUID, str]
    ) -> None:
        """``waiting`` says why a change will not be sent yet, by entity id."""
        self.beginResetModel()
        self._changes = tuple(changes)
        self._waiting = dict(waiting)
        self.endResetModel()

    def index(self, row: int, column: int, parent: Index = TOP) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self, /) -> QObject | None: ...
    @overload
    def parent(self, child: Index, /) -> QModelIndex: ...
    def parent(self, child: Index | None = None, /) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = TOP) -> int:
        if not parent.isValid():
            return len(self._changes)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return len(self._changes[parent.row()].changes)

    def columnCount(self, parent: Index = TOP) -> int:
        return len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._change_data(self._changes[index.row()], index.column(), role)
        change = self._changes[index.internalId() - 1]
        return _diff_data(change, index.row(), index.column(), role)

    def _change_data(self, change: PendingChange, column: int, role: int) -> Any:
        if role == ENTITY_ROLE:
            return change.entity_type, change.entity_id
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{OPERATION_TEXT[change.operation]} {change.entity_type}: {change.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            waits = self._waiting.get(change.entity_id)
            return f"Waits: {waits}" if waits else f"{change.entity_type} {change.entity_id}"
        return None


def _diff_data(change: PendingChange, row: int, column: int, role: int) -> Any:
    diff = change.changes[row]
    shown = role == Qt.ItemDataRole.DisplayRole
    if not shown and role != Qt.ItemDataRole.ToolTipRole:
        return None
    if column == 0:
        return field_title(diff.field) if shown else None
    if column == 1 and change.operation is OutboxOperation.CREATE:
        return "(new)" if shown else "The server has not seen this item yet"
    value = diff.base if column == 1 else diff.local
    return short_text(diff.field, value) if shown else full_text(diff.field, value)
