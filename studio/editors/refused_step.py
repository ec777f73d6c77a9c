"""Taking a step back off the undo stack when its first write was refused.

A command that writes on the write lane is pushed (and shown as "Undo …") before the
write lands. If the library refuses that first write, nothing happened, and undoing it
would queue writes against rows that never existed while the step before it hides
behind one dead Ctrl+Z. So the step is marked obsolete, which Qt 6 honours by deleting
it, without calling its undo or redo, the next time the stack reaches it; if it is still
the newest step it is taken off at once, and the next Ctrl+Z undoes the last real one.
"""

import shiboken6
from PySide6.QtGui import QUndoCommand, QUndoStack


def drop_refused_step(stack: QUndoStack, command: QUndoCommand) -> None:
    """Make ``command`` leave ``stack``: now if it is the newest step, else when reached."""
    if not shiboken6.isValid(command):  # the stack was cleared meanwhile, and it with it
        return
    command.setObsolete(True)
    newest = stack.index() - 1
    if newest >= 0 and stack.command(newest) is command:
        stack.undo()  # an obsolete command is deleted, not undone
