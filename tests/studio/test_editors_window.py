"""The window around the editors: splitter, opening rows, menus, keys, closing safely."""

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QSplitter
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.exercise_page import ExercisePage
from studio.editors.lesson_page import LessonPage
from studio.editors.page import EditorPage
from studio.editors.simple_pages import GradePage, SubjectPage, TopicPage
from studio.editors.tournament_page import TournamentPage
from studio.editors.trash_view import TrashView
from studio.main_window import MainWindow
from studio.tree_model import NODE_ROLE, TOP, Index
from tests.local_db.factories import Tree, add
from tests.studio.test_editors_helpers import drain, record, stored, tree

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


def find(window: MainWindow, kind: str, parent: Index = TOP) -> QModelIndex:
    """The first node of ``kind`` below ``parent``, expanding the way there."""
    model = window.navigator_model
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if index.data(NODE_ROLE)[0].value == kind:
            return index
        model.fetchMore(index)
        window.navigator.expand(index)
        found = find(window, kind, index)
        if found.isValid():
            return found
    return QModelIndex()


def select(window: MainWindow, kind: str) -> QModelIndex:
    index = find(window, kind)
    assert index.isValid(), kind
    window.navigator.setCurrentIndex(index)
    return index


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def test_navigator_and_editors_share_a_named_splitter(window: MainWindow) -> None:
    splitter = window.centralWidget()
    assert isinstance(splitter, QSplitter) and splitter.objectName() == "mainSplitter"
    assert [splitter.widget(i) for i in range(2)] == [window.navigator, window.editors]
    assert window.editors.objectName() == "editorArea"
    window.editors.close_page()
    assert window.editors.currentWidget() is window.editors.hint


@pytest.mark.parametrize(
    ("kind", "page_class"),
    [
        ("subject", SubjectPage),
        ("grade_group", GradePage),
        ("topic", TopicPage),
        ("lesson", LessonPage),
        ("exercise", ExercisePage),
    ],
)
def test_selecting_a_node_opens_its_editor(
    window: MainWindow, tree: Tree, kind: str, page_class: type[EditorPage]
) -> None:
    index = select(window, kind)
    page = window.editors.page
    assert page is not None and isinstance(page, page_class)
    assert page.row_id == index.data(NODE_ROLE)[1]
    assert window.editors.currentWidget() is page


def test_rows_outside_the_navigator_open_too_and_missing_ones_say_so(
    window: MainWindow, service: ContentService
) -> None:
    cup = add(service, EntityKind.TOURNAMENT, None)
    assert isinstance(window.open_editor(EntityKind.TOURNAMENT, cup), TournamentPage)
    assert window.open_editor(EntityKind.LESSON, uuid.uuid4()) is None
    assert window.editors.currentWidget() is window.editors.hint
    assert window.editors.hint.text().startswith("This lesson cannot be opened: No lesson")


def test_edit_menu_offers_session_undo_and_redo_with_standard_keys(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    undo, redo = action(window, "undoAction"), action(window, "redoAction")
    assert QKeySequence(QKeySequence.StandardKey.Undo) in undo.shortcuts()
    assert QKeySequence(QKeySequence.StandardKey.Redo) in redo.shortcuts()
    select(window, "lesson")
    page = window.editors.page
    assert isinstance(page, LessonPage)
    title = page.field("title").binding.widget
    assert isinstance(title, QLineEdit)
    title.setFocus()
    QTest.keyClicks(title, " and more")

    # Ctrl+Z inside the text field is the session's undo, not the line edit's own.
    QTest.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    window.workers.wait(5000)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves"
    assert title.text() == "Halves"
    assert redo.text() == "&Redo Edit lesson title"
    redo.trigger()
    window.workers.wait(5000)
    assert stored(library, EntityKind.LESSON, tree.lesson, "title") == "Halves and more"


def test_typing_then_closing_at_once_still_saves(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    select(window, "exercise")
    page = window.editors.page
    assert isinstance(page, ExercisePage)
    QTest.keyClicks(page.prompt, "Quick: ")
    window.close()  # well inside the autosave pause
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "prompt").startswith("Quick: ")


def test_switching_rows_saves_the_one_left(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    select(window, "topic")
    page = window.editors.page
    assert isinstance(page, TopicPage)
    QTest.keyClicks(page.field("name").binding.widget, "!")
    select(window, "lesson")
    window.workers.wait(5000)
    assert stored(library, EntityKind.TOPIC, tree.topic, "name") == "Fractions!"


def test_delete_moves_the_selection_to_the_trash_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    select(window, "lesson")
    window.navigator.setFocus()
    delete = action(window, "deleteAction")
    assert delete.shortcutContext() is Qt.ShortcutContext.WidgetWithChildrenShortcut
    trashed, restored = record(window.editing.rows_trashed), record(window.editing.rows_restored)
    delete.trigger()
    qtbot.waitUntil(lambda: bool(trashed))
    assert stored(library, EntityKind.LESSON, tree.lesson, "deleted_at") is not None
    assert window.editors.page is None
    assert "in the trash" in window.editors.hint.text()
    assert not find(window, "lesson").isValid()  # the navigator was read again

    action(window, "undoAction").trigger()
    qtbot.waitUntil(lambda: bool(restored))
    assert stored(library, EntityKind.LESSON, tree.lesson, "deleted_at") is None
    assert find(window, "lesson").isValid()


def test_new_creates_the_natural_child_and_opens_it(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    select(window, "lesson")
    created = record(window.editing.row_created)
    action(window, "newAction").trigger()
    qtbot.waitUntil(lambda: bool(created))
    [(kind, row_id)] = created
    assert kind is EntityKind.EXERCISE
    qtbot.waitUntil(lambda: getattr(window.editors.page, "row_id", None) == row_id)
    assert window.navigator.currentIndex().data(NODE_ROLE)[1] == row_id
    assert stored(library, EntityKind.EXERCISE, row_id, "prompt") == "New question"


def test_the_trash_view_restores_through_the_write_lane(
    qtbot: QtBot, window: MainWindow, library: Library, tree: Tree
) -> None:
    select(window, "exercise")
    trashed, restored = record(window.editing.rows_trashed), record(window.editing.rows_restored)
    action(window, "deleteAction").trigger()
    qtbot.waitUntil(lambda: bool(trashed))
    action(window, "trashAction").trigger()
    trash = window.editors.currentWidget()
    assert isinstance(trash, TrashView)
    assert trash.model.rowCount() == 1
    trash.table.selectRow(0)
    trash.restore_button.click()
    qtbot.waitUntil(lambda: bool(restored))
    assert stored(library, EntityKind.EXERCISE, tree.exercise, "deleted_at") is None
    assert trash.model.rowCount() == 0
    assert window.undo_stack.undoText().startswith("Restore exercise")
