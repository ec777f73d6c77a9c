"""The sign-in form starts from the server in the settings when the library knows none.

A library remembers the server it syncs with once signed in; a new one does not, and
then the author's last server (Edit ▸ Preferences, or the last sign-in) fills the form.
A successful sign-in writes its server back to the settings.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.library import Library
from local_db.sync.account import SignedInAccount, remember_account
from studio.main_window import MainWindow
from studio.preferences import install_settings
from studio.settings import SERVER_URL, Settings
from studio.sync_ui.sign_in_dialog import SignInDialog
from tests.backend.harness import PASSWORD, Harness, serve
from tests.studio.test_editors_helpers import drain
from tests.studio_sync.helpers import AUTHOR, WAIT_MS, fill_sign_in

SAVED = "https://learn.example.org"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    saved = Settings(tmp_path / "studio.ini")
    saved.set(SERVER_URL, SAVED)
    saved.sync()
    return saved


@pytest.fixture
def window(qtbot: QtBot, library: Library, settings: Settings) -> Iterator[MainWindow]:
    shown = MainWindow(library, token_store=MemoryTokenStore(), settings=settings)
    qtbot.addWidget(shown)
    install_settings(shown, settings)
    shown.show()
    yield shown
    shown.close()
    assert shown.workers.wait(WAIT_MS)
    drain()


def sign_in_dialog(qtbot: QtBot, window: MainWindow) -> SignInDialog:
    window.sync_ui.actions.sign_in.trigger()
    dialog = window.sync_ui.account.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_a_new_library_starts_from_the_server_in_the_settings(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = sign_in_dialog(qtbot, window)
    assert dialog.server.text() == SAVED
    assert dialog.focusWidget() is dialog.email  # the first field still to fill
    dialog.reject()


def test_the_librarys_own_account_wins_over_the_settings(
    qtbot: QtBot, library: Library, settings: Settings
) -> None:
    remember_account(library, SignedInAccount("https://school.example.org", AUTHOR))
    window = MainWindow(library, token_store=MemoryTokenStore(), settings=settings)
    qtbot.addWidget(window)
    install_settings(window, settings)
    window.show()
    qtbot.waitUntil(lambda: window.sync_ui.account.account is not None, timeout=WAIT_MS)
    dialog = sign_in_dialog(qtbot, window)
    assert (dialog.server.text(), dialog.email.text()) == ("https://school.example.org", AUTHOR)
    dialog.reject()
    window.close()
    assert window.workers.wait(WAIT_MS)
    drain()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    data_dir = tmp_path_factory.mktemp("sign-in-backend")
    with serve(f"sqlite+aiosqlite:///{data_dir / 'backend.sqlite3'}", data_dir) as harness:
        harness.create_user(AUTHOR)
        yield harness


def test_a_successful_sign_in_keeps_its_server_in_the_settings(
    qtbot: QtBot, window: MainWindow, settings: Settings, server: Harness
) -> None:
    dialog = sign_in_dialog(qtbot, window)
    fill_sign_in(qtbot, dialog, server.base_url, AUTHOR, PASSWORD)
    qtbot.waitUntil(lambda: window.sync_ui.account_status.text() == AUTHOR, timeout=WAIT_MS)
    assert Settings(settings.path).get(SERVER_URL) == server.base_url  # on disk already
