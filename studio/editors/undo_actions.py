"""Edit ▸ Undo / Redo for the whole session, and the keys that reach them from any input.

The actions flush what editors hold back before undoing, so Undo right after typing
takes back that typing. Text inputs have their own Ctrl+Z, which would undo only inside
the one widget and fight the session's history; ``SessionUndoKeys`` lets the standard
undo and redo keys pass through to the window's actions instead. It hooks each input as
it gains focus (focusChanged fires rarely), rather than filtering every event of the
application.
"""

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from studio.editors.session import EditingSession

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
SESSION_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def undo_redo_actions(session: EditingSession, parent: QObject) -> tuple[QAction, QAction]:
    undo = QAction("&Undo", parent)
    undo.setObjectName("undoAction")
    undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    undo.triggered.connect(session.undo)
    redo = QAction("&Redo", parent)
    redo.setObjectName("redoAction")
    redo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    redo.triggered.connect(session.redo)
    _ActionTexts(session.undo_stack, undo, redo)
    return undo, redo


class _ActionTexts(QObject):
    """Keeps the actions' texts ("Undo Edit lesson title") in step with the history.

    A QObject owned by the undo action, so the connections end with the actions; the
    slots use the signals' arguments and never call back into a stack being destroyed.
    """

    def __init__(self, stack: QUndoStack, undo: QAction, redo: QAction) -> None:
        super().__init__(undo)
        self._undo = undo
        self._redo = redo
        stack.undoTextChanged.connect(self.undo_text)
        stack.redoTextChanged.connect(self.redo_text)
        stack.canRedoChanged.connect(self._redo.setEnabled)
        self.undo_text(stack.undoText())
        self.redo_text(stack.redoText())
        redo.setEnabled(stack.canRedo())

    def undo_text(self, text: str) -> None:
        # Undo stays enabled while an editor holds back typing: flushing makes it undoable.
        self._undo.setText(f"&Undo {text}".rstrip())

    def redo_text(self, text: str) -> None:
        self._redo.setText(f"&Redo {text}".rstrip())


class SessionUndoKeys(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z in text inputs under ``root`` reach the session's actions."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)
        self._root = root
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, TEXT_INPUTS) and self._root.isAncestorOf(new):
            new.installEventFilter(self)  # installing again only moves it to the front

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in SESSION_KEYS)
        ):
            event.ignore()  # not the widget's key: the shortcut (the window's action) fires
            return True
        return False
