"""The editing session: one undo history and one write lane shared by every editor.

Editors never write the library themselves. They hand each finished edit to the
session, which makes it an undo command (commands.py) whose redo runs the write on the
Workers write lane; undo, trash and restore go the same way. So every write reaches
SQLite off the UI thread, one at a time, in the order the author made them, and an edit
can be undone after its editor has closed. What the writes did comes back as events
(events.py) on the UI thread, where an open editor of the row follows along.
"""

import functools
import uuid
from collections.abc import Mapping
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack

from local_db.entities import EntityKind
from local_db.ids import new_id
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.commands import CreateCommand, DeleteCommand, EditCommand, RestoreCommand
from studio.editors.events import Event
from studio.editors.reasons import reason
from studio.workers import Workers

RowKey = tuple[EntityKind, uuid.UUID]
Kept = dict[str, Any]
"""After a refused write: the values the row still holds for the fields it tried."""


class Flushable(Protocol):
    """An open editor: it can hand over an edit it is still holding back."""

    def flush(self) -> None: ...


class EditingSession(QObject):
    """The window's editing services; its events are plain callbacks on the UI thread."""

    def __init__(
        self,
        library: Library,
        workers: Workers,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.workers = workers
        self.undo_stack = undo_stack
        self.service = ContentService(library)
        self._editors: list[Flushable] = []
        self._in_flight: dict[RowKey, tuple[int, dict[str, Any]]] = {}
        self.values_applied: Event[EntityKind, uuid.UUID, dict[str, Any]] = Event()
        """Undo or redo set these fields of the row; an open editor shows them."""
        self.write_started: Event[EntityKind, uuid.UUID] = Event()
        """A write of some of the row's fields is queued."""
        self.write_finished: Event[EntityKind, uuid.UUID, BaseException | None, Kept] = Event()
        """It landed (error None), or was refused and the row kept the ``Kept`` values."""
        self.rows_trashed: Event[list[RowKey]] = Event()
        """Rows now in the trash: a row and everything below it."""
        self.rows_restored: Event[list[RowKey]] = Event()
        self.row_created: Event[EntityKind, uuid.UUID] = Event()
        self.operation_failed: Event[str] = Event()
        """A create, trash or restore was refused; the text says why."""

    def attach(self, editor: Flushable) -> None:
        self._editors.append(editor)

    def detach(self, editor: Flushable) -> None:
        if editor in self._editors:
            self._editors.remove(editor)

    def flush(self) -> None:
        """Turn every edit an editor still holds back (debouncing) into a command now."""
        for editor in list(self._editors):
            editor.flush()

    def undo(self) -> None:
        """Undo the last edit, counting the one still being typed."""
        self.flush()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush()
        self.undo_stack.redo()

    def finish(self, milliseconds: int = -1) -> bool:
        """Flush and wait for every queued write: before the window or library closes."""
        self.flush()
        return self.workers.wait_for_writes(milliseconds)

    def queued_values(self, kind: EntityKind, row_id: uuid.UUID) -> dict[str, Any]:
        """Fields of a row still on their way to the library, newest value each.

        An editor opened while such a write is queued shows these over what it read,
        or it would show (and then save back) the value the write is replacing.
        """
        return dict(self._in_flight.get((kind, row_id), (0, {}))[1])

    def record_edit(
        self,
        kind: EntityKind,
        row_id: uuid.UUID,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        text: str,
    ) -> None:
        """An edit the author made in a form: saved now, undoable later."""
        self.undo_stack.push(EditCommand(self, kind, row_id, old, new, text))

    def create(self, kind: EntityKind, values: Mapping[str, Any], text: str) -> uuid.UUID:
        """Create a row (undo moves it to the trash); returns the id it will have."""
        row_id = new_id()
        self.flush()
        self.undo_stack.push(CreateCommand(self, kind, row_id, values, text))
        return row_id

    def delete(self, kind: EntityKind, row_id: uuid.UUID, text: str) -> None:
        """Move a row and what is below it to the trash; undo restores them."""
        self.flush()
        self.undo_stack.push(DeleteCommand(self, kind, row_id, text))

    def restore(self, kind: EntityKind, row_id: uuid.UUID, text: str) -> None:
        """Bring a row back from the trash; undo puts it back."""
        self.flush()
        self.undo_stack.push(RestoreCommand(self, kind, row_id, text))

    def write_fields(
        self,
        kind: EntityKind,
        row_id: uuid.UUID,
        values: Mapping[str, Any],
        *,
        kept: Mapping[str, Any],
        show: bool,
    ) -> None:
        """Queue an update of some fields; ``kept`` is what the row holds if it is refused."""
        key = (kind, row_id)
        count, pending = self._in_flight.get(key, (0, {}))
        self._in_flight[key] = (count + 1, {**pending, **values})
        if show:
            self.values_applied.emit(kind, row_id, dict(values))
        self.write_started.emit(kind, row_id)
        self.workers.write(
            functools.partial(_update, self.service, kind, row_id, dict(values)),
            on_done=lambda _result: self._landed(key, None, {}),
            on_error=lambda error: self._landed(key, error, dict(kept)),
        )

    def create_row(self, kind: EntityKind, row_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        self.workers.write(
            functools.partial(_create, self.service, kind, row_id, dict(values)),
            on_done=lambda _result: self.row_created.emit(kind, row_id),
            on_error=self._refused,
        )

    def trash(self, kind: EntityKind, row_id: uuid.UUID) -> None:
        self.workers.write(
            functools.partial(self.service.delete, kind, row_id),
            on_done=self.rows_trashed.emit,
            on_error=self._refused,
        )

    def untrash(self, kind: EntityKind, row_id: uuid.UUID) -> None:
        self.workers.write(
            functools.partial(self.service.restore, kind, row_id),
            on_done=self.rows_restored.emit,
            on_error=self._refused,
        )

    def _landed(self, key: RowKey, error: BaseException | None, kept: Kept) -> None:
        count, pending = self._in_flight.pop(key)
        if count > 1:
            self._in_flight[key] = (count - 1, pending)
        self.write_finished.emit(key[0], key[1], error, kept)
        if error is not None:
            # Also said where the window shows it: undo may write a row no editor shows.
            self._refused(error)

    def _refused(self, error: BaseException) -> None:
        self.operation_failed.emit(reason(error))


def _update(
    service: ContentService, kind: EntityKind, row_id: uuid.UUID, values: dict[str, Any]
) -> None:
    """Runs on the write thread; returns nothing, so no ORM row crosses threads."""
    service.update(kind, row_id, values)


def _create(
    service: ContentService, kind: EntityKind, row_id: uuid.UUID, values: dict[str, Any]
) -> None:
    service.create(kind, values, entity_id=row_id)
