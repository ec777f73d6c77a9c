"""The studio window on a small library: lazy navigator, menus, status bar, start-up errors."""

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import studio.app
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.queries import NodeKind, NodeRow
from local_db.services import ContentService
from studio.main_window import MainWindow, read_from
from studio.tree_model import NODE_ROLE, TOP, Index, NavigatorModel, ReadChildren
from tests.local_db.factories import add


@dataclass(frozen=True)
class Ids:
    math: uuid.UUID
    halves: uuid.UUID


@pytest.fixture
def ids(service: ContentService) -> Ids:
    """Two subjects and one in the trash; topics with and without a grade; trashed leaves."""
    grade5 = add(service, EntityKind.GRADE, None, name="Grade 5")
    grade6 = add(service, EntityKind.GRADE, None, name="Grade 6")
    math = add(service, EntityKind.SUBJECT, None, name="Mathematics")
    add(service, EntityKind.SUBJECT, None, name="Science")
    service.delete(EntityKind.SUBJECT, add(service, EntityKind.SUBJECT, None, name="History"))
    fractions = add(service, EntityKind.TOPIC, math, name="Fractions", grade_id=grade5)
    add(service, EntityKind.TOPIC, math, name="Geometry", grade_id=grade6)
    add(service, EntityKind.TOPIC, math, name="Puzzles")
    service.delete(
        EntityKind.TOPIC, add(service, EntityKind.TOPIC, math, name="Old", grade_id=grade5)
    )
    halves = add(service, EntityKind.LESSON, fractions, title="Halves")
    add(service, EntityKind.LESSON, fractions, title="Quarters")
    service.delete(EntityKind.LESSON, add(service, EntityKind.LESSON, fractions, title="Thirds"))
    add(service, EntityKind.EXERCISE, halves, prompt="Which is half of 4?")
    add(
        service,
        EntityKind.EXERCISE,
        halves,
        type="TRUE_FALSE",
        prompt="Is 2\nhalf of 4?",
        answer={"correct": True},
    )
    service.delete(EntityKind.EXERCISE, add(service, EntityKind.EXERCISE, halves, prompt="Gone?"))
    return Ids(math, halves)


@pytest.fixture
def window(qtbot: QtBot, library: Library, ids: Ids) -> MainWindow:
    shown = MainWindow(library)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


class CountingReader:
    """The real reader, recording which parents it was asked about."""

    def __init__(self, read: ReadChildren) -> None:
        self.read = read
        self.parents: list[NodeRow | None] = []

    def __call__(
        self, parent: NodeRow | None, *, after: NodeRow | None, limit: int
    ) -> list[NodeRow]:
        self.parents.append(parent)
        return self.read(parent, after=after, limit=limit)


def labels(model: NavigatorModel, parent: Index = TOP) -> list[str]:
    return [model.index(row, 0, parent).data() for row in range(model.rowCount(parent))]


def child(model: NavigatorModel, parent: Index, label: str) -> QModelIndex:
    row = labels(model, parent).index(label)
    return model.index(row, 0, parent)


def expand(qtbot: QtBot, window: MainWindow, parent: Index, label: str) -> QModelIndex:
    """Expand a row as the author would and wait for the view to fetch its children."""
    index = child(window.navigator_model, parent, label)
    window.navigator.expand(index)
    qtbot.waitUntil(lambda: window.navigator_model.rowCount(index) > 0)
    return index


def test_title_names_the_library_file(window: MainWindow) -> None:
    assert window.windowTitle() == "Content Studio — library.sqlite3"
    assert window.objectName() == "mainWindow"


def test_status_bar_shows_the_path_and_live_counts(
    qtbot: QtBot, window: MainWindow, library: Library
) -> None:
    path = window.statusBar().findChild(QLabel, "libraryPath")
    counts = window.statusBar().findChild(QLabel, "libraryCounts")
    assert path is not None and counts is not None
    assert path.text() == str(library.path)
    expected = "2 grades · 2 subjects · 3 topics · 2 lessons · 2 exercises · 0 tournaments"
    qtbot.waitUntil(lambda: counts.text() == expected)


def test_top_level_is_the_live_subjects(window: MainWindow) -> None:
    assert labels(window.navigator_model) == ["Mathematics", "Science"]
    assert window.navigator.isHeaderHidden()
    assert window.navigator.uniformRowHeights()
    assert window.navigator.accessibleName() == "Library contents"


def test_only_the_top_level_is_read_until_a_row_is_expanded(library: Library, ids: Ids) -> None:
    reader = CountingReader(read_from(library))
    model = NavigatorModel(reader)
    assert reader.parents == [None]
    math = child(model, TOP, "Mathematics")
    assert model.hasChildren(math) and model.canFetchMore(math)
    assert model.rowCount(math) == 0
    assert reader.parents == [None]

    model.fetchMore(math)
    assert [parent.id if parent else None for parent in reader.parents] == [None, ids.math]
    assert not model.canFetchMore(math)


