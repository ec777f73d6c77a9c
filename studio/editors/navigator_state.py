"""Keeping the navigator where the author left it when edits make it read the tree again.

Creating, trashing and restoring rows changes the tree; the navigator model is read
afresh (it is lazy and holds only what was expanded), and these helpers carry over
what was expanded and selected, by each node's path of (kind, id) keys from the top.
"""

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from studio.editors.new_rows import NodeKey
from studio.tree_model import NODE_ROLE, Index, NavigatorModel

NodePath = tuple[NodeKey, ...]


def node_path(index: QModelIndex) -> NodePath:
    """The keys from the top of the tree down to ``index`` (ids alone repeat: "No grade")."""
    path: list[NodeKey] = []
    while index.isValid():
        path.insert(0, index.data(NODE_ROLE))
        index = index.parent()
    return tuple(path)


def expanded_paths(
    view: QTreeView, model: NavigatorModel, parent: Index, prefix: NodePath
) -> list[NodePath]:
    found: list[NodePath] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if view.isExpanded(index):
            path = (*prefix, index.data(NODE_ROLE))
            found += [path, *expanded_paths(view, model, index, path)]
    return found


def restore_paths(
    view: QTreeView,
    model: NavigatorModel,
    parent: Index,
    prefix: NodePath,
    expanded: set[NodePath],
    select: NodeKey | None,
) -> QModelIndex | None:
    """Expand the nodes at ``expanded``; the node ``select`` names, if it came into sight."""
    found = None
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        path = (*prefix, index.data(NODE_ROLE))
        if select is not None and path[-1] == select:
            found = index
        if path in expanded:
            model.fetchMore(index)
            view.expand(index)
            found = restore_paths(view, model, index, path, expanded, select) or found
    return found


def find_path(model: NavigatorModel, path: NodePath) -> QModelIndex | None:
    """The node at ``path`` among the nodes already read (expanded ones are)."""
    index = QModelIndex()
    for key in path:
        rows = (model.index(row, 0, index) for row in range(model.rowCount(index)))
        match = next((child for child in rows if child.data(NODE_ROLE) == key), None)
        if match is None:
            return None
        index = match
    return index if index.isValid() else None
