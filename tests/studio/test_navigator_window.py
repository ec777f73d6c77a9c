"""The navigator in the window: moving rows (drops, Ctrl+Up/Down), its menu, live labels."""

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select as select_rows

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Lesson, Subject
from local_db.queries import NodeKind, SyncMark
from local_db.services import ContentService
from studio.main_window import MainWindow
from studio.tree_model import NODE_ROLE, SYNC_ROLE, TOP, Index
from tests.local_db.factories import Tree, add
from tests.studio.test_editors_helpers import drain, record, stored, tree
from tests.studio.test_navigator import settle_outbox

__all__ = ["tree"]  # fixtures used by name


@pytest.fixture
def window(qtbot: QtBot, library: Library, tree: Tree) -> Iterator[MainWindow]:
    shown = MainWindow(library)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    drain()


def node(
    window: MainWindow, key: tuple[NodeKind, uuid.UUID | None], parent: Index = TOP
) -> QModelIndex:
    """The node with ``key`` below ``parent``, expanding the way there."""
    model = window.navigator_model
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data(NODE_ROLE) == key:
            return index
        model.fetchMore(index)
        window.navigator.expand(index)
        found = node(window, key, index)
        if found.isValid():
            return found
    return QModelIndex()


def current(window: MainWindow, key: tuple[NodeKind, uuid.UUID | None]) -> QModelIndex:
    index = node(window, key)
    assert index.isValid(), key
    window.navigator.setCurrentIndex(index)
    return index


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait for the write lane and let its answers (and the tree's reload) arrive."""
    assert window.editing.finish(5000)
    qtbot.wait(30)


def lesson_order(library: Library, topic: uuid.UUID) -> list[str]:
    with library.read() as session:
        query = (
            select_rows(Lesson.title)
            .where(Lesson.topic_id == topic, Lesson.deleted_at.is_(None))
            .order_by(Lesson.position, Lesson.id)
        )
        return list(session.scalars(query))


@pytest.fixture
def three(service: ContentService, tree: Tree) -> list[uuid.UUID]:
    """The tree's lesson "Halves", then "Thirds" and "Quarters" in the same topic."""
    return [
        tree.lesson,
        add(service, EntityKind.LESSON, tree.topic, title="Thirds"),
        add(service, EntityKind.LESSON, tree.topic, title="Quarters"),
    ]


def test_dropping_a_lesson_on_another_topic_moves_it_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, library: Library, service: ContentService, tree: Tree
) -> None:
    other = add(service, EntityKind.TOPIC, tree.subject, name="Decimals", grade_id=tree.grade)
    window.reload_navigator()
    lesson = node(window, (NodeKind.LESSON, tree.lesson))
    target = node(window, (NodeKind.TOPIC, other))
    model = window.navigator_model
    assert model.dropMimeData(model.mimeData([lesson]), Qt.DropAction.MoveAction, -1, 0, target)
    settle(qtbot, window)
    assert stored(library, EntityKind.LESSON, tree.lesson, "topic_id") == other
    # The tree was read again with the way to the moved lesson open, and it selected.
    moved = window.navigator.currentIndex()
    assert moved.data(NODE_ROLE) == (NodeKind.LESSON, tree.lesson)
    assert moved.parent().data(NODE_ROLE) == (NodeKind.TOPIC, other)
    assert window.navigator.isExpanded(moved.parent())
    assert window.undo_stack.undoText() == "Move lesson “Halves”"

    window.editing.undo()
    settle(qtbot, window)
    assert stored(library, EntityKind.LESSON, tree.lesson, "topic_id") == tree.topic
    assert window.navigator.currentIndex().parent().data(NODE_ROLE) == (NodeKind.TOPIC, tree.topic)


def test_dropping_among_siblings_reorders_and_undo_restores_the_order(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree, three: list[uuid.UUID]
) -> None:
    window.reload_navigator()
    last = node(window, (NodeKind.LESSON, three[2]))
    model = window.navigator_model
    data = model.mimeData([last])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, last.parent())
    settle(qtbot, window)
    assert lesson_order(library, tree.topic) == ["Quarters", "Halves", "Thirds"]
    window.editing.undo()
    settle(qtbot, window)
    assert lesson_order(library, tree.topic) == ["Halves", "Thirds", "Quarters"]


def test_ctrl_up_and_down_move_the_selected_row_among_its_siblings(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree, three: list[uuid.UUID]
) -> None:
    window.reload_navigator()
    actions = window.navigator_actions
    assert actions.move_up.shortcut() == QKeySequence("Ctrl+Up")
    assert actions.move_down.shortcut() == QKeySequence("Ctrl+Down")
    assert actions.move_up in window.navigator.actions()
    current(window, (NodeKind.LESSON, three[1]))
    actions.move_up.trigger()
    settle(qtbot, window)
    assert lesson_order(library, tree.topic) == ["Thirds", "Halves", "Quarters"]
    assert window.navigator.currentIndex().data(NODE_ROLE) == (NodeKind.LESSON, three[1])
    # Two presses at once: the second waits for the first to land and the tree to show it.
    actions.move_down.trigger()
    actions.move_down.trigger()
    qtbot.waitUntil(lambda: lesson_order(library, tree.topic) == ["Halves", "Quarters", "Thirds"])
    settle(qtbot, window)
    actions.move_down.trigger()  # already last: nothing to do
    settle(qtbot, window)
    assert window.undo_stack.count() == 3
    window.editing.undo()
    settle(qtbot, window)
    assert lesson_order(library, tree.topic) == ["Halves", "Thirds", "Quarters"]


