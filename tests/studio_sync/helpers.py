"""A plain QMainWindow with the sync UI installed, and the steps tests take in it."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.services import ContentService
from local_db.sync.engine import SyncReport
from local_db.sync.kinds import KINDS
from local_db.sync.retry import RetryPolicy
from local_db.sync.snapshot import row_values
from studio.sync_ui import EngineOptions, SyncUi, SyncUiOptions, install_sync_ui
from studio.sync_ui.sign_in_dialog import SignInDialog
from studio.workers import Workers
from tests.backend.harness import PASSWORD

AUTHOR = "ada@north.example"
SECOND_AUTHOR = "grace@north.example"
NO_WAIT = RetryPolicy(attempts=2, first_delay=0.0, sleep=lambda _seconds: None)
WAIT_MS = 20_000


@dataclass
class Studio:
    window: QMainWindow
    ui: SyncUi
    library: Library
    store: MemoryTokenStore
    workers: Workers

    @property
    def service(self) -> ContentService:
        return ContentService(self.library)

    def values(self, kind: EntityKind, entity_id: uuid.UUID) -> dict[str, Any]:
        with self.library.read() as session:
            row = session.get(ENTITIES[kind].model, entity_id)
            assert row is not None
            return row_values(KINDS[kind.value], row)


def open_studio(
    qtbot: QtBot, library: Library, store: MemoryTokenStore, *, page_size: int = 1000
) -> Iterator[Studio]:
    window = QMainWindow()
    window.setObjectName("testWindow")
    qtbot.addWidget(window)
    workers = Workers(window)
    options = SyncUiOptions(engine=EngineOptions(retry=NO_WAIT, page_size=page_size))
    ui = install_sync_ui(window, library, workers, store=store, options=options)
    window.show()
    yield Studio(window, ui, library, store, workers)
    window.close()
    assert workers.wait(WAIT_MS)
    qtbot.wait(1)  # late results arrive while their receivers still exist


def fill_sign_in(
    qtbot: QtBot, dialog: SignInDialog, server: str | None, email: str | None, password: str
) -> None:
    if server is not None:
        dialog.server.setText(server)
    if email is not None:
        dialog.email.setText(email)
    dialog.password.setText(password)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)


def sign_in(qtbot: QtBot, studio: Studio, server: str, email: str) -> None:
    """Through the dialog, as a user would; returns once the account is shown."""
    studio.ui.actions.sign_in.trigger()
    dialog = studio.ui.account.dialog
    assert dialog is not None
    fill_sign_in(qtbot, dialog, server, email, PASSWORD)
    qtbot.waitUntil(lambda: studio.ui.account_status.text() == email, timeout=WAIT_MS)
    assert studio.ui.account.dialog is None


def sync(qtbot: QtBot, studio: Studio) -> SyncReport:
    """Ctrl+Shift+S in the window; the report, once the sync is over."""
    studio.window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(studio.window.isActiveWindow)
    with qtbot.waitSignal(studio.ui.runner.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(
            studio.window,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    report: SyncReport = finished.args[1]
    return report
