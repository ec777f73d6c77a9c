"""Sync and account in the main window: ``install_sync_ui`` and the SyncUi it returns.

SyncUi wires the pieces of this package to one window: the Sync menu and toolbar, the
status bar's progress/server/account/pending widgets, the Pending changes dock, the
sign-in and conflicts dialogs. Network calls and library reads run on the network lane,
decisions on the write lane; every result comes back here, on the UI thread.

It starts when the window is shown and stops when it is hidden (closed): the timers
stop, a running sync is cancelled at its next step, dialogs close and the connection is
released once the last network task using it is done. Editing never waits on any of it.
"""

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from backend_client.files import Health
from backend_client.token_store import TokenStore
from local_db.library import Library
from local_db.sync.engine import SyncOutcome, SyncReport
from local_db.sync.pending import PendingReport, pending_report
from studio.settings import Settings
from studio.sync_ui.account_flow import AccountFlow
from studio.sync_ui.actions import add_sync_actions
from studio.sync_ui.conflicts_flow import ConflictsFlow
from studio.sync_ui.counts import SyncCounts, sync_counts
from studio.sync_ui.health import INTERVAL_MS, HealthMonitor
from studio.sync_ui.link import Link, LinkClosed
from studio.sync_ui.pending_panel import PendingPanel
from studio.sync_ui.reads import LibraryReader
from studio.sync_ui.status_widgets import (
    SyncProgress,
    account_label,
    counts_button,
    server_label,
    show_account,
    show_counts,
    show_health,
)
from studio.sync_ui.sync_runner import EngineOptions, SyncRunner
from studio.sync_ui.tokens import Tokens
from studio.workers import Workers

SUMMARY_MS = 20_000
OUTCOME_TEXT = {
    SyncOutcome.DONE: "Synced",
    SyncOutcome.OFFLINE: "Sync stopped, offline; your edits are kept",
    SyncOutcome.SIGN_IN_REQUIRED: "Sync stopped: sign in again",
    SyncOutcome.CANCELLED: "Sync cancelled; the next sync resumes from here",
}


@dataclass(frozen=True)
class SyncUiOptions:
    health_interval_ms: int = INTERVAL_MS
    counts_interval_ms: int = 5_000
    """The pending count is two indexed counts, cheap enough to ask every few seconds."""
    engine: EngineOptions = field(default_factory=EngineOptions)


def install_sync_ui(
    window: QMainWindow,
    library: Library,
    workers: Workers,
    *,
    store: TokenStore | None = None,
    options: SyncUiOptions | None = None,
    settings: Settings | None = None,
) -> "SyncUi":
    """Adds sync and sign-in to ``window``. ``store`` None means the system keyring (or
    memory, with a notice, when there is none), opened on a worker at start."""
    return SyncUi(window, library, workers, Tokens(store), options or SyncUiOptions(), settings)