def test_the_context_menu_offers_what_applies_to_the_row(window: MainWindow, tree: Tree) -> None:
    current(window, (NodeKind.EXERCISE, tree.exercise))
    menu = window.navigator_actions.menu()
    enabled = {a.objectName() for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    menu.deleteLater()
    assert enabled == {
        "openNodeAction",
        "newSiblingAction",
        "duplicateAction",
        "deleteAction",
    }
    current(window, (NodeKind.GRADE_GROUP, tree.grade))
    menu = window.navigator_actions.menu()
    enabled = {a.objectName() for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    menu.deleteLater()
    assert enabled == {"openNodeAction", "newChildAction", "deleteAction"}


def test_new_inside_and_beside_create_the_right_kind(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    created = record(window.editing.row_created)
    current(window, (NodeKind.TOPIC, tree.topic))
    window.navigator_actions.create_child()
    qtbot.waitUntil(lambda: len(created) == 1)
    assert created[0][0] is EntityKind.LESSON
    assert stored(library, EntityKind.LESSON, created[0][1], "topic_id") == tree.topic
    current(window, (NodeKind.TOPIC, tree.topic))
    window.navigator_actions.create_sibling()
    qtbot.waitUntil(lambda: len(created) == 2)
    kind, topic = created[1]
    assert kind is EntityKind.TOPIC
    assert stored(library, EntityKind.TOPIC, topic, "grade_id") == tree.grade
    qtbot.waitUntil(
        lambda: window.navigator.currentIndex().data(NODE_ROLE) == (NodeKind.TOPIC, topic)
    )


def test_duplicate_copies_the_row_as_a_copy(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    created = record(window.editing.row_created)
    current(window, (NodeKind.LESSON, tree.lesson))
    window.navigator_actions.duplicate_current()
    qtbot.waitUntil(lambda: len(created) == 1)
    [(kind, copy)] = created
    assert kind is EntityKind.LESSON
    assert stored(library, EntityKind.LESSON, copy, "title") == "Halves (copy)"
    assert stored(library, EntityKind.LESSON, copy, "content") == "# Halves\n\nOne of two."
    assert lesson_order(library, tree.topic) == ["Halves", "Halves (copy)"]
    qtbot.waitUntil(lambda: getattr(window.editors.page, "row_id", None) == copy)

    current(window, (NodeKind.SUBJECT, tree.subject))
    window.navigator_actions.duplicate_current()
    qtbot.waitUntil(lambda: len(created) == 2)
    with library.read() as session:
        names = set(session.scalars(select_rows(Subject.name)))
    assert names == {"Mathematics", "Mathematics (copy)"}
    window.editing.undo()  # the copy goes to the trash
    settle(qtbot, window)
    assert stored(library, EntityKind.SUBJECT, created[1][1], "deleted_at") is not None


def test_trash_and_open_from_the_menu(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    current(window, (NodeKind.EXERCISE, tree.exercise))
    window.navigator_actions.trash.trigger()
    settle(qtbot, window)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "deleted_at") is not None
    window.editors.close_page()
    current(window, (NodeKind.LESSON, tree.lesson))
    window.navigator_actions.open_current()
    assert getattr(window.editors.page, "row_id", None) == tree.lesson


def test_enter_opens_the_editor_and_puts_the_cursor_in_it(
    qtbot: QtBot, window: MainWindow, tree: Tree
) -> None:
    current(window, (NodeKind.LESSON, tree.lesson))
    window.activateWindow()
    window.navigator.setFocus()
    qtbot.keyClick(window.navigator, Qt.Key.Key_Return)
    page = window.editors.page
    assert page is not None and page.row_id == tree.lesson
    qtbot.waitUntil(lambda: page.isAncestorOf(QApplication.focusWidget() or window))


def test_a_rename_relabels_the_node_and_marks_it_pending_without_a_reload(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    settle_outbox(library)
    window.reload_navigator()
    lesson = node(window, (NodeKind.LESSON, tree.lesson))
    assert lesson.data(SYNC_ROLE) is None
    model = window.navigator_model
    window.editing.record_edit(
        EntityKind.LESSON, tree.lesson, {"title": "Halves"}, {"title": "Two halves"}, "Rename"
    )
    settle(qtbot, window)
    assert window.navigator_model is model  # updated in place, not read again
    assert lesson.data() == "Two halves"
    assert lesson.data(SYNC_ROLE) is SyncMark.PENDING
