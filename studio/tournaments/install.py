"""Adding the tournaments workspace to the main window: a dock, a View action, Ctrl+3.

The window only calls ``install_tournaments``; the dock opens tournaments in the
window's editor area like any other row, so one editor is open at a time and switching
rows saves what the last one held back.
"""

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from local_db.entities import EntityKind
from studio.editors.area import EditorArea
from studio.editors.session import EditingSession
from studio.editors.tournament_page import TournamentPage
from studio.tournaments.workspace import TournamentsWorkspace

SHORTCUT = "Ctrl+3"


class TournamentsDock(QDockWidget):
    def __init__(self, window: QMainWindow, editing: EditingSession, editors: EditorArea) -> None:
        super().__init__("Tournaments", window)
        self.setObjectName("tournamentsDock")
        self.editors = editors
        self.workspace = TournamentsWorkspace(editing, self._open, self)
        self.setWidget(self.workspace)
        self.visibilityChanged.connect(self._visibility_changed)
        toggle = self.toggleViewAction()
        toggle.setObjectName("tournamentsAction")
        toggle.setText("&Tournaments")
        toggle.setShortcut(QKeySequence(SHORTCUT))
        self.action: QAction = toggle

    def account_changed(self) -> None:
        """Signing in or out may change who may edit: the list and the open editor say so."""
        if self.isVisible():
            self.workspace.reload()
        page = self.editors.page
        if isinstance(page, TournamentPage):
            page.flush()
            page.reload()

    def _open(self, tournament_id: uuid.UUID) -> None:
        self.editors.open_row(EntityKind.TOURNAMENT, tournament_id)

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.workspace.reload()
            self.workspace.table.setFocus()


def install_tournaments(
    window: QMainWindow, editing: EditingSession, editors: EditorArea, menu: QMenu
) -> TournamentsDock:
    """The dock starts hidden: most sessions are about lessons, not tournaments."""
    dock = TournamentsDock(window, editing, editors)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    dock.hide()
    menu.addSeparator()
    menu.addAction(dock.action)
    return dock
