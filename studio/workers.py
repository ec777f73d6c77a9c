"""Work off the UI thread, results back on it through signals (Anki's taskman, in small).

Two lanes: one thread for library writes, so autosave, undo and imports queue instead of
competing for SQLite's write lock, and a small pool for network calls (health, sign-in,
sync), which may each wait seconds. A task is a plain callable run on a worker; its
result or exception comes back to its callbacks on the UI thread, so they may touch
widgets.

One long-lived relay object carries every answer, tagged with its task's ticket: a
QObject per task, deleted later, could still be in flight when the pool is torn down.
"""

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class _Relay(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], ticket: int, relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._ticket = ticket
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # every failure goes back to the UI, none is lost here
            self._relay.failed.emit(self._ticket, error)
        else:
            self._relay.finished.emit(self._ticket, result)


class Workers(QObject):
    """The studio's background lanes; ``wait()`` before the library closes."""

    def __init__(self, parent: QObject | None = None, *, network_threads: int = 3) -> None:
        super().__init__(parent)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(network_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._tickets = itertools.count()
        self._callbacks: dict[int, tuple[OnDone | None, OnError | None]] = {}

    def write(
        self,
        work: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        """Run a library write on the single write thread, in submission order."""
        self._submit(self._writes, work, on_done, on_error)

    def network(
        self,
        work: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> None:
        """Run a call that may wait on the network."""
        self._submit(self._network, work, on_done, on_error)

    def wait_for_writes(self, milliseconds: int = -1) -> bool:
        """Block until every queued library write has landed: before the library closes.

        Network calls are not waited for: a health check or sign-in to an unreachable
        server may take its whole timeout, and none of them holds unsaved work.
        """
        return self._writes.waitForDone(milliseconds)

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until both lanes are idle."""
        writes_done = self._writes.waitForDone(milliseconds)
        return self._network.waitForDone(milliseconds) and writes_done

    @property
    def pending(self) -> int:
        """Tasks whose answer has not reached the UI thread yet."""
        return len(self._callbacks)

    def _submit(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: OnDone | None,
        on_error: OnError | None,
    ) -> None:
        ticket = next(self._tickets)
        self._callbacks[ticket] = (on_done, on_error)
        pool.start(_Runnable(work, ticket, self._relay))

    def _finished(self, ticket: int, result: object) -> None:
        on_done, _on_error = self._callbacks.pop(ticket, (None, None))
        if on_done is not None:
            on_done(result)

    def _failed(self, ticket: int, error: object) -> None:
        _on_done, on_error = self._callbacks.pop(ticket, (None, None))
        if on_error is not None and isinstance(error, BaseException):
            on_error(error)
