"""The undo command for moving a row in the navigator (drag and drop, Ctrl+Up/Down).

Like the editors' commands it holds ids and places only, never widgets or nodes: the
tree is read afresh after each move, so a node would not outlive it.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from studio.navigator.drops import MoveRequest

if TYPE_CHECKING:
    from studio.navigator.mover import Mover


class MoveCommand(QUndoCommand):
    """A row moved to ``request.to``; undo puts it back at ``request.back``."""

    def __init__(self, mover: "Mover", request: MoveRequest, text: str) -> None:
        super().__init__(text)
        self.mover = mover
        self.request = request

    def redo(self) -> None:
        self.mover.run(self.request, self.request.to)

    def undo(self) -> None:
        self.mover.run(self.request, self.request.back)
