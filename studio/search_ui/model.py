"""The search results: a flat list model over the hits of the latest query."""

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from local_db.search import SearchHit
from studio.search_ui.markup import hit_html, plain

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, HIT_ROLE) is the SearchHit: its kind and id open the editor."""
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
"""Rich text with the matched words in bold, drawn by the results delegate."""

Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()


class SearchResultsModel(QAbstractListModel):
    """Replaced whole with every answer: a query returns at most a page of hits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits) or index.column():
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return plain(hit.title) or f"Untitled {hit.kind.value}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return plain(hit.snippet)
        if role == HTML_ROLE:
            return hit_html(hit)
        if role == HIT_ROLE:
            return hit
        return None
