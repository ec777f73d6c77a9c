"""The navigator's item model: a lazily grown tree of lightweight nodes.

Like Anki's browser table, the model holds only what it shows (a NodeRow per node: kind,
id, label) and never whole records, and it asks for more only when the view does: Qt
calls canFetchMore/fetchMore when the author expands a node or scrolls to the end of a
long list, and each call reads one page of children. A library of a million exercises
therefore opens with nothing read but its subjects.

The model reads through a ``ReadChildren`` callable rather than a Library, so it neither
owns nor closes the library and tests can count or fake its reads. Sync marks (pending,
rejected, conflict) come the same way, through a ``ReadMarks`` callable asked once per
page of nodes, never once per row.

Drag and drop never changes the model itself: a drop becomes a MoveRequest handed to
``on_move``, which writes it as an undoable command; the tree is read again once the
write has landed.
"""

import dataclasses
import textwrap
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from local_db.queries import NodeKind, NodeRow, SyncMark
from studio.navigator import drops
from studio.navigator.drops import MoveRequest, NodePath, Place
from studio.navigator.marks import MARK_COLORS, MARK_TEXTS

PAGE_SIZE = 500
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, NODE_ROLE) is the node's (NodeKind, id): what an editor needs to open it."""
SYNC_ROLE = Qt.ItemDataRole.UserRole + 2
"""data(index, SYNC_ROLE) is the node's SyncMark, or None when it has nothing to sync."""

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


ReadMarks = Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, SyncMark]]
"""The sync marks of some rows, in one read (local_db.queries.sync_marks)."""
OnMove = Callable[[MoveRequest], None]


def no_marks(_ids: Sequence[uuid.UUID]) -> Mapping[uuid.UUID, SyncMark]:
    return {}


@dataclass(eq=False, slots=True)
class Node:
    """A tree node; ``number`` is its row under ``parent``, kept so parent() is O(1)."""

    row: NodeRow | None
    parent: "Node | None"
    number: int
    children: list["Node"] = field(default_factory=list)
    loaded: bool = False
    mark: SyncMark | None = None

    def may_have_more(self) -> bool:
        return not self.loaded and (self.row is None or self.row.has_children)

    def path(self) -> NodePath:
        """The (kind, id) keys from the top down to this node, as navigator_state uses."""
        keys: list[tuple[NodeKind, uuid.UUID | None]] = []
        node: Node | None = self
        while node is not None and node.row is not None:
            keys.insert(0, (node.row.kind, node.row.id))
            node = node.parent
        return tuple(keys)

    def walk(self) -> Iterator["Node"]:
        """This node and every node read below it."""
        yield self
        for child in self.children:
            yield from child.walk()


