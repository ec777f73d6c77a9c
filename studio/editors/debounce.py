"""Run an action once the author has paused, or at once when something cannot wait.

Autosave and the lesson preview both wait for a quiet moment instead of working on
every keystroke; closing, undoing or switching rows calls ``flush`` so nothing pending
is left behind.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Debouncer(QObject):
    def __init__(self, delay_ms: int, action: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._action = action
        self._timer = QTimer(self)
        self._timer.setObjectName("debounce")
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(action)

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def poke(self) -> None:
        """Something changed: run the action after the delay, counted from now."""
        self._timer.start()

    def flush(self) -> None:
        """Run a pending action now."""
        if self._timer.isActive():
            self._timer.stop()
            self._action()

    def cancel(self) -> None:
        self._timer.stop()
