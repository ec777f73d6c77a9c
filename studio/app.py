"""Start the studio: the application object, the library and the main window.

The CLI calls ``run_studio`` when no subcommand is given. A library that cannot be
opened is explained in a dialog and left as it was (Library.open refuses before it
writes); the process then exits with 1, as the CLI does for the same error.
"""

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from local_db.errors import LibraryError
from local_db.library import Library
from studio.main_window import APP_NAME, MainWindow
from studio.preferences import install_settings
from studio.resource_paths import DESKTOP_FILE_NAME, ICON_NAME, resource_path
from studio.search_ui import install_search
from studio.settings import THEME, Settings, default_path
from studio.theme import apply_theme
from studio.welcome import show_welcome_if_first_run

ORGANIZATION_NAME = "Content Studio"


def run_studio(library_path: Path, *, settings_path: Path | None = None) -> int:
    """``settings_path`` replaces the per-user settings file (tests pass a temporary one)."""
    app = create_application()
    opened = open_library(library_path)
    if isinstance(opened, str):
        QMessageBox.critical(None, APP_NAME, opened)
        return 1
    with opened:
        return _run_window(app, opened, Settings(settings_path or default_path()))


def create_application() -> QApplication:
    """The one QApplication; its names also locate QSettings and per-user data.

    Only the program name is passed on: the CLI has parsed the arguments already, and
    Qt must not take a library path for one of its own options. The desktop file name
    lets a Wayland compositor match the windows to the menu entry and its icon.
    """
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setDesktopFileName(DESKTOP_FILE_NAME.removesuffix(".desktop"))
    app.setWindowIcon(QIcon(str(resource_path(ICON_NAME))))
    return app


def open_library(path: Path) -> Library | str:
    """The opened (and migrated) library, or the message that explains why it is not.

    LibraryError messages are written for the author and shown as they are; an OSError
    (no permission, a folder that cannot be made) would otherwise end a windowed build
    without a word.
    """
    try:
        return Library.open(path)
    except LibraryError as error:
        return str(error)
    except OSError as error:
        return f"{path} cannot be opened: {error.strerror or error}"


def _run_window(app: QApplication, library: Library, settings: Settings) -> int:
    """Kept apart so the window is gone before the caller closes the library."""
    apply_theme(app, settings.get(THEME))
    window = MainWindow(library, settings=settings)
    install_search(window)
    install_settings(window, settings)
    window.show()
    show_welcome_if_first_run(window, settings)
    return app.exec()
