"""Moving rows through the editing session's undo history and write lane.

A move is written by ContentService.move on the write lane, as every edit is; what it
did comes back on the UI thread, where ``moved`` reads the tree again with the way to
the row open. A refused move is said through the session's ``operation_failed``.
Until every queued move has landed the tree shows an older order, so ``busy`` tells
the keys to wait for ``idle`` rather than compute a move from it.
"""

import functools
import uuid
from collections.abc import Callable

from local_db.entities import EntityKind
from local_db.services import ContentService
from studio.editors.events import Event
from studio.editors.new_rows import NodeKey
from studio.editors.reasons import reason
from studio.editors.session import EditingSession
from studio.navigator.commands import MoveCommand
from studio.navigator.drops import MoveRequest, NodePath, Place, Scope

Moved = Callable[[NodeKey, NodePath], None]
"""Called on the UI thread with the moved row and the path of its (new) parent."""


class Mover:
    def __init__(self, editing: EditingSession, moved: Moved) -> None:
        self.editing = editing
        self._moved = moved
        self._in_flight = 0
        self.idle: Event[[]] = Event()
        """Every queued move has landed and the tree was read again."""

    @property
    def busy(self) -> bool:
        return self._in_flight > 0

    def move(self, request: MoveRequest) -> None:
        """Move a row as an undoable step; held-back typing is saved first."""
        self.editing.flush()
        text = f"Move {request.kind.value} “{request.label}”"
        self.editing.undo_stack.push(MoveCommand(self, request, text))

    def run(self, request: MoveRequest, place: Place) -> None:
        work = functools.partial(
            _move, self.editing.service, request.entity, request.row_id, place.index, place.scope
        )
        self._in_flight += 1
        self.editing.workers.write(
            work,
            on_done=lambda _result: self._landed(request, place, None),
            on_error=lambda error: self._landed(request, place, error),
        )

    def _landed(self, request: MoveRequest, place: Place, error: BaseException | None) -> None:
        self._in_flight -= 1
        if error is None:
            self._moved((request.kind, request.row_id), place.parent_path)
        else:
            self.editing.operation_failed.emit(reason(error))
        if not self.busy:
            self.idle.emit()


def _move(
    service: ContentService, kind: EntityKind, row_id: uuid.UUID, index: int, scope: Scope
) -> None:
    """Runs on the write thread; returns nothing, so no ORM row crosses threads."""
    service.move(kind, row_id, index=index, scope=scope)
