"""The sync's corner of the status bar: progress with Cancel, server, account, pending.

All four are permanent widgets, so the window's passing messages (the sync summary)
never cover them. Each says in words what a colour would only hint at.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from backend_client.files import Health
from local_db.sync.account import SignedInAccount
from studio.sync_ui.counts import SyncCounts

KEPT = "Your edits are kept in this library and sync when the server answers."


class SyncProgress(QWidget):
    """A progress bar and a Cancel button, shown only while a sync runs."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncProgress")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("syncProgressBar")
        self.bar.setAccessibleName("Sync progress")
        self.bar.setMaximumWidth(220)
        self.cancel = QToolButton(self)
        self.cancel.setObjectName("cancelSyncButton")
        self.cancel.setText("Cancel")
        self.cancel.setAccessibleName("Cancel sync")
        self.cancel.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    def begin(self) -> None:
        self.bar.setRange(0, 0)
        self.bar.setFormat("Syncing…")
        self.cancel.setEnabled(True)
        self.show()

    def advance(self, phase: str, done: int, total: int | None) -> None:
        if not self.cancel.isEnabled():
            return
        verb = {"push": "Sending", "pull": "Receiving"}.get(phase, phase.capitalize())
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{verb} %v/%m")
        else:
            self.bar.setRange(0, 0)
            self.bar.setFormat(f"{verb}…")

    def end(self) -> None:
        self.hide()

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.bar.setFormat("Cancelling…")
        self.cancel_requested.emit()


def server_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("serverStatus")
    label.setAccessibleName("Server connection")
    show_health(label, None)
    return label


def show_health(label: QLabel, answer: Health | None, *, checking: bool = False) -> None:
    if checking:
        text, tip = "Checking the server…", ""
    elif answer is None:
        text, tip = "Offline (not signed in)", f"Sign in to sync. {KEPT}"
    elif not answer.reachable:
        text, tip = "Offline", f"The server cannot be reached: {answer.problem}. {KEPT}"
    elif answer.database_reachable is False:
        text, tip = "Server trouble", f"The server answers but its database does not. {KEPT}"
    else:
        text = "Online"
        latency = answer.database_latency_ms
        tip = f"Server {answer.server_version}" + (
            f", database {latency:.0f} ms" if latency is not None else ""
        )
    label.setText(text)
    label.setToolTip(tip)
    label.setAccessibleDescription(tip)


def account_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("accountStatus")
    label.setAccessibleName("Signed-in account")
    show_account(label, None, needs_sign_in=False, notice=None)
    return label


def show_account(
    label: QLabel, account: SignedInAccount | None, *, needs_sign_in: bool, notice: str | None
) -> None:
    if account is None:
        text, tip = "Not signed in", "Sync ▸ Sign in… connects this library to a server."
    elif needs_sign_in:
        text = f"{account.email}: sign in again"
        tip = f"The sign-in to {account.server_url} is not on this computer any more."
    else:
        text, tip = account.email, f"Signed in to {account.server_url}"
    if account is not None and notice:
        tip = f"{tip}\n{notice}"
    label.setText(text)
    label.setToolTip(tip)
    label.setAccessibleDescription(tip)


def counts_button(parent: QWidget) -> QToolButton:
    """Shows what waits to be synced; clicking it opens the Pending changes panel."""
    button = QToolButton(parent)
    button.setObjectName("pendingCount")
    button.setAutoRaise(True)
    button.setAccessibleName("Pending changes")
    show_counts(button, SyncCounts())
    return button


def show_counts(button: QToolButton, counts: SyncCounts) -> None:
    button.setText(counts.text())
    button.setToolTip(f"{counts.text()}. Click to show the Pending changes panel.")
