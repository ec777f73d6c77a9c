"""The sync UI the studio's main window installs: what it adds, and that closing the window
stops what it started. No server: nothing here needs one."""

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.library import Library
from studio.main_window import MainWindow


def test_the_window_gets_a_sync_menu_status_and_panel(qtbot: QtBot, library: Library) -> None:
    window = MainWindow(library, token_store=MemoryTokenStore())
    qtbot.addWidget(window)
    ui = window.sync_ui
    window.show()

    menus = [action.text() for action in window.menuBar().actions()]
    assert menus.count("&Sync") == 1
    assert menus.index("&Sync") == len(menus) - 2 and menus[-1] == "&Help"
    assert ui.actions.sync.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert not ui.actions.sign_out.isEnabled() and not ui.actions.resolve.isEnabled()
    qtbot.waitUntil(lambda: ui.counts.text() == "Nothing to sync")
    assert ui.account_status.text() == "Not signed in"
    assert ui.server_status.text() == "Offline (not signed in)"
    assert not ui.progress.isVisible() and not ui.panel.isVisible()
    assert ui.counts_timer.isActive()

    window.close()
    assert not ui.counts_timer.isActive() and not ui.health.timer.isActive()
    assert window.workers.wait(5000)
