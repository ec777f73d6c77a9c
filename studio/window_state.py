"""Saving and restoring the window's layout between sessions (Picard's idea).

Geometry and dock/toolbar state belong to the main window; every named splitter keeps its
sizes under its objectName, so a splitter added later is remembered without a new option.
The navigator's expanded nodes are saved as paths of (kind, id) keys from the top, the
same keys the navigator uses to keep its place when it reloads; a node gone since is
skipped.
"""

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QMainWindow, QSplitter, QTreeView

from studio.settings import EXPANDED_NODES, WINDOW_GEOMETRY, WINDOW_STATE, Settings
from studio.tree_model import NODE_ROLE

Key = list[str | None]


def save_window(window: QMainWindow, settings: Settings) -> None:
    settings.set(WINDOW_GEOMETRY, bytes(window.saveGeometry().data()))
    settings.set(WINDOW_STATE, bytes(window.saveState().data()))
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.set_bytes_for(splitter.objectName(), bytes(splitter.saveState().data()))
    tree = window.findChild(QTreeView, "navigator")
    if tree is not None:
        settings.set(EXPANDED_NODES, expanded(tree, QModelIndex(), []))
    settings.sync()


def restore_window(window: QMainWindow, settings: Settings) -> None:
    """Restore what was saved; Qt itself refuses state bytes it cannot read."""
    if geometry := settings.get(WINDOW_GEOMETRY):
        window.restoreGeometry(geometry)
    if state := settings.get(WINDOW_STATE):
        window.restoreState(state)
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName() and (saved := settings.bytes_for(splitter.objectName())):
            splitter.restoreState(saved)
    tree = window.findChild(QTreeView, "navigator")
    if tree is not None:
        for path in settings.get(EXPANDED_NODES):
            expand(tree, path)


def _key(index: QModelIndex) -> Key:
    kind, row_id = index.data(NODE_ROLE)
    return [str(kind), None if row_id is None else str(row_id)]


def expanded(tree: QTreeView, parent: QModelIndex, prefix: list[Key]) -> list[list[Key]]:
    """Every expanded node's path; only nodes already read can be expanded."""
    model = tree.model()
    found: list[list[Key]] = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if tree.isExpanded(index):
            path = [*prefix, _key(index)]
            found += [path, *expanded(tree, index, path)]
    return found


def expand(tree: QTreeView, path: list[Key]) -> None:
    """Expand down ``path``, reading each level as the navigator does when clicked."""
    model = tree.model()
    parent = QModelIndex()
    for key in path:
        if model.canFetchMore(parent):
            model.fetchMore(parent)
        rows = (model.index(row, 0, parent) for row in range(model.rowCount(parent)))
        match = next((index for index in rows if _key(index) == key), None)
        if match is None:
            return
        tree.expand(match)
        parent = match
    if model.canFetchMore(parent):
        model.fetchMore(parent)
