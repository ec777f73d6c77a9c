"""The navigator's item model: a lazily grown tree of lightweight nodes.

Like Anki's browser table, the model holds only what it shows (a NodeRow per node: kind,
id, label) and never whole records, and it asks for more only when the view does: Qt
calls canFetchMore/fetchMore when the author expands a node or scrolls to the end of a
long list, and each call reads one page of children. A library of a million exercises
therefore opens with nothing read but its subjects.

The model reads through a ``ReadChildren`` callable rather than a Library, so it neither
owns nor closes the library and tests can count or fake its reads.
"""

import textwrap
from dataclasses import dataclass, field
from typing import Any, Protocol, overload

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from local_db.queries import NodeKind, NodeRow

PAGE_SIZE = 500
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, NODE_ROLE) is the node's (NodeKind, id): what an editor needs to open it."""

TOOLTIP_WIDTH = 72
KIND_NAMES = {
    NodeKind.SUBJECT: "Subject",
    NodeKind.TOPIC: "Topic",
    NodeKind.LESSON: "Lesson",
    NodeKind.EXERCISE: "Exercise",
}

Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()
"""The invalid index, which stands for the invisible root (the parent of the subjects)."""


class ReadChildren(Protocol):
    """One page of a node's children (the top level for None), as local_db.queries lists them."""

    def __call__(
        self, parent: NodeRow | None, *, after: NodeRow | None, limit: int
    ) -> list[NodeRow]: ...


@dataclass(eq=False, slots=True)
class Node:
    """A tree node; ``number`` is its row under ``parent``, kept so parent() is O(1)."""

    row: NodeRow | None
    parent: "Node | None"
    number: int
    children: list["Node"] = field(default_factory=list)
    loaded: bool = False

    def may_have_more(self) -> bool:
        return not self.loaded and (self.row is None or self.row.has_children)


class NavigatorModel(QAbstractItemModel):
    """Subjects → grade groups → topics → lessons → exercises, one column, read-only."""

    def __init__(
        self,
        read_children: ReadChildren,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._read_children = read_children
        self._page_size = page_size
        self._root = Node(None, None, 0)
        # The top level is read now: a view would only fetch it on a deferred layout,
        # and a window should show its subjects the moment it appears.
        self.fetchMore(TOP)

    def index(self, row: int, column: int, parent: Index = TOP) -> QModelIndex:
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    @overload
    def parent(self, /) -> QObject | None: ...
    @overload
    def parent(self, child: Index, /) -> QModelIndex: ...
    def parent(self, child: Index | None = None, /) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        up = self._node(child).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.number, 0, up)

    def rowCount(self, parent: Index = TOP) -> int:
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = TOP) -> int:
        return 1

    def hasChildren(self, parent: Index = TOP) -> bool:
        """Answered from the parent's EXISTS flag, so the expand arrow costs no read."""
        node = self._node(parent)
        return bool(node.children) or node.may_have_more()

    def canFetchMore(self, parent: Index) -> bool:
        return self._node(parent).may_have_more()

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if not node.may_have_more():
            return
        last = node.children[-1].row if node.children else None
        rows = self._read_children(node.row, after=last, limit=self._page_size)
        node.loaded = len(rows) < self._page_size
        if not rows:
            return
        first = len(node.children)
        self.beginInsertRows(parent, first, first + len(rows) - 1)
        node.children.extend(Node(row, node, first + n) for n, row in enumerate(rows))
        self.endInsertRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self._node(index).row
        if row is not None and row.kind is NodeKind.EXERCISE:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._node(index).row
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return textwrap.fill(tooltip(row), TOOLTIP_WIDTH)
        if role == NODE_ROLE:
            return row.kind, row.id
        return None

    def _node(self, index: Index) -> Node:
        if not index.isValid():
            return self._root
        node: Node = index.internalPointer()
        return node


def tooltip(row: NodeRow) -> str:
    if row.kind is NodeKind.GRADE_GROUP:
        return "Topics without a grade" if row.id is None else f"Topics in {row.label}"
    return f"{KIND_NAMES[row.kind]}: {row.detail or row.label}"