def test_expanding_walks_down_to_the_exercises(qtbot: QtBot, window: MainWindow) -> None:
    model = window.navigator_model
    assert model.rowCount(child(model, TOP, "Mathematics")) == 0  # shown, not yet expanded
    math = expand(qtbot, window, TOP, "Mathematics")
    assert labels(model, math) == ["Grade 5", "Grade 6", "No grade"]
    grade5 = expand(qtbot, window, math, "Grade 5")
    assert labels(model, grade5) == ["Fractions"]
    fractions = expand(qtbot, window, grade5, "Fractions")
    assert labels(model, fractions) == ["Halves", "Quarters"]
    halves = expand(qtbot, window, fractions, "Halves")
    assert labels(model, halves) == [
        "Which is half of 4? — Multiple choice",
        "Is 2 half of 4? — True false",
    ]
    assert not model.hasChildren(model.index(0, 0, halves))
    assert labels(model, expand(qtbot, window, math, "No grade")) == ["Puzzles"]


def test_rows_expose_kind_and_id_and_a_tooltip(qtbot: QtBot, window: MainWindow, ids: Ids) -> None:
    model = window.navigator_model
    math = expand(qtbot, window, TOP, "Mathematics")
    assert math.data(NODE_ROLE) == (NodeKind.SUBJECT, ids.math)
    assert math.data(Qt.ItemDataRole.ToolTipRole) == "Subject: Mathematics"
    assert model.index(2, 0, math).data(Qt.ItemDataRole.ToolTipRole) == "Topics without a grade"
    lesson = expand(qtbot, window, expand(qtbot, window, math, "Grade 5"), "Fractions")
    halves = expand(qtbot, window, lesson, "Halves")
    assert halves.data(NODE_ROLE) == (NodeKind.LESSON, ids.halves)
    exercise = model.index(0, 0, halves)
    assert exercise.data(Qt.ItemDataRole.ToolTipRole) == (
        "Exercise: Multiple choice, medium: Which is half of 4?"
    )


def test_long_lists_arrive_a_page_at_a_time(library: Library, ids: Ids) -> None:
    model = NavigatorModel(read_from(library), page_size=1)
    assert labels(model) == ["Mathematics"]
    assert model.canFetchMore(TOP)
    model.fetchMore(TOP)
    assert labels(model) == ["Mathematics", "Science"]
    model.fetchMore(TOP)  # the short (empty) page that ends the list
    assert not model.canFetchMore(TOP)
    assert labels(model) == ["Mathematics", "Science"]


def test_model_passes_qt_model_checks(
    qtmodeltester: ModelTester, library: Library, ids: Ids
) -> None:
    model = NavigatorModel(read_from(library), page_size=2)
    qtmodeltester.check(model)  # type: ignore[no-untyped-call]


def test_quit_has_the_standard_shortcut_and_closes_the_window(window: MainWindow) -> None:
    quit_action = window.findChild(QAction, "quitAction")
    assert quit_action is not None
    assert QKeySequence("Ctrl+Q") in quit_action.shortcuts()
    quit_action.trigger()
    assert not window.isVisible()


def test_about_names_the_application(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "about", lambda _parent, title, text: shown.append((title, text))
    )
    about_action = window.findChild(QAction, "aboutAction")
    assert about_action is not None
    about_action.trigger()
    [(title, text)] = shown
    assert title == "About Content Studio"
    assert text.startswith("Content Studio 0.1.0")


@pytest.fixture
def shown_errors(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """run_studio on the test's QApplication, with error dialogs recorded instead of shown."""
    errors: list[str] = []
    monkeypatch.setattr(studio.app, "create_application", lambda: qapp)
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: errors.append(text))
    return errors


def test_a_file_that_is_not_a_library_is_explained_and_left_untouched(
    tmp_path: Path, shown_errors: list[str]
) -> None:
    path = tmp_path / "notes.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE notes (body TEXT)")
    before = path.read_bytes()

    assert studio.app.run_studio(path) == 1
    [message] = shown_errors
    assert str(path) in message and "another application" in message
    assert path.read_bytes() == before


def test_open_library_returns_the_reason_instead_of_raising(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    message = studio.app.open_library(garbage)
    assert isinstance(message, str) and "is not a Content Studio library" in message


def test_run_studio_shows_the_window_until_it_is_closed(
    library_path: Path, qapp: QApplication, shown_errors: list[str]
) -> None:
    def close_studio() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()

    closer, guard = QTimer(), QTimer()
    closer.setSingleShot(True)
    closer.timeout.connect(close_studio)
    closer.start(0)
    guard.setSingleShot(True)  # ends a run that never shows its window, instead of hanging
    guard.timeout.connect(lambda: qapp.exit(2))
    guard.start(10_000)
    try:
        assert studio.app.run_studio(library_path) == 0
    finally:
        guard.stop()
    assert shown_errors == []
    with Library.open(library_path) as reopened:  # created and migrated by run_studio
        assert reopened.migration.from_revision == reopened.migration.to_revision
