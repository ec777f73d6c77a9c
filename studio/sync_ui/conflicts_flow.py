"""The conflicts dialog's decisions, written on the write lane like any other edit.

``resolve_conflict`` validates merged values as the editors do; a refusal comes back as
field errors shown under the merged boxes, and the conflict stays open.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from local_db.library import Library
from local_db.services.errors import ServiceError
from local_db.sync.pending import OpenConflict
from local_db.sync.resolve import Resolution, resolve_conflict
from studio.sync_ui.conflicts_dialog import ConflictsDialog
from studio.workers import Workers


class ConflictsFlow(QObject):
    resolved = Signal()
    """A decision was written; the caller reads the conflicts still open."""

    def __init__(
        self, window: QWidget, library: Library, workers: Workers, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._library = library
        self._workers = workers
        self.dialog: ConflictsDialog | None = None

    def open(self) -> None:
        if self.dialog is None:
            self.dialog = ConflictsDialog(self._window)
            self.dialog.resolve_requested.connect(self._resolve)
            self.dialog.finished.connect(self._closed)
        self.dialog.show()
        self.dialog.raise_()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()

    def show(self, conflicts: Sequence[OpenConflict]) -> None:
        if self.dialog is not None:
            self.dialog.set_conflicts(conflicts)

    def _resolve(
        self, conflict_id: uuid.UUID, resolution: Resolution, merged: Mapping[str, Any] | None
    ) -> None:
        library = self._library

        def write() -> None:
            with library.write() as session:
                resolve_conflict(session, conflict_id, resolution, merged)

        self._workers.write(
            write, on_done=lambda _none: self.resolved.emit(), on_error=self._refused
        )

    def _refused(self, error: BaseException) -> None:
        if self.dialog is None:
            return
        if isinstance(error, ServiceError):
            self.dialog.show_refusal(error.errors)
        else:
            self.dialog.show_message(f"Could not save the decision: {error}")

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
