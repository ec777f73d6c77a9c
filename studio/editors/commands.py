"""Undo commands for the session's history; each runs its write through the session.

The commands hold ids and values, never widgets or ORM rows, so an edit can be undone
after its editor closed and the history costs little. Typing in one field arrives as
many autosaves; consecutive ones for the same fields of the same row merge into one
command (Qt asks ``mergeWith`` when ``id()`` agrees), so one undo takes back the whole
burst, and a burst that ends where it started leaves no command at all. Edits of
several fields at once (a type switch with its new answer) stay steps of their own.
"""

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from local_db.entities import EntityKind

if TYPE_CHECKING:
    from studio.editors.session import EditingSession

EDIT_COMMAND_ID = 1
"""Qt merges only commands whose id() agrees; -1 would mean "never merge"."""


class EditCommand(QUndoCommand):
    """Fields of one row changed from ``old`` to ``new``."""

    def __init__(
        self,
        session: "EditingSession",
        kind: EntityKind,
        row_id: uuid.UUID,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        text: str,
    ) -> None:
        super().__init__(text)
        self.session = session
        self.kind = kind
        self.row_id = row_id
        self.old = dict(old)
        self.new = dict(new)
        self._pushed = False

    def redo(self) -> None:
        # The first redo is the push itself: the editor already shows the new values.
        show, self._pushed = self._pushed, True
        self.session.write_fields(self.kind, self.row_id, self.new, kept=self.old, show=show)

    def undo(self) -> None:
        self.session.write_fields(self.kind, self.row_id, self.old, kept=self.new, show=True)

    def id(self) -> int:
        return EDIT_COMMAND_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditCommand)
            and (other.kind, other.row_id) == (self.kind, self.row_id)
            and len(self.new) == 1
            and other.new.keys() == self.new.keys()
        ):
            return False
        self.new = dict(other.new)
        self.setObsolete(self.new == self.old)
        return True


class CreateCommand(QUndoCommand):
    """A new row; undo trashes it, redo brings the same row (same id) back."""

    def __init__(
        self,
        session: "EditingSession",
        kind: EntityKind,
        row_id: uuid.UUID,
        values: Mapping[str, Any],
        text: str,
    ) -> None:
        super().__init__(text)
        self.session = session
        self.kind = kind
        self.row_id = row_id
        self.values = dict(values)
        self._created = False

    def redo(self) -> None:
        if self._created:
            self.session.untrash(self.kind, self.row_id)
        else:
            self._created = True
            self.session.create_row(self.kind, self.row_id, self.values)

    def undo(self) -> None:
        self.session.trash(self.kind, self.row_id)


class _RowCommand(QUndoCommand):
    def __init__(
        self, session: "EditingSession", kind: EntityKind, row_id: uuid.UUID, text: str
    ) -> None:
        super().__init__(text)
        self.session = session
        self.kind = kind
        self.row_id = row_id


class DeleteCommand(_RowCommand):
    """A row (and what is below it) moved to the trash; undo restores exactly those rows."""

    def redo(self) -> None:
        self.session.trash(self.kind, self.row_id)

    def undo(self) -> None:
        self.session.untrash(self.kind, self.row_id)


class RestoreCommand(_RowCommand):
    """A row brought back from the trash; undo puts it back in the trash."""

    def redo(self) -> None:
        self.session.untrash(self.kind, self.row_id)

    def undo(self) -> None:
        self.session.trash(self.kind, self.row_id)
