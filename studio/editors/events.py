"""Plain Python events for the editing session, as napari uses for its models.

The session and everything that listens to it live on the UI thread, so nothing here
needs Qt's queued delivery. Plain callbacks also sidestep a PySide 6.12 defect: every
``SignalInstance.emit()`` called from Python drops a reference to ``True``, and after
enough of them the interpreter aborts (at exit after a few hundred). Listeners
disconnect when they close (editor pages do in ``close_page``).
"""

from collections.abc import Callable
from typing import Generic, ParamSpec

P = ParamSpec("P")


class Event(Generic[P]):
    def __init__(self) -> None:
        self._callbacks: list[Callable[P, None]] = []

    def connect(self, callback: Callable[P, None]) -> None:
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[P, None]) -> None:
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, *args: P.args, **kwargs: P.kwargs) -> None:
        for callback in list(self._callbacks):
            callback(*args, **kwargs)