class SyncUi(QObject):
    synced = Signal(object)
    """A sync ended (its SyncReport): the window reloads what the pull may have changed."""

    def __init__(
        self,
        window: QMainWindow,
        library: Library,
        workers: Workers,
        tokens: Tokens,
        options: SyncUiOptions,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(window)
        self.setObjectName("syncUi")
        self.window, self.library, self.workers = window, library, workers
        self.account = AccountFlow(window, library, workers, tokens, settings, self)
        self.health = HealthMonitor(workers, self, interval_ms=options.health_interval_ms)
        self.runner = SyncRunner(library, workers, options.engine, self)
        self.panel = PendingPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.actions = add_sync_actions(window, self.panel.toggleViewAction())
        self.progress = SyncProgress(window)
        self.server_status = server_label(window)
        self.account_status = account_label(window)
        self.counts = counts_button(window)
        for widget in (self.progress, self.server_status, self.account_status, self.counts):
            window.statusBar().addPermanentWidget(widget)
        self.counts_timer = QTimer(self)
        self.counts_timer.setObjectName("pendingCountTimer")
        self.counts_timer.setInterval(options.counts_interval_ms)
        self.conflicts = ConflictsFlow(window, library, workers, self)
        self._last_counts: SyncCounts | None = None
        self.reader = LibraryReader(library, workers, self)
        self._sync_after_sign_in = False
        self._started = False
        self._connect()
        window.installEventFilter(self)
        if window.isVisible():
            self.start()

    def start(self) -> None:
        if self._started:
            return
        self._started = self.reader.active = True
        self.account.start()
        self.counts_timer.start()
        self.refresh_counts()

    def stop(self) -> None:
        self._started = self.reader.active = False
        self.counts_timer.stop()
        self.health.stop()
        self.runner.cancel()
        self.conflicts.close()
        self.account.stop()

    def sync(self) -> None:
        """Sync now; without a usable sign-in, ask for one first and sync after it."""
        if self.runner.running:
            return
        link = self.account.link
        if link is None and self.account.account is not None and not self.account.needs_sign_in:
            self._say("Still picking up your sign-in; try again in a moment.")
            return
        if link is None or self.account.needs_sign_in:
            self._sync_after_sign_in = True
            self.account.ask_sign_in()
            return
        self.progress.begin()
        self.runner.start(link)
        self._update_actions()

    def cancel_sync(self) -> None:
        self.runner.cancel()

    def sign_out(self) -> None:
        self.runner.cancel()
        self.account.sign_out()

    def refresh_counts(self) -> None:
        """Reads the status bar's counts now; editors may call it after a save."""
        self.reader.read("counts", sync_counts, self._show_counts)

    def refresh_pending(self) -> None:
        self.reader.read("pending", pending_report, self._show_pending)

    def open_conflicts(self) -> None:
        self.conflicts.open()
        self.refresh_pending()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Show and hide (a close hides) start and stop; a minimised window's are spontaneous.

        Close comes before the window's closeEvent, which waits for the lanes: the sync is
        told to stop at its next step then, not only once the window is hidden.
        """
        if watched is self.window:
            if event.type() == QEvent.Type.Close:
                self.runner.cancel()
            elif event.type() == QEvent.Type.Show and not event.spontaneous():
                self.start()
            elif (
                event.type() == QEvent.Type.Hide
                and not event.spontaneous()
                and not self.window.isVisible()
            ):
                self.stop()
        return False

    def _connect(self) -> None:
        self.actions.sync.triggered.connect(self.sync)
        self.actions.resolve.triggered.connect(self.open_conflicts)
        self.actions.sign_in.triggered.connect(lambda: self.account.ask_sign_in())
        self.actions.sign_out.triggered.connect(self.sign_out)
        self.account.changed.connect(self._account_changed)
        self.account.sign_in_ended.connect(self._sign_in_ended)
        self.account.message.connect(self._say)
        self.reader.failed.connect(self._say)
        self.conflicts.resolved.connect(self._resolved)
        self.health.changed.connect(lambda answer: show_health(self.server_status, answer))
        self.runner.progressed.connect(self.progress.advance)
        self.runner.finished.connect(self._synced)
        self.runner.failed.connect(self._sync_failed)
        self.progress.cancel_requested.connect(self.cancel_sync)
        self.counts.clicked.connect(lambda: self.panel.setVisible(not self.panel.isVisible()))
        self.counts_timer.timeout.connect(self.refresh_counts)
        self.panel.visibilityChanged.connect(self._panel_shown)
        self.panel.refresh_requested.connect(self.refresh_pending)
        self.panel.resolve_requested.connect(self.open_conflicts)
        self._update_actions()

    def _panel_shown(self, visible: bool) -> None:
        if visible:
            self.refresh_pending()

    def _account_changed(self) -> None:
        flow = self.account
        show_account(
            self.account_status, flow.account, needs_sign_in=flow.needs_sign_in, notice=flow.notice
        )
        if flow.account is not None and self.health.last is None:
            show_health(self.server_status, None, checking=True)
        self.health.watch(flow.account if self._started else None)
        self._update_actions()

    def _sign_in_ended(self, signed_in: bool) -> None:
        wanted, self._sync_after_sign_in = self._sync_after_sign_in, False
        if wanted and signed_in:
            self.sync()

    def _update_actions(self) -> None:
        self.actions.sync.setEnabled(not self.runner.running)
        self.actions.sign_out.setEnabled(self.account.account is not None)
        self.actions.resolve.setEnabled(bool(self._last_counts and self._last_counts.conflicts))

    def _synced(self, link: Link, report: SyncReport) -> None:
        self.progress.end()
        self._update_actions()
        self._say(f"{OUTCOME_TEXT[report.outcome]}: {report.summary()}", SUMMARY_MS)
        if report.outcome is SyncOutcome.OFFLINE:
            self.health.report(Health(False, problem=report.message))
        elif report.outcome is SyncOutcome.DONE:
            self.health.check()
        elif report.outcome is SyncOutcome.SIGN_IN_REQUIRED and link is self.account.link:
            self._sync_after_sign_in = True
            self.account.sign_in_again("Your sign-in has ended. Sign in again to go on syncing.")
        self._refresh_after_change()
        self.synced.emit(report)

    def _sync_failed(self, _link: Link, error: BaseException) -> None:
        self.progress.end()
        self._update_actions()
        if not isinstance(error, LinkClosed):
            self._say(f"Sync failed: {error}", SUMMARY_MS)

    def _resolved(self) -> None:
        self._say("Conflict resolved; the next sync sends your decision.")
        self._refresh_after_change()

    def _refresh_after_change(self) -> None:
        """The counts, and the full report only where it is on screen."""
        self.refresh_counts()
        if self.panel.isVisible() or self.conflicts.dialog is not None:
            self.refresh_pending()

    def _show_counts(self, counts: SyncCounts) -> None:
        show_counts(self.counts, counts)
        self.actions.resolve.setEnabled(bool(counts.conflicts))
        changed = counts != self._last_counts
        self._last_counts = counts
        if changed and (self.panel.isVisible() or self.conflicts.dialog is not None):
            self.refresh_pending()

    def _show_pending(self, report: PendingReport) -> None:
        self.panel.show_report(report)
        self.conflicts.show(report.conflicts)

    def _say(self, text: str, milliseconds: int = 10_000) -> None:
        self.window.statusBar().showMessage(text, milliseconds)
