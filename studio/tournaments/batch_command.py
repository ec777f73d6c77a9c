"""One undo step for many tournament rows, written in one transaction on the write lane.

Saving a bracket, importing a roster or reseeding touches dozens of rows; the admin
thinks of it as one action, so it is one command. The first redo creates the new rows
with ids chosen here; undo trashes them and restores what the step had trashed; a later
redo restores the same rows instead of creating them again, so ids (and anything synced
under them) stay stable through undo and redo. If the library refuses that first write,
the step leaves the undo stack (``drop_refused_step``): there is nothing to undo.

Listeners learn that a batch landed through ``batch_landed(session)``, keyed by the
editing session rather than by a tab: a batch can be undone after its tab has closed,
and a tab opened since must still hear about it.
"""

import functools
import uuid
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from local_db.entities import EntityKind
from local_db.services.tournament_plans import Batch, RowKey, write_batch
from studio.editors.events import Event
from studio.editors.reasons import reason
from studio.editors.refused_step import drop_refused_step
from studio.editors.session import EditingSession

Landed = Event[uuid.UUID, BaseException | None]
"""(tournament id, None or the error that refused the whole batch)."""

_EVENTS: "weakref.WeakKeyDictionary[EditingSession, Landed]" = weakref.WeakKeyDictionary()


def batch_landed(session: EditingSession) -> Landed:
    """The session's event for finished batches; the same object for every caller."""
    if session not in _EVENTS:
        _EVENTS[session] = Event()
    return _EVENTS[session]


Update = tuple[EntityKind, uuid.UUID, Mapping[str, Any], Mapping[str, Any]]
"""(kind, id, old values, new values)."""


class BatchCommand(QUndoCommand):
    def __init__(
        self,
        session: EditingSession,
        tournament_id: uuid.UUID,
        text: str,
        *,
        trash: Sequence[RowKey] = (),
        create: Sequence[tuple[EntityKind, uuid.UUID, Mapping[str, Any]]] = (),
        update: Sequence[Update] = (),
    ) -> None:
        super().__init__(text)
        self.session = session
        self.tournament_id = tournament_id
        self._trash = tuple(trash)
        self._create = tuple((kind, row_id, dict(values)) for kind, row_id, values in create)
        self._update = tuple(update)
        self._created = False

    def redo(self) -> None:
        new = tuple((kind, row_id, dict(values)) for kind, row_id, _, values in self._update)
        if self._created:
            self._submit(Batch(trash=self._trash, restore=self._created_keys(), update=new))
        else:
            # Set now, so a redo queued behind this write restores rather than creates.
            self._created = True
            self._submit(Batch(trash=self._trash, create=self._create, update=new), first=True)

    def undo(self) -> None:
        old = tuple((kind, row_id, dict(values)) for kind, row_id, values, _ in self._update)
        self._submit(Batch(trash=self._created_keys(), restore=self._trash, update=old))

    def _created_keys(self) -> tuple[RowKey, ...]:
        return tuple((kind, row_id) for kind, row_id, _ in self._create)

    def _submit(self, batch: Batch, *, first: bool = False) -> None:
        """``first``: the write that creates the rows; refused, the step never happened."""
        event = batch_landed(self.session)
        tournament = self.tournament_id
        text, stack = self.text(), self.session.undo_stack

        def failed(error: BaseException) -> None:
            self.session.operation_failed.emit(f"{text}: {reason(error)}")
            event.emit(tournament, error)
            if first:
                drop_refused_step(stack, self)  # last: it may delete this command

        self.session.workers.write(
            functools.partial(write_batch, self.session.library, batch),
            on_done=lambda _result: event.emit(tournament, None),
            on_error=failed,
        )


def push_batch(command: BatchCommand) -> None:
    """Hand over what editors still hold back first, so the history stays in order."""
    command.session.flush()
    command.session.undo_stack.push(command)
