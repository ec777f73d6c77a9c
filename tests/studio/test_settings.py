"""Settings in a temporary INI file: typed round trips, bad values, layout, theme, dialog."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.main_window import MainWindow
from studio.preferences import PreferencesDialog, install_settings
from studio.settings import (
    EXPANDED_NODES,
    FIRST_RUN,
    SERVER_URL,
    SETTINGS_VERSION,
    THEME,
    VERSION_KEY,
    WINDOW_GEOMETRY,
    Settings,
)
from studio.theme import apply_theme
from studio.tree_model import NODE_ROLE
from tests.local_db.factories import add
from tests.studio.test_editors_helpers import drain


@pytest.fixture
def ini(tmp_path: Path) -> Path:
    return tmp_path / "studio.ini"


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    """The application is shared by every test: put its look back."""
    yield
    apply_theme(qapp, "system")


def test_values_round_trip_through_the_file(ini: Path) -> None:
    settings = Settings(ini)
    settings.set(SERVER_URL, "https://learn.example.org")
    settings.set(THEME, "dark")
    settings.set(FIRST_RUN, False)
    settings.set(WINDOW_GEOMETRY, b"\x00\x01geometry")
    settings.set(EXPANDED_NODES, [[["subject", "abc"], ["grade_group", None]]])
    settings.sync()

    again = Settings(ini)
    assert again.get(SERVER_URL) == "https://learn.example.org"
    assert again.get(THEME) == "dark"
    assert again.get(FIRST_RUN) is False
    assert again.get(WINDOW_GEOMETRY) == b"\x00\x01geometry"
    assert again.get(EXPANDED_NODES) == [[["subject", "abc"], ["grade_group", None]]]
    assert f"version={SETTINGS_VERSION}" in ini.read_text()


def test_a_missing_file_gives_the_defaults(ini: Path) -> None:
    settings = Settings(ini)

    assert (settings.get(THEME), settings.get(SERVER_URL), settings.get(FIRST_RUN)) == (
        "system",
        "",
        True,
    )


def test_bad_values_fall_back_to_the_defaults(ini: Path) -> None:
    ini.write_text(
        "[meta]\nversion=not a number\n"
        "[appearance]\ntheme=purple\n"
        "[studio]\nfirst_run=maybe\n"
        "[sync]\nserver_url=1, 2, 3\n"
        "[window]\ngeometry=12\n"
        "[navigator]\nexpanded=[[1, 2]\n"
        "[state]\nmainSplitter=@ByteArray(garbage)\n"
    )
    settings = Settings(ini)

    assert settings.get(THEME) == "system"
    assert settings.get(FIRST_RUN) is True
    assert settings.get(SERVER_URL) == ""
    assert settings.get(WINDOW_GEOMETRY) == b""
    assert settings.get(EXPANDED_NODES) == []
    assert Settings(ini)._store.value(VERSION_KEY) in (SETTINGS_VERSION, str(SETTINGS_VERSION))


def test_bad_layout_bytes_are_ignored_by_the_window(
    qtbot: QtBot, library: Library, ini: Path
) -> None:
    ini.write_text("[window]\ngeometry=@ByteArray(junk)\n[state]\nmainSplitter=@ByteArray(x)\n")
    window = MainWindow(library)
    qtbot.addWidget(window)

    install_settings(window, Settings(ini))

    assert window.splitter.count() == 2


def open_window(qtbot: QtBot, library: Library, settings: Settings) -> MainWindow:
    window = MainWindow(library)
    qtbot.addWidget(window)
    install_settings(window, settings)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_geometry_splitter_and_expanded_nodes_come_back(
    qtbot: QtBot, library: Library, service: ContentService, ini: Path
) -> None:
    subject = add(service, EntityKind.SUBJECT, None, name="Mathematics")
    add(service, EntityKind.TOPIC, subject, name="Fractions")
    first = open_window(qtbot, library, Settings(ini))
    first.resize(800, 500)
    first.splitter.setSizes([123, 677])
    first.navigator.expand(first.navigator_model.index(0, 0))
    qtbot.waitUntil(lambda: first.navigator.isExpanded(first.navigator_model.index(0, 0)))
    sizes = first.splitter.sizes()
    first.close()
    drain()

    second = open_window(qtbot, library, Settings(ini))

    # The offscreen platform's window frame may shift the restored size by a few pixels.
    assert abs(second.width() - 800) <= 4 and abs(second.height() - 500) <= 4
    assert abs(second.splitter.sizes()[0] - sizes[0]) <= 4
    top = second.navigator_model.index(0, 0)
    assert top.data(NODE_ROLE)[1] == subject
    assert second.navigator.isExpanded(top)
    second.close()
    drain()


def test_dark_theme_darkens_the_palette(qapp: QApplication, restore_theme: None) -> None:
    apply_theme(qapp, "dark")

    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):
        apply_theme(qapp, "light")
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_preferences_saves_and_applies_the_choice(
    qtbot: QtBot, library: Library, ini: Path, qapp: QApplication, restore_theme: None
) -> None:
    settings = Settings(ini)
    window = MainWindow(library)
    qtbot.addWidget(window)
    install_settings(window, settings)
    dialog = PreferencesDialog(settings, window)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.server.setText("  https://learn.example.org  ")

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    assert Settings(ini).get(THEME) == "dark"
    assert Settings(ini).get(SERVER_URL) == "https://learn.example.org"
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100


def test_preferences_action_is_in_the_edit_menu(qtbot: QtBot, library: Library, ini: Path) -> None:
    window = MainWindow(library)
    qtbot.addWidget(window)
    action = install_settings(window, Settings(ini))

    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert action in edit.actions()
    action.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None and dialog.isVisible()
    assert not action.shortcut().isEmpty()
    dialog.reject()
