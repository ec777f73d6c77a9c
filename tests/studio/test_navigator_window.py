"""The navigator in the window: moving rows (drops, drags, Ctrl+Up/Down), its menu (duplicate,
restore from trash), live labels."""

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select as select_rows

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Exercise, Lesson, Topic
from local_db.queries import NodeKind, SyncMark
from local_db.services import ContentService
from studio.editors.trash_model import TRASH_ROW_ROLE
from studio.editors.trash_view import TrashView
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
    }  # nothing is ever trashed from below an exercise
    current(window, (NodeKind.GRADE_GROUP, tree.grade))
    menu = window.navigator_actions.menu()
    enabled = {a.objectName() for a in menu.actions() if a.isEnabled() and not a.isSeparator()}
    menu.deleteLater()
    assert enabled == {
        "openNodeAction",
        "newChildAction",
        "deleteAction",
        "restoreFromTrashAction",
    }


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


def children_titles(library: Library, topic: uuid.UUID) -> list[tuple[str, list[str]]]:
    """The topic's live lessons in order, each with its live exercises' prompts."""
    with library.read() as session:
        lessons = session.execute(
            select_rows(Lesson.id, Lesson.title)
            .where(Lesson.topic_id == topic, Lesson.deleted_at.is_(None))
            .order_by(Lesson.position, Lesson.id)
        ).all()
        return [
            (
                title,
                list(
                    session.scalars(
                        select_rows(Exercise.prompt)
                        .where(Exercise.lesson_id == lesson, Exercise.deleted_at.is_(None))
                        .order_by(Exercise.position, Exercise.id)
                    )
                ),
            )
            for lesson, title in lessons
        ]


def menu_action(window: MainWindow, name: str) -> QAction:
    """The context menu's action ``name``, as the menu for the current row offers it."""
    menu = window.navigator_actions.menu()
    menu.deleteLater()
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled(), name
    return action


def test_duplicate_copies_the_row_with_its_subtree_and_undo_redo_take_it_back(
    qtbot: QtBot, window: MainWindow, library: Library, service: ContentService, tree: Tree
) -> None:
    second = add(service, EntityKind.EXERCISE, tree.lesson, prompt="Which is half of 6?")
    gone = add(service, EntityKind.EXERCISE, tree.lesson, prompt="Trashed")
    service.delete(EntityKind.EXERCISE, gone)
    window.reload_navigator()
    current(window, (NodeKind.TOPIC, tree.topic))
    menu_action(window, "duplicateAction").trigger()
    qtbot.waitUntil(lambda: len(topics_of(library, tree.subject)) == 2)
    copy = topics_of(library, tree.subject)[1]
    prompts = ["Which is half of 4?", "Which is half of 6?"]
    assert children_titles(library, copy) == [("Halves", prompts)]
    assert children_titles(library, tree.topic) == [("Halves", prompts)]
    assert stored(library, EntityKind.TOPIC, copy, "name") == "Fractions (copy)"
    assert second != copy
    # The tree shows the copy selected, beside the original, and its editor is open.
    qtbot.waitUntil(
        lambda: window.navigator.currentIndex().data(NODE_ROLE) == (NodeKind.TOPIC, copy)
    )
    qtbot.waitUntil(lambda: getattr(window.editors.page, "row_id", None) == copy)
    assert window.undo_stack.undoText() == "Duplicate topic “Fractions”"
    assert window.undo_stack.count() == 1

    window.editing.undo()  # one step takes the whole copy to the trash
    settle(qtbot, window)
    assert topics_of(library, tree.subject) == [tree.topic]
    assert node(window, (NodeKind.TOPIC, copy)).isValid() is False
    window.editing.redo()  # and brings all of it back
    settle(qtbot, window)
    assert topics_of(library, tree.subject) == [tree.topic, copy]
    assert children_titles(library, copy) == [("Halves", prompts)]


def test_duplicating_a_lesson_puts_the_copy_right_after_it(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree, three: list[uuid.UUID]
) -> None:
    window.reload_navigator()
    current(window, (NodeKind.LESSON, tree.lesson))
    window.navigator_actions.duplicate_current()
    settle(qtbot, window)
    assert lesson_order(library, tree.topic) == ["Halves", "Halves (copy)", "Thirds", "Quarters"]


def test_a_refused_duplicate_leaves_the_undo_stack_as_it_was(
    qtbot: QtBot, window: MainWindow, library: Library, service: ContentService, tree: Tree
) -> None:
    window.reload_navigator()
    current(window, (NodeKind.LESSON, tree.lesson))
    window.navigator_actions.duplicate_current()
    settle(qtbot, window)
    before = window.undo_stack.undoText()
    assert window.undo_stack.count() == 1
    current(window, (NodeKind.TOPIC, tree.topic))
    service.delete(EntityKind.TOPIC, tree.topic)  # elsewhere; the tree still shows it
    menu_action(window, "duplicateAction").trigger()
    assert window.undo_stack.count() == 2  # pushed before the write is refused
    settle(qtbot, window)
    assert (window.undo_stack.count(), window.undo_stack.index()) == (1, 1)
    assert window.undo_stack.undoText() == before
    assert not window.undo_stack.canRedo()
    assert window.statusBar().currentMessage() != ""


