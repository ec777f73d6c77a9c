"""The first-run welcome and the sample curriculum it loads."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from local_db.entities import EntityKind
from local_db.exchange import import_curriculum
from local_db.library import Library
from local_db.search import search
from local_db.services import ContentService
from local_db.summary import summarize
from studio.main_window import MainWindow
from studio.settings import FIRST_RUN, Settings
from studio.welcome import WelcomeDialog, sample_path, show_welcome_if_first_run
from tests.local_db.factories import add
from tests.studio.test_editors_helpers import drain

EXERCISE_TYPES = text("SELECT DISTINCT type FROM exercises WHERE deleted_at IS NULL")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "studio.ini")


@pytest.fixture
def window(qtbot: QtBot, library: Library) -> Iterator[MainWindow]:
    shown = MainWindow(library)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    drain()


def live(library: Library) -> dict[EntityKind, int]:
    with library.read() as session:
        return {count.kind: count.live for count in summarize(session).entities}


def test_the_sample_imports_cleanly_with_every_exercise_type(library: Library) -> None:
    report = import_curriculum(library, sample_path())

    assert report.created[EntityKind.SUBJECT] == 2
    assert report.created[EntityKind.TOPIC] >= 3
    assert report.created[EntityKind.LESSON] >= 3
    with library.read() as session:
        types = {row[0] for row in session.execute(EXERCISE_TYPES)}
        assert search(session, "chlorophyll")
    assert len(types) >= 4


def test_loading_the_sample_fills_the_library(
    qtbot: QtBot, window: MainWindow, library: Library, settings: Settings
) -> None:
    dialog = show_welcome_if_first_run(window, settings)
    assert isinstance(dialog, WelcomeDialog) and dialog.isVisible()

    dialog.load.click()

    qtbot.waitUntil(lambda: live(library)[EntityKind.SUBJECT] == 2)
    qtbot.waitUntil(lambda: window.navigator_model.rowCount() == 2)
    assert live(library)[EntityKind.EXERCISE] > 0
    assert settings.get(FIRST_RUN) is False


def test_start_empty_ends_the_first_run(
    window: MainWindow, library: Library, settings: Settings
) -> None:
    dialog = show_welcome_if_first_run(window, settings)
    assert dialog is not None

    dialog.empty.click()

    assert not dialog.isVisible()
    assert sum(live(library).values()) == 0
    assert show_welcome_if_first_run(window, Settings(settings.path)) is None


def test_not_shown_on_a_library_with_rows(
    window: MainWindow, service: ContentService, settings: Settings
) -> None:
    add(service, EntityKind.SUBJECT, None, name="Mathematics")

    assert show_welcome_if_first_run(window, settings) is None
    assert settings.get(FIRST_RUN) is True


def test_not_shown_after_the_first_run(window: MainWindow, settings: Settings) -> None:
    settings.set(FIRST_RUN, False)

    assert show_welcome_if_first_run(window, settings) is None
