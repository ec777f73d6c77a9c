"""First come, first served among one process's writers to the library.

SQLite's busy handler lets a waiting writer sleep in growing steps, so a writer that
comes back at once (the sync's pull, one page after another) can win the lock again
and again while the studio's autosave sleeps through every gap. Writers of this process
queue here in arrival order before they BEGIN; other processes (the CLI) still queue on
busy_timeout.
"""

import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class WriteQueue:
    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._waiting: deque[object] = deque()
        self._holder: int | None = None
        self._depth = 0

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this thread's turn; a thread already holding it goes straight on."""
        me = threading.get_ident()
        with self._turns:
            if self._holder == me:
                self._depth += 1
            else:
                ticket = object()
                self._waiting.append(ticket)
                self._turns.wait_for(lambda: self._holder is None and self._waiting[0] is ticket)
                self._waiting.popleft()
                self._holder, self._depth = me, 1
        try:
            yield
        finally:
            with self._turns:
                self._depth -= 1
                if self._depth == 0:
                    self._holder = None
                    self._turns.notify_all()
