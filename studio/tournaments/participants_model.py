"""The participants table: name, email, seed and status; the seed is edited in place."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from studio.tournaments.list_model import label
from studio.tournaments.participant_reads import Participant

Index = QModelIndex | QPersistentModelIndex
Reseed = Callable[[Participant, int | None], None]

COLUMNS = ("Name", "Email", "Seed", "Status")
SEED = 2


class ParticipantsModel(QAbstractTableModel):
    def __init__(self, reseed: Reseed) -> None:
        super().__init__()
        self._reseed = reseed
        self.rows: list[Participant] = []
        self.editable = False

    def set_rows(self, rows: list[Participant]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

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
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.EditRole and index.column() == SEED:
            return row.seed or 0
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        seed = "" if row.seed is None else str(row.seed)
        return (row.name, row.email, seed, label(row.status))[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and index.column() == SEED:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hands the new seed to the owner, which writes it; the table shows it once read
        back, so a refused seed never shows as if it were saved."""
        if not (self.editable and index.isValid() and index.column() == SEED):
            return False
        if role != Qt.ItemDataRole.EditRole or not isinstance(value, int):
            return False
        self._reseed(self.rows[index.row()], value or None)
        return True
