"""Settling sync conflicts: pick one, compare it field by field, keep mine, theirs or a merge.

The dialog only asks; the window's SyncUi writes the decision on the write lane and
hands back the conflicts still open (or the validation errors) to show.
"""

import itertools
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from local_db.services.errors import FieldError
from local_db.sync.pending import OpenConflict
from local_db.sync.resolve import Resolution
from studio.sync_ui.conflict_editor import ConflictEditor, MergedValuesInvalid
from studio.sync_ui.conflict_list_model import ConflictListModel


class ConflictsDialog(QDialog):
    resolve_requested = Signal(object, object, object)
    """(conflict_id, Resolution, merged values or None)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle("Sync conflicts")
        self.resize(980, 560)
        self.model = ConflictListModel(self)
        self._reloading = False
        self.conflicts = QListView(self)
        self.conflicts.setObjectName("conflictList")
        self.conflicts.setAccessibleName("Open conflicts")
        self.conflicts.setModel(self.model)
        self.conflicts.selectionModel().selectionChanged.connect(self._selected)
        self.editor = ConflictEditor(self)
        splitter = QSplitter(self)
        splitter.addWidget(self.conflicts)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 3)
        self.message = QLabel(self)
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.keep_mine = self._button("Keep &mine", "keepMine", Resolution.MINE)
        self.keep_theirs = self._button("Keep &theirs", "keepTheirs", Resolution.THEIRS)
        self.use_merged = self._button("Use merged &values", "useMerged", Resolution.MERGED)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        self._close = close
        buttons = QHBoxLayout()
        for button in (self.keep_mine, self.keep_theirs, self.use_merged):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.set_busy(False)

    def set_conflicts(self, conflicts: Sequence[OpenConflict]) -> None:
        """Shows ``conflicts``. The one on screen stays, with what was typed into it, while
        it is still open and unchanged: a refresh must not wipe a merge being written."""
        shown = self.editor.conflict
        self._reloading = True
        try:
            self.model.set_conflicts(conflicts)
        finally:
            self._reloading = False
        row = None if shown is None else self.model.row_of(shown.conflict_id)
        if row is None and conflicts:
            row = 0
        if row is None:
            self.editor.show_conflict(None)
            self.message.setText("No conflicts are open. Sync to send your decisions.")
            self.set_busy(False)
        else:
            self.conflicts.setCurrentIndex(self.model.index(row))

    def set_busy(self, busy: bool) -> None:
        chosen = self.editor.conflict is not None and not busy
        self.keep_mine.setEnabled(chosen)
        self.keep_theirs.setEnabled(chosen)
        self.use_merged.setEnabled(chosen and self.editor.mergeable)

    def show_refusal(self, errors: Sequence[FieldError]) -> None:
        """Field errors under their merged boxes, the rest as a message."""
        merged = set(self.editor.merged_fields)
        self.editor.show_errors({e.field: e.message for e in errors if e.field in merged})
        others = [str(error) for error in errors if error.field not in merged]
        self.message.setText("; ".join(others) or "Correct the merged values shown in red.")
        self.set_busy(False)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.set_busy(False)

    def _button(self, text: str, name: str, resolution: Resolution) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._decide(resolution))
        return button

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.conflicts.currentIndex()
        conflict = self.model.conflict(index.row()) if index.isValid() else None
        if self._reloading or (conflict is not None and conflict == self.editor.conflict):
            return
        self.editor.show_conflict(conflict)
        self.message.clear()
        self.set_busy(False)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """The editor's boxes are made per conflict, after the buttons; put them between."""
        chain: list[QWidget] = [
            self.conflicts,
            *self.editor.focusable(),
            self.keep_mine,
            self.keep_theirs,
            self.use_merged,
            self._close,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _decide(self, resolution: Resolution) -> None:
        conflict = self.editor.conflict
        if conflict is None:
            return
        merged: dict[str, Any] | None = None
        if resolution is Resolution.MERGED:
            try:
                merged = self.editor.merged_values()
            except MergedValuesInvalid as invalid:
                self.editor.show_errors(invalid.problems)
                self.message.setText("Correct the merged values shown in red.")
                return
        self.editor.show_errors({})
        self.message.setText("Saving your decision…")
        self.set_busy(True)
        conflict_id: uuid.UUID = conflict.conflict_id
        self.resolve_requested.emit(conflict_id, resolution, merged)
