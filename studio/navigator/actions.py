"""The navigator's context menu and keys: New, Duplicate, Move to Trash, Open, move up/down,
Undo and Restore from Trash.

Every action works on the current node, so the menu, the keys and tests share one
path; a right click makes the clicked node current first. The navigator lists live
rows only (a trashed row among them would invite edits the library refuses), so a
trashed row cannot be right-clicked; instead "Restore from Trash…" on its parent opens
the Trash view showing only what was trashed below that row, and the menu's first entry
undoes the last step (a trash just made) by name.
"""

import uuid
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTreeView

from local_db.entities import EntityKind
from local_db.queries import NodeKind
from studio.editors.area import EditorArea
from studio.editors.navigator_state import NodePath, node_path
from studio.editors.new_rows import NewRow, NodeKey, entity_of, new_row
from studio.editors.page import EditorPage
from studio.editors.session import EditingSession
from studio.editors.trash_query import TrashScope
from studio.navigator.duplicator import duplicate
from studio.navigator.mover import Mover
from studio.tree_model import NODE_ROLE, NavigatorModel


class Host(Protocol):
    """What the actions need of the main window."""

    navigator: QTreeView
    navigator_model: NavigatorModel
    editing: EditingSession
    editors: EditorArea

    def create_row(self, made: NewRow, under: NodePath) -> None: ...

    def reload_navigator(
        self, also_expand: NodePath = (), select: NodeKey | None = None
    ) -> None: ...

    def open_editor(self, kind: EntityKind, row_id: uuid.UUID) -> EditorPage | None: ...


