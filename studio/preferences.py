"""Edit ▸ Preferences…: the theme and the sync server, and the window's remembered layout.

``install_settings`` is the one call the studio makes: it restores the layout saved last
time, saves it again when the window closes (an event filter, so the window itself needs
no code for it), and adds the Preferences action. The window's sign-in gets the
same settings when the window is built (``MainWindow(settings=...)``): it starts from the
server kept here and writes back the one signed in to.
"""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QWidget,
)

from studio.settings import SERVER_URL, THEME, THEMES, Settings
from studio.theme import apply_theme
from studio.window_state import restore_window, save_window


class PreferencesDialog(QDialog):
    """Changes apply on OK, so Cancel leaves both the file and the look as they were."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings = settings
        self.theme = QComboBox(self)
        self.theme.setObjectName("themeChoice")
        self.theme.setAccessibleName("Theme")
        for name in THEMES:
            self.theme.addItem(name.capitalize(), name)
        self.theme.setCurrentIndex(THEMES.index(settings.get(THEME)))
        self.server = QLineEdit(settings.get(SERVER_URL), self)
        self.server.setObjectName("serverUrl")
        self.server.setAccessibleName("Server address")
        self.server.setPlaceholderText("https://learning.example.org")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Theme:", self.theme)
        form.addRow("&Server:", self.server)
        form.addRow(buttons)
        self.accepted.connect(self._apply)

    def _apply(self) -> None:
        theme = str(self.theme.currentData())
        self.settings.set(THEME, theme)
        self.settings.set(SERVER_URL, self.server.text().strip())
        self.settings.sync()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)


class _SaveOnClose(QObject):
    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self._settings = settings
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and isinstance(watched, QMainWindow):
            save_window(watched, self._settings)
        return False


def install_settings(window: QMainWindow, settings: Settings) -> QAction:
    """Restore the layout now, save it on close; the Preferences action, for tests."""
    restore_window(window, settings)
    _SaveOnClose(window, settings)
    action = QAction("&Preferences…", window)
    action.setObjectName("preferencesAction")
    action.setShortcuts(
        QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences) or [QKeySequence("Ctrl+,")]
    )
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(lambda: PreferencesDialog(settings, window).open())
    menu = edit_menu(window)
    menu.addSeparator()
    menu.addAction(action)
    return action


def edit_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Edit":
            return menu
    return window.menuBar().addMenu("&Edit")
