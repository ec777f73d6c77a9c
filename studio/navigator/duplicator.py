"""Duplicate in the navigator: the row and its whole live subtree, as one undoable step.

The copy is written by ``ContentService.duplicate`` on the write lane, in one
transaction, however large the subtree. The copy's top id is chosen here, before the
write is queued, so that an undo pressed while the copy is still on its way trashes the
right row: the write lane runs the two in order. Undo trashes the copy (its rows go
with it, and rows never synced leave the outbox again); redo restores exactly those
rows, as the session's create and delete commands do. A copy the library refuses
leaves the undo stack again (``drop_refused_step``).
"""

import functools
import uuid
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.services import ContentService
from local_db.services.duplicate import RowKey
from studio.editors.reasons import reason
from studio.editors.refused_step import drop_refused_step
from studio.editors.session import EditingSession

Landed = Callable[[EntityKind, uuid.UUID], None]
"""Called on the UI thread with the copy's top row once it is in the library."""


class DuplicateCommand(QUndoCommand):
    """A copy of a row and its subtree; undo trashes the copy, redo restores it."""

    def __init__(
        self,
        editing: EditingSession,
        kind: EntityKind,
        row_id: uuid.UUID,
        text: str,
        landed: Landed,
    ) -> None:
        super().__init__(text)
        self.editing = editing
        self.kind = kind
        self.row_id = row_id
        self.copy_id = new_id()
        self._landed = landed
        self._written = False

    def redo(self) -> None:
        if self._written:
            self.editing.untrash(self.kind, self.copy_id)
            return
        # Set now, so a redo queued behind this write restores rather than copies again.
        self._written = True
        editing = self.editing

        def refused(error: BaseException) -> None:
            editing.operation_failed.emit(reason(error))
            drop_refused_step(editing.undo_stack, self)  # last: it may delete this command

        editing.workers.write(
            functools.partial(_duplicate, editing.service, self.kind, self.row_id, self.copy_id),
            on_done=lambda _rows: self._landed(self.kind, self.copy_id),
            on_error=refused,
        )

    def undo(self) -> None:
        self.editing.trash(self.kind, self.copy_id)


def duplicate(
    editing: EditingSession, kind: EntityKind, row_id: uuid.UUID, label: str, landed: Landed
) -> None:
    """Duplicate a row as an undoable step; typing held back by an editor is saved first."""
    editing.flush()
    command = DuplicateCommand(editing, kind, row_id, f"Duplicate {kind.value} “{label}”", landed)
    editing.undo_stack.push(command)


def _duplicate(
    service: ContentService, kind: EntityKind, row_id: uuid.UUID, copy_id: uuid.UUID
) -> list[RowKey]:
    """Runs on the write thread; returns ids only, so no ORM row crosses threads."""
    return service.duplicate(kind, row_id, copy_id=copy_id)
