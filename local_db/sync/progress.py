"""How a sync reports where it is and hears that it should stop.

Callbacks run on the sync's own thread; the studio turns them into Qt signals.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

ProgressCallback = Callable[[str, int, int | None], None]
"""(phase, done, total): phase is "push" or "pull"; total is None when unknown."""


class SyncCancelled(Exception):
    """Raised between two steps when cancel was asked; everything before it is kept."""


@dataclass
class SyncControl:
    progress: ProgressCallback | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self.cancel_event.set()

    def checkpoint(self) -> None:
        if self.cancel_event.is_set():
            raise SyncCancelled("the sync was cancelled; the next one resumes from here")

    def report(self, phase: str, done: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)