class NavigatorActions(QObject):
    def __init__(self, host: Host, mover: Mover, trash: QAction) -> None:
        super().__init__(host.navigator)
        self.host = host
        self.mover = mover
        self.trash = trash
        self._waiting_steps: list[int] = []
        mover.idle.connect(self._take_waiting_steps)
        tree = host.navigator
        self.open = self._action("&Open", "openNodeAction", self.open_current)
        self.new_child = self._action("&New Inside", "newChildAction", self.create_child)
        self.new_sibling = self._action("New &Beside", "newSiblingAction", self.create_sibling)
        self.duplicate = self._action("&Duplicate", "duplicateAction", self.duplicate_current)
        self.restore = self._action(
            "&Restore from Trash…", "restoreFromTrashAction", self.restore_below_current
        )
        self.restore.setToolTip("Show what was moved to the trash from inside this row")
        undo = tree.window().findChild(QAction, "undoAction")
        self.undo = undo if isinstance(undo, QAction) else None
        self.move_up = self._action("Move &Up", "moveUpAction", lambda: self.move_by(-1))
        self.move_down = self._action("Move Do&wn", "moveDownAction", lambda: self.move_by(1))
        for action, key in ((self.move_up, "Ctrl+Up"), (self.move_down, "Ctrl+Down")):
            action.setShortcut(QKeySequence(key))
            # Only while the navigator has focus: Ctrl+Up means something else in a form.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tree.addAction(action)
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self.show_menu)
        tree.activated.connect(lambda _index: self.open_current())  # Enter

    def _action(self, text: str, name: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(lambda: slot())  # not the slot itself: no `checked` argument
        return action

    def menu(self) -> QMenu:
        """The context menu for the current node, its actions enabled as they apply."""
        current = self._current()
        key: NodeKey | None = current.data(NODE_ROLE) if current.isValid() else None
        self.open.setEnabled(key is not None and entity_of(key) is not None)
        self.new_child.setEnabled(self._child(current) is not None)
        self.new_sibling.setEnabled(self._sibling(current) is not None)
        can_move = key is not None and movable_key(key)
        self.duplicate.setEnabled(can_move)
        self.trash.setEnabled(key is not None and entity_of(key) is not None)
        self.restore.setText("&Restore from Trash…" if current.isValid() else "Show &Trash")
        self.restore.setEnabled(not current.isValid() or trash_scope(current) is not None)
        self.move_up.setEnabled(can_move and current.row() > 0)
        self.move_down.setEnabled(
            can_move and current.row() + 1 < self.host.navigator_model.rowCount(current.parent())
        )
        menu = QMenu(self.host.navigator)
        if self.undo is not None and self.host.editing.undo_stack.canUndo():
            menu.addAction(self.undo)
            menu.addSeparator()
        menu.addAction(self.open)
        menu.addSeparator()
        menu.addActions([self.new_child, self.new_sibling, self.duplicate])
        menu.addSeparator()
        menu.addActions([self.move_up, self.move_down, self.trash, self.restore])
        return menu

    def show_menu(self, position: QPoint) -> None:
        tree = self.host.navigator
        clicked = tree.indexAt(position)
        if clicked.isValid():
            tree.setCurrentIndex(clicked)
        menu = self.menu()
        menu.exec(tree.viewport().mapToGlobal(position))
        menu.deleteLater()

    # --- what the actions do, on the current node

    def open_current(self) -> None:
        """Open the current row's editor and put the cursor in it."""
        current = self._current()
        target = entity_of(current.data(NODE_ROLE)) if current.isValid() else None
        page = self.host.open_editor(*target) if target is not None else None
        if page is not None:
            page.focus_first()

    def create_child(self) -> None:
        made = self._child(self._current())
        if made is not None:
            self.host.create_row(made, node_path(self._current()))

    def create_sibling(self) -> None:
        made = self._sibling(self._current())
        if made is not None:
            self.host.create_row(made, node_path(self._current().parent()))

    def duplicate_current(self) -> None:
        """Copy the current row with everything below it, right after it; then open the copy."""
        current = self._current()
        target = entity_of(current.data(NODE_ROLE)) if current.isValid() else None
        if target is None or target[0] is EntityKind.GRADE:
            return
        under = node_path(current.parent())

        def landed(kind: EntityKind, copy_id: uuid.UUID) -> None:
            self.host.reload_navigator(also_expand=under, select=(NodeKind(kind.value), copy_id))
            page = self.host.open_editor(kind, copy_id)
            if page is not None:
                page.focus_first()

        duplicate(self.host.editing, *target, str(current.data()), landed)

    def restore_below_current(self) -> None:
        """Open the Trash view on what was trashed below the current row (all of it if none)."""
        current = self._current()
        self.host.editors.show_trash(trash_scope(current) if current.isValid() else None)

    def move_by(self, step: int) -> None:
        """Move the current row one place up (-1) or down (1) among its siblings.

        While earlier moves are still on their way the step waits for them: the tree
        would show the order from before them.
        """
        if self.mover.busy:
            self._waiting_steps.append(step)
            return
        current = self._current()
        model = self.host.navigator_model
        row = current.row() + step
        if not current.isValid() or not 0 <= row < model.rowCount(current.parent()):
            return
        # A drop lands in the gap before the row it names: below the next row moving down.
        request = model.move_request(current, current.parent(), row if step < 0 else row + 1)
        if request is not None:
            self.mover.move(request)

    def _take_waiting_steps(self) -> None:
        if self._waiting_steps:
            self.move_by(self._waiting_steps.pop(0))

    def _current(self) -> QModelIndex:
        return self.host.navigator.currentIndex()

    def _child(self, current: QModelIndex) -> NewRow | None:
        """New Inside: the natural child; an exercise has none (New Beside adds one)."""
        if not current.isValid():
            return new_row(None, None)
        key: NodeKey = current.data(NODE_ROLE)
        if key[0] is NodeKind.EXERCISE:
            return None
        return new_row(key, current.parent().data(NODE_ROLE))

    def _sibling(self, current: QModelIndex) -> NewRow | None:
        """New Beside: a row of the same kind under the same parent."""
        if not current.isValid() or not movable_key(current.data(NODE_ROLE)):
            return None
        parent = current.parent()
        if not parent.isValid():
            return new_row(None, None)
        return new_row(parent.data(NODE_ROLE), parent.parent().data(NODE_ROLE))


def movable_key(key: NodeKey) -> bool:
    return key[0] is not NodeKind.GRADE_GROUP and key[1] is not None


def trash_scope(index: QModelIndex) -> TrashScope | None:
    """What was trashed below the node: a subject's, a grade group's, a topic's or a lesson's."""
    kind, row_id = index.data(NODE_ROLE)
    label = str(index.data())
    if kind is NodeKind.GRADE_GROUP:
        subject = index.parent().data(NODE_ROLE)[1]
        return TrashScope(EntityKind.SUBJECT, subject, label, grade=(row_id,))
    if kind in (NodeKind.SUBJECT, NodeKind.TOPIC, NodeKind.LESSON) and row_id is not None:
        return TrashScope(EntityKind(kind.value), row_id, label)
    return None
