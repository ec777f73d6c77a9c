"""The open conflicts, one line each, for the list beside the side-by-side editor."""

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from local_db.models import ConflictKind
from local_db.sync.pending import OpenConflict

Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()
CONFLICT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_TEXT = {
    ConflictKind.FIELDS: "changed on both sides",
    ConflictKind.EDIT_DELETE: "edited here, deleted on the server",
    ConflictKind.DELETE_EDIT: "deleted here, edited on the server",
}


class ConflictListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conflicts: tuple[OpenConflict, ...] = ()

    def set_conflicts(self, conflicts: Sequence[OpenConflict]) -> None:
        self.beginResetModel()
        self._conflicts = tuple(conflicts)
        self.endResetModel()

    def conflict(self, row: int) -> OpenConflict:
        return self._conflicts[row]

    def row_of(self, conflict_id: uuid.UUID) -> int | None:
        for row, conflict in enumerate(self._conflicts):
            if conflict.conflict_id == conflict_id:
                return row
        return None

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self._conflicts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        conflict = self._conflicts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{conflict.entity_type}: {conflict.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            fields = ", ".join(conflict.fields)
            return f"{KIND_TEXT[conflict.kind].capitalize()} ({fields})"
        if role == CONFLICT_ID_ROLE:
            return conflict.conflict_id
        return None
