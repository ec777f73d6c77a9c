"""The first-run welcome: an empty library offers a sample curriculum to look around in.

Shown once (the settings remember it) and only on an empty library, so an author who
opens a second, already filled library is not greeted again. The sample is imported
through the write lane like any other write, then the navigator is read again.
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from local_db.exchange import ImportReport, import_curriculum
from local_db.library import Library
from local_db.summary import summarize
from studio.main_window import MainWindow
from studio.resource_paths import SAMPLE_CURRICULUM_NAME, resource_path
from studio.settings import FIRST_RUN, Settings


def sample_path() -> Path:
    """The sample shipped in ``resources/`` (from a checkout, a wheel or the frozen build)."""
    return resource_path(SAMPLE_CURRICULUM_NAME)


def is_empty(library: Library) -> bool:
    with library.read() as session:
        return all(count.live == 0 for count in summarize(session).entities)


class WelcomeDialog(QDialog):
    """Either choice ends the first run; closing the dialog counts as "Start empty"."""

    def __init__(self, window: MainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to Content Studio")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._window = window
        text = QLabel(
            "This library is empty. Load a small sample curriculum (two subjects with "
            "topics, lessons and exercises) to see how the studio works, or start with "
            "an empty library.",
            self,
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.load = QPushButton("&Load a sample curriculum", self)
        self.load.setObjectName("loadSampleButton")
        self.empty = QPushButton("&Start empty", self)
        self.empty.setObjectName("startEmptyButton")
        buttons.addButton(self.load, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.empty, QDialogButtonBox.ButtonRole.RejectRole)
        self.load.clicked.connect(self.load_sample)
        self.empty.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        settings.set(FIRST_RUN, False)
        settings.sync()

    def load_sample(self) -> None:
        window, library, path = self._window, self._window.library, sample_path()
        window.workers.write(
            lambda: import_curriculum(library, path),
            lambda report: _loaded(window, report),
            lambda error: window.statusBar().showMessage(
                f"The sample could not be loaded: {error}", 10_000
            ),
        )
        self.accept()


def _loaded(window: MainWindow, report: object) -> None:
    if isinstance(report, ImportReport):
        window.reload_navigator()
        window.statusBar().showMessage("The sample curriculum is in your library.", 10_000)


def show_welcome_if_first_run(window: MainWindow, settings: Settings) -> WelcomeDialog | None:
    if not settings.get(FIRST_RUN) or not is_empty(window.library):
        return None
    dialog = WelcomeDialog(window, settings)
    dialog.open()
    return dialog
