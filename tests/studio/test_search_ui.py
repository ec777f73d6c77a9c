"""The search field: a lesson found by a word of its content, opened; debounce; odd input."""

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.search import search
from local_db.services import ContentService
from studio.editors.lesson_page import LessonPage
from studio.main_window import MainWindow
from studio.search_ui import SearchPanel, install_search
from studio.search_ui.markup import MARKERS, hit_html
from studio.search_ui.model import HIT_ROLE, HTML_ROLE, SearchResultsModel
from tests.local_db.factories import add
from tests.studio.test_editors_helpers import drain


@pytest.fixture
def lesson(service: ContentService) -> uuid.UUID:
    subject = add(service, EntityKind.SUBJECT, None, name="Science")
    topic = add(service, EntityKind.TOPIC, subject, name="Plants")
    return add(
        service,
        EntityKind.LESSON,
        topic,
        title="Photosynthesis",
        content="Plants turn <sunlight> into sugar, with chlorophyll in their leaves.",
    )


@pytest.fixture
def window(qtbot: QtBot, library: Library, lesson: uuid.UUID) -> Iterator[MainWindow]:
    shown = MainWindow(library)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    shown.workers.wait(5000)
    drain()


@pytest.fixture
def panel(window: MainWindow) -> SearchPanel:
    return install_search(window)


def search_for(qtbot: QtBot, panel: SearchPanel, text: str) -> None:
    queries = panel.queries
    panel.field.setText(text)
    qtbot.waitUntil(lambda: not panel.timer.isActive())
    if panel.field.text().strip():  # Qt may drop what it cannot hold (a lone surrogate)
        qtbot.waitUntil(lambda: panel.queries > queries and panel.dock.isVisible())
        qtbot.waitUntil(lambda: panel.dock.windowTitle() != "Search results")


def test_finds_a_lesson_by_a_word_of_its_content_and_opens_it(
    qtbot: QtBot, window: MainWindow, panel: SearchPanel, lesson: uuid.UUID
) -> None:
    search_for(qtbot, panel, "chloroph")

    assert panel.model.rowCount() == 1
    index = panel.model.index(0, 0)
    assert index.data() == "Photosynthesis"
    assert index.data(HIT_ROLE).entity_id == lesson
    snippet = index.data(HTML_ROLE)
    assert "<b>chlorophyll</b>" in snippet
    assert "&lt;sunlight&gt;" in snippet  # the lesson's own text is never read as HTML
    panel.field.setFocus()
    QTest.keyClick(panel.field, Qt.Key.Key_Return)

    page = window.editors.page
    assert isinstance(page, LessonPage)
    assert page.row_id == lesson


def test_clicking_a_result_opens_it(
    qtbot: QtBot, window: MainWindow, panel: SearchPanel, lesson: uuid.UUID
) -> None:
    search_for(qtbot, panel, "Photosynthesis")
    rect = panel.results.visualRect(panel.model.index(0, 0))

    QTest.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert window.editors.page is not None
    assert window.editors.page.row_id == lesson


def test_many_keystrokes_make_one_query(qtbot: QtBot, panel: SearchPanel) -> None:
    panel.field.setFocus()
    QTest.keyClicks(panel.field, "chlorophyll")
    assert panel.queries == 0

    qtbot.waitUntil(lambda: panel.queries == 1 and panel.model.rowCount() == 1)
    qtbot.wait(50)
    assert panel.queries == 1


@pytest.mark.parametrize(
    "text",
    ['"', "AND OR NOT", "col:x*", "NEAR(a b)", "^*", "\0", "\ud800", "(((", "' OR 1=1 --"],
)
def test_hostile_input_finds_nothing_without_an_error(
    qtbot: QtBot, panel: SearchPanel, text: str
) -> None:
    search_for(qtbot, panel, text)

    assert panel.model.rowCount() == 0
    assert panel.dock.windowTitle() == "No results" or not panel.dock.isVisible()


def test_blank_input_hides_the_results(qtbot: QtBot, panel: SearchPanel) -> None:
    search_for(qtbot, panel, "plants")
    search_for(qtbot, panel, "   ")

    assert panel.model.rowCount() == 0
    assert not panel.dock.isVisible()


def test_ctrl_f_focuses_the_field(qtbot: QtBot, window: MainWindow, panel: SearchPanel) -> None:
    window.navigator.setFocus()
    QTest.keySequence(window, QKeySequence(QKeySequence.StandardKey.Find))

    qtbot.waitUntil(panel.field.hasFocus)
    assert panel.field.accessibleName() == "Search the library"


def test_results_model_passes_the_model_tester(
    qtmodeltester: ModelTester, library: Library, lesson: uuid.UUID
) -> None:
    model = SearchResultsModel()
    qtmodeltester.check(model)
    with library.read() as session:
        model.set_hits(search(session, "photosynthesis", markers=MARKERS))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert hit_html(model.index(0, 0).data(HIT_ROLE)).startswith("<b>Photosynthesis</b>")
