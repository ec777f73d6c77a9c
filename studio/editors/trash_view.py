"""The trash view: pick trashed rows and restore them (undoable, on the write lane).

Restoring brings back the rows trashed together with the chosen one; a row whose
parent is still in the trash cannot come back alone, and the view says so. The view may
be focused on what was trashed below one row (the navigator's "Restore from Trash…"),
with a button back to the whole trash.
"""

import uuid

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from local_db.entities import EntityKind
from studio.editors.session import EditingSession
from studio.editors.trash_model import TRASH_ROW_ROLE, TrashModel
from studio.editors.trash_query import TrashedRow, TrashScope, trashed_rows


class TrashView(QWidget):
    def __init__(
        self,
        session: EditingSession,
        parent: QWidget | None = None,
        *,
        below: TrashScope | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trashView")
        self.session = session
        self.scope = below
        self.model = TrashModel(self._read, self)
        self.table = QTableView(self)
        self.table.setObjectName("trashTable")
        self.table.setAccessibleName("Rows in the trash")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.message = QLabel(self)
        self.message.setObjectName("trashMessage")
        self.message.setWordWrap(True)
        self.title = QLabel("Trash", self)
        self.title.setObjectName("trashTitle")
        self.show_all_button = QPushButton("Show &All", self)
        self.show_all_button.setObjectName("showAllTrashButton")
        self.show_all_button.clicked.connect(lambda: self.focus(None))
        self.show_all_button.hide()
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.show_all_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        session.rows_trashed.connect(lambda _rows: self.model.reload())
        session.rows_restored.connect(self._restored)
        session.operation_failed.connect(self.message.setText)
        self._show_scope()

    def focus(self, scope: TrashScope | None) -> None:
        """List only what was trashed below ``scope``'s row (None: the whole trash)."""
        self.scope = scope
        self.model.reload()
        self._show_scope()

    def _show_scope(self) -> None:
        scope = self.scope
        self.show_all_button.setVisible(scope is not None)
        if scope is None:
            self.title.setText("Trash")
            self.message.clear()
            return
        self.title.setText(f"Trash: from “{scope.label}”")
        empty = self.model.rowCount() == 0
        self.message.setText(f"Nothing from “{scope.label}” is in the trash." if empty else "")

    def selected_rows(self) -> list[TrashedRow]:
        indexes: list[QModelIndex] = self.table.selectionModel().selectedRows()
        return [index.data(TRASH_ROW_ROLE) for index in sorted(indexes, key=QModelIndex.row)]

    def restore_selected(self) -> None:
        self.message.clear()
        for row in self.selected_rows():
            self.session.restore(row.kind, row.id, f"Restore {row.kind.value} “{row.label}”")

    def _restored(self, rows: list[tuple[EntityKind, uuid.UUID]]) -> None:
        self.message.setText(f"Restored {len(rows)} row(s).")
        self.model.reload()

    def _read(self) -> list[TrashedRow]:
        with self.session.library.read() as db:
            return trashed_rows(db, below=self.scope)
