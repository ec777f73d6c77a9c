"""One sync at a time on the network lane, its progress forwarded to the UI thread.

The engine calls back on the worker's thread; emitting a signal of this UI-thread
object from there queues the call, so the progress bar is only touched on the UI
thread. Cancel sets the engine's flag, which it checks between two steps: what was
stored stays stored and the next sync resumes from there.
"""

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal, SignalInstance

from backend_client.remote import GraphQLRemote
from local_db.library import Library
from local_db.sync.engine import SyncEngine, SyncReport
from local_db.sync.progress import SyncControl
from local_db.sync.retry import RetryPolicy
from studio.sync_ui.link import Link
from studio.workers import Workers


@dataclass(frozen=True)
class EngineOptions:
    """SyncEngine's knobs; tests make pages small and retries instant."""

    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 100
    page_size: int = 1000


class SyncRunner(QObject):
    progressed = Signal(str, int, object)
    """(phase, done, total or None), on the UI thread."""
    finished = Signal(object, object)
    """(the Link it ran on, its SyncReport)"""
    failed = Signal(object, object)
    """(the Link it ran on, the exception that escaped the engine)"""

    def __init__(
        self,
        library: Library,
        workers: Workers,
        options: EngineOptions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._workers = workers
        self._options = options
        self._control: SyncControl | None = None

    @property
    def running(self) -> bool:
        return self._control is not None

    def start(self, link: Link) -> bool:
        """False when a sync is running already."""
        if self._control is not None:
            return False
        control = SyncControl(progress=self.progressed.emit)
        self._control = control
        library, options = self._library, self._options

        def work() -> SyncReport:
            with link.in_use() as session:
                engine = SyncEngine(
                    library,
                    GraphQLRemote(session),
                    link.account.server_url,
                    retry=options.retry,
                    batch_size=options.batch_size,
                    page_size=options.page_size,
                )
                return engine.sync(control)

        self._workers.network(
            work,
            on_done=lambda report: self._end(link, report, self.finished),
            on_error=lambda error: self._end(link, error, self.failed),
        )
        return True

    def cancel(self) -> None:
        if self._control is not None:
            self._control.cancel()

    def _end(self, link: Link, outcome: object, signal: SignalInstance) -> None:
        self._control = None
        signal.emit(link, outcome)
