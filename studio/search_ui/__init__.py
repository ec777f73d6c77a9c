"""Full-text search in the studio: a toolbar field (Ctrl+F), results with highlighted
snippets, and the editor for the chosen row. ``install_search`` is the one call."""

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from local_db.search import SearchHit
from studio.main_window import MainWindow
from studio.search_ui.panel import SearchPanel

__all__ = ["SearchPanel", "install_search"]


def install_search(window: MainWindow) -> SearchPanel:
    """Add the search toolbar, its results dock and Ctrl+F (a window action: no menu needed)."""

    def open_hit(hit: SearchHit) -> None:
        window.open_editor(hit.kind, hit.entity_id)

    panel = SearchPanel(window, window.library, window.workers, open_hit)
    toolbar = QToolBar("Search", window)
    toolbar.setObjectName("searchToolBar")
    toolbar.addWidget(panel.field)
    window.addToolBar(toolbar)
    find = QAction("&Find…", window)
    find.setObjectName("findAction")
    find.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Find))
    find.triggered.connect(lambda: _focus(panel))
    window.addAction(find)
    return panel


def _focus(panel: SearchPanel) -> None:
    panel.field.setFocus()
    panel.field.selectAll()