def topics_of(library: Library, subject: uuid.UUID) -> list[uuid.UUID]:
    with library.read() as session:
        query = (
            select_rows(Topic.id)
            .where(Topic.subject_id == subject, Topic.deleted_at.is_(None))
            .order_by(Topic.position, Topic.id)
        )
        return list(session.scalars(query))


def listed(trash: TrashView) -> list[uuid.UUID]:
    model = trash.model
    return [model.index(row, 0).data(TRASH_ROW_ROLE).id for row in range(model.rowCount())]


def test_restore_from_trash_in_the_menu_shows_what_was_trashed_below_the_row(
    qtbot: QtBot, window: MainWindow, library: Library, service: ContentService, tree: Tree
) -> None:
    elsewhere = add(service, EntityKind.LESSON, tree.topic, title="Elsewhere")
    stray = add(service, EntityKind.EXERCISE, elsewhere, prompt="Not from Halves")
    service.delete(EntityKind.EXERCISE, stray)
    window.reload_navigator()
    current(window, (NodeKind.EXERCISE, tree.exercise))
    window.navigator_actions.trash.trigger()
    settle(qtbot, window)
    # Right after the trash, the menu's first entry undoes it by name.
    current(window, (NodeKind.LESSON, tree.lesson))
    menu = window.navigator_actions.menu()
    menu.deleteLater()
    assert menu.actions()[0].text().startswith("&Undo Move exercise “Which is half of 4?")

    menu_action(window, "restoreFromTrashAction").trigger()
    trash = window.editors.trash
    assert trash is not None and window.editors.currentWidget() is trash
    assert trash.title.text() == "Trash: from “Halves”"
    assert listed(trash) == [tree.exercise]  # not the stray one
    trash.table.selectRow(0)
    trash.restore_selected()
    settle(qtbot, window)
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "deleted_at") is None
    assert node(window, (NodeKind.EXERCISE, tree.exercise)).isValid()
    assert trash.model.rowCount() == 0

    # The grade group and the subject see it too; Show All lists the whole trash.
    current(window, (NodeKind.GRADE_GROUP, tree.grade))
    menu_action(window, "restoreFromTrashAction").trigger()
    assert listed(trash) == [stray]
    qtbot.mouseClick(trash.show_all_button, Qt.MouseButton.LeftButton)
    assert trash.title.text() == "Trash"
    assert trash.show_all_button.isHidden()


def test_restore_from_trash_says_when_nothing_below_was_trashed(
    window: MainWindow, tree: Tree
) -> None:
    current(window, (NodeKind.SUBJECT, tree.subject))
    menu_action(window, "restoreFromTrashAction").trigger()
    trash = window.editors.trash
    assert trash is not None
    assert trash.model.rowCount() == 0
    assert trash.message.text() == "Nothing from “Mathematics” is in the trash."


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


def drag_to(window: MainWindow, source: QModelIndex, target: QModelIndex) -> QDropEvent:
    """Real drag events, built from the model's own drag data, sent to the navigator.

    A real mouse drag cannot run on the offscreen platform: the view's startDrag calls
    QDrag.exec, which there returns IgnoreAction at once (no platform drag, no nested
    loop to feed mouse moves into). And the navigator's InternalMove mode takes only
    drags whose source() is the view itself, which only a running QDrag provides. So
    the test switches the view to DragDrop, which differs from InternalMove only in that
    check, and sends the events a drag delivers, in order, through the view's own
    dragEnterEvent, dragMoveEvent (drop indicator, canDropMimeData) and dropEvent.
    """
    view = window.navigator
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.scrollTo(target)
    data = window.navigator_model.mimeData([source])
    point = view.visualRect(target).center()
    move = Qt.DropAction.MoveAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, move, data, buttons, keys)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    over = QDragMoveEvent(point, move, data, buttons, keys)
    QApplication.sendEvent(view.viewport(), over)
    drop = QDropEvent(QPointF(point), move, data, buttons, keys)
    if over.isAccepted():
        QApplication.sendEvent(view.viewport(), drop)
    else:
        QApplication.sendEvent(view.viewport(), QDragLeaveEvent())
        drop.ignore()
    return drop


def test_a_drag_onto_another_topic_moves_the_lesson_through_the_views_events(
    qtbot: QtBot, window: MainWindow, library: Library, service: ContentService, tree: Tree
) -> None:
    other = add(service, EntityKind.TOPIC, tree.subject, name="Decimals", grade_id=tree.grade)
    window.reload_navigator()
    lesson = node(window, (NodeKind.LESSON, tree.lesson))
    target = node(window, (NodeKind.TOPIC, other))
    drop = drag_to(window, lesson, target)
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.MoveAction
    settle(qtbot, window)
    assert stored(library, EntityKind.LESSON, tree.lesson, "topic_id") == other
    assert window.undo_stack.undoText() == "Move lesson “Halves”"


def test_a_drag_onto_the_wrong_kind_of_row_is_refused_by_the_view(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    lesson = node(window, (NodeKind.LESSON, tree.lesson))
    exercise = node(window, (NodeKind.EXERCISE, tree.exercise))
    drop = drag_to(window, lesson, exercise)
    assert not drop.isAccepted()
    settle(qtbot, window)
    assert stored(library, EntityKind.LESSON, tree.lesson, "topic_id") == tree.topic
    assert window.undo_stack.count() == 0