class NavigatorModel(QAbstractItemModel):
    """Subjects → grade groups → topics → lessons → exercises, one column.

    Rows are changed only through ``on_move`` (drops) and ``set_label`` (renames).
    """

    def __init__(
        self,
        read_children: ReadChildren,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        read_marks: ReadMarks = no_marks,
        on_move: OnMove | None = None,
    ) -> None:
        super().__init__(parent)
        self._read_children = read_children
        self._read_marks = read_marks
        self._on_move = on_move
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
        marks = self._read_marks([row.id for row in rows if row.id is not None])
        first = len(node.children)
        self.beginInsertRows(parent, first, first + len(rows) - 1)
        node.children.extend(
            Node(row, node, first + n, mark=marks.get(row.id) if row.id else None)
            for n, row in enumerate(rows)
        )
        self.endInsertRows()

    def refresh_marks(self) -> None:
        """Read the sync marks of every node read so far again: after a save or a sync.

        One read per page of siblings, as when they were first read.
        """
        for parent in list(self._root.walk()):
            nodes = [child for child in parent.children if child.row and child.row.id]
            for start in range(0, len(nodes), self._page_size):
                page = nodes[start : start + self._page_size]
                marks = self._read_marks([node.row.id for node in page if node.row and node.row.id])
                for node in page:
                    mark = marks.get(node.row.id) if node.row and node.row.id else None
                    if mark != node.mark:
                        node.mark = mark
                        self._changed(node)

    def set_label(self, kind: NodeKind, row_id: uuid.UUID, label: str, detail: str = "") -> None:
        """Show a row's new label (a rename) without reading the tree again."""
        for node in self._find(kind, row_id):
            if node.row is not None and (node.row.label, node.row.detail) != (label, detail):
                node.row = dataclasses.replace(node.row, label=label, detail=detail)
                self._changed(node)

    def has_node(self, kind: NodeKind, row_id: uuid.UUID) -> bool:
        """Whether the row is among the nodes read so far."""
        return next(self._find(kind, row_id), None) is not None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self._node(index).row
        if row is not None and row.kind is NodeKind.EXERCISE:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        else:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        if drops.movable(row):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    # --- drag and drop: a drop asks for a move, the model waits for the tree to be read again

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [drops.MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = [self._node(index).row for index in indexes if index.isValid()]
        if len(rows) == 1 and rows[0] is not None and drops.movable(rows[0]):
            data.setData(drops.MIME_TYPE, drops.encode(rows[0]))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._drop_request(data, action, row, parent) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        request = self._drop_request(data, action, row, parent)
        if request is None or self._on_move is None:
            return False
        self._on_move(request)
        return True

    def move_request(self, index: Index, parent: Index, row: int) -> MoveRequest | None:
        """Moving the node at ``index`` to ``row`` under ``parent`` (-1: the end).

        None when the node cannot go there, or would stay where it is. A subject lists
        grade groups, not topics: a topic goes only onto the subject, last in its grade.
        """
        source, target = self._node(index), self._node(parent)
        if source.row is None or source.row.id is None or source.parent is None:
            return None
        if not (drops.movable(source.row) and drops.accepts(target.row, source.row.kind)):
            return None
        into_subject = target.row is not None and target.row.kind is NodeKind.SUBJECT
        if into_subject and row >= 0:
            return None
        back = Place(drops.scope_under(source.parent.row), source.number, source.parent.path())
        siblings = len(target.children) - (1 if target is source.parent else 0)
        to_index = siblings if row < 0 else row
        if target is source.parent and row >= 0 and source.number < row:
            to_index -= 1  # the rows after the moved one shift up by one
        to_index = drops.LAST if into_subject else min(to_index, siblings)
        to = Place(drops.scope_under(target.row), to_index, target.path())
        if to == back:
            return None
        return MoveRequest(source.row.kind, source.row.id, source.row.label, to, back)

    def _drop_request(
        self, data: QMimeData, action: Qt.DropAction, row: int, parent: Index
    ) -> MoveRequest | None:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(drops.MIME_TYPE):
            return None
        key = drops.decode(bytes(data.data(drops.MIME_TYPE).data()))
        if key is None or key[1] is None:
            return None
        source = next(self._find(*key), None)
        if source is None:
            return None
        return self.move_request(self._index_of(source), parent, row)

    def _find(self, kind: NodeKind, row_id: uuid.UUID | None) -> Iterator[Node]:
        return (
            node
            for node in self._root.walk()
            if node.row is not None and (node.row.kind, node.row.id) == (kind, row_id)
        )

    def _index_of(self, node: Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.number, 0, node)

    def _changed(self, node: Node) -> None:
        index = self._index_of(node)
        self.dataChanged.emit(index, index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._node(index).row
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label
        mark = self._node(index).mark
        if role == Qt.ItemDataRole.ToolTipRole:
            text = textwrap.fill(tooltip(row), TOOLTIP_WIDTH)
            return text if mark in (None, SyncMark.PENDING) else f"{text}\n{MARK_TEXTS[mark]}"
        if role == Qt.ItemDataRole.StatusTipRole:
            return None if mark is None else MARK_TEXTS[mark]
        if role == Qt.ItemDataRole.DecorationRole:
            return None if mark is None else MARK_COLORS[mark]
        if role == NODE_ROLE:
            return row.kind, row.id
        if role == SYNC_ROLE:
            return mark
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
