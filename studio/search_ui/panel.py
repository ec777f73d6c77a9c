"""The search field and its results: a toolbar field, a docked list under it.

Typing restarts a 250 ms timer and only its timeout queries, on the network lane (a read
on a million rows must not hold the UI). Each query carries a number and only the answer
to the latest one is shown, so a slow early answer never replaces a newer one. What the
author types reaches FTS5 only through ``local_db.search``, which quotes every word.
"""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDockWidget, QLineEdit, QListView, QMainWindow

from local_db.library import Library
from local_db.search import SearchHit, search
from studio.search_ui.delegate import RichTextDelegate
from studio.search_ui.markup import MARKERS
from studio.search_ui.model import HIT_ROLE, SearchResultsModel
from studio.workers import Workers

DEBOUNCE_MS = 250
RESULT_LIMIT = 50

OpenRow = Callable[[SearchHit], object]


def query_for(library: Library, text: str) -> Callable[[], list[SearchHit]]:
    """The background work for one query: its own short read transaction."""

    def run() -> list[SearchHit]:
        with library.read() as session:
            return search(session, text, limit=RESULT_LIMIT, markers=MARKERS)

    return run


class SearchPanel(QObject):
    """Owns the field, the results dock and the timer; ``open_hit`` opens the editor."""

    def __init__(
        self, window: QMainWindow, library: Library, workers: Workers, open_hit: OpenRow
    ) -> None:
        super().__init__(window)
        self._library, self._workers, self._open_hit = library, workers, open_hit
        self._latest = 0
        self.queries = 0
        self.field = QLineEdit(window)
        self.field.setObjectName("searchField")
        self.field.setAccessibleName("Search the library")
        self.field.setPlaceholderText("Search (Ctrl+F)")
        self.field.setClearButtonEnabled(True)
        self.field.setMaximumWidth(360)
        self.field.installEventFilter(self)
        self.model = SearchResultsModel(self)
        self.results = QListView(window)
        self.results.setObjectName("searchResults")
        self.results.setAccessibleName("Search results")
        self.results.setItemDelegate(RichTextDelegate(self.results))
        self.results.setModel(self.model)
        self.results.activated.connect(self._activated)
        self.results.clicked.connect(self._activated)
        self.dock = QDockWidget("Search results", window)
        self.dock.setObjectName("searchDock")
        self.dock.setWidget(self.results)
        self.dock.hide()
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.timer = QTimer(self)
        self.timer.setObjectName("searchDebounce")
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.field.returnPressed.connect(self.open_current)

    def run_query(self) -> None:
        self._latest += 1
        ticket, text = self._latest, self.field.text()
        if not text.strip():
            self.model.set_hits([])
            self.dock.hide()
            return
        self.queries += 1
        self._workers.network(
            query_for(self._library, text),
            lambda hits: self._answer(ticket, hits),
            lambda error: self._failed(ticket, error),
        )

    def open_current(self) -> None:
        """Enter in the field: the selected result, or the best one."""
        if self.timer.isActive():
            return  # the list still shows an older query's answer
        current = self.results.currentIndex()
        self._activated(current if current.isValid() else self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the field moves into the results, as in a completer."""
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0, 0))
            return True
        return False

    def _answer(self, ticket: int, hits: object) -> None:
        if ticket != self._latest or not isinstance(hits, list):
            return
        self.model.set_hits(hits)
        self.dock.show()
        self.dock.setWindowTitle(f"Search results ({len(hits)})" if hits else "No results")
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))

    def _failed(self, ticket: int, error: BaseException) -> None:
        if ticket == self._latest:
            self.model.set_hits([])
            self.dock.setWindowTitle(f"Search failed: {error}")
            self.dock.show()

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if isinstance(hit, SearchHit):
            self._open_hit(hit)
