"""The Sync menu and toolbar: sync now, the panels, and signing in and out.

The menu goes before Help, where desktop conventions expect Help to stay last.
"""

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

SYNC_SHORTCUT = QKeySequence("Ctrl+Shift+S")


@dataclass(frozen=True)
class SyncActions:
    sync: QAction
    resolve: QAction
    sign_in: QAction
    sign_out: QAction


def add_sync_actions(window: QMainWindow, pending_toggle: QAction) -> SyncActions:
    actions = SyncActions(
        sync=_action(window, "Sync &now", "syncAction", "Send your changes, get everyone else's"),
        resolve=_action(window, "&Resolve conflicts…", "resolveConflictsAction", None),
        sign_in=_action(window, "Sign &in…", "signInAction", "Sign in to a server to sync"),
        sign_out=_action(window, "Sign &out", "signOutAction", "End this library's sign-in"),
    )
    actions.sync.setShortcut(SYNC_SHORTCUT)
    pending_toggle.setText("&Pending changes")
    menu = window.menuBar().addMenu("&Sync")
    menu.setObjectName("syncMenu")
    help_menu = next(
        (a for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"), None
    )
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu, menu)
    menu.addAction(actions.sync)
    menu.addSeparator()
    menu.addAction(pending_toggle)
    menu.addAction(actions.resolve)
    menu.addSeparator()
    menu.addAction(actions.sign_in)
    menu.addAction(actions.sign_out)
    toolbar = window.addToolBar("Sync")
    toolbar.setObjectName("syncToolbar")
    toolbar.addAction(actions.sync)
    return actions


def _action(window: QMainWindow, text: str, name: str, tip: str | None) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action
