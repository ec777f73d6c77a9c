"""Reading the library's sync state off the UI thread, without piling reads up.

A pending report diffs every outbox entry, and the counts are asked on a timer, so each
kind of read runs at most once at a time; asked again meanwhile, it runs once more when
the first is done. Reads go to the network lane: the write lane may be busy with an
import, and a read in WAL mode never waits for a writer.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from local_db.library import Library
from studio.workers import Workers

T = TypeVar("T")


class LibraryReader(QObject):
    failed = Signal(str)

    def __init__(self, library: Library, workers: Workers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self._reading: set[str] = set()
        self._again: set[str] = set()
        self.active = False
        """Off once the window closed: the library may be closing, nothing is read."""

    def read(self, name: str, query: Callable[[Session], T], show: Callable[[T], None]) -> None:
        if not self.active:
            return
        if name in self._reading:
            self._again.add(name)
            return
        self._reading.add(name)
        library = self._library

        def work() -> T:
            with library.read() as session:
                return query(session)

        def done(result: Any) -> None:
            self._reading.discard(name)
            show(result)
            if name in self._again:
                self._again.discard(name)
                self.read(name, query, show)

        def failed(error: BaseException) -> None:
            self._reading.discard(name)
            self._again.discard(name)
            self.failed.emit(f"Could not read the library's sync state: {error}")

        self._workers.network(work, on_done=done, on_error=failed)
