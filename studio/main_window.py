"""The studio's main window: the library navigator, its menus and a status bar.

The window is handed an open Library and never creates the QApplication, so tests build
it with qtbot exactly as run_studio does. It reads through short read transactions
(Library.read) and holds no session open between them.
"""

from importlib.metadata import PackageNotFoundError, version

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTreeView,
    QWidget,
)

from local_db.library import Library
from local_db.queries import NodeRow, children
from local_db.summary import LibrarySummary, summarize
from studio.tree_model import NavigatorModel, ReadChildren

APP_NAME = "Content Studio"
DISTRIBUTION = "content-studio"


class MainWindow(QMainWindow):
    """One window on one open library; the caller opens the library and closes it after.

    The status bar's counts are read once, when the window is built.
    """

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} — {library.path.name}")
        self.resize(960, 640)
        self.navigator_model = NavigatorModel(read_from(library), self)
        self.navigator = self._build_navigator()
        self.setCentralWidget(self.navigator)
        self._build_menus()
        self._build_status_bar(library)

    def _build_navigator(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("navigator")
        tree.setAccessibleName("Library contents")
        tree.setHeaderHidden(True)
        # Every row is one line of text; uniform heights let the view skip measuring rows.
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setModel(self.navigator_model)
        return tree

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("quitAction")
        # Windows defines no standard Quit key; fall back to the Ctrl+Q authors expect.
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Closing (not QApplication.quit) lets a later closeEvent ask about unsaved work;
        # the last window closing ends the event loop.
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction(f"&About {APP_NAME}", self)
        about_action.setObjectName("aboutAction")
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _build_status_bar(self, library: Library) -> None:
        with library.read() as session:
            summary = summarize(session)
        counts = QLabel(counts_text(summary), self)
        counts.setObjectName("libraryCounts")
        path = QLabel(str(library.path), self)
        path.setObjectName("libraryPath")
        path.setToolTip("The library file this window edits")
        self.statusBar().addWidget(counts, 1)
        self.statusBar().addPermanentWidget(path)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", about_text())


def read_from(library: Library) -> ReadChildren:
    """The navigator's reader: each page in its own short read transaction."""

    def read(parent: NodeRow | None, *, after: NodeRow | None, limit: int) -> list[NodeRow]:
        with library.read() as session:
            return children(session, parent, after=after, limit=limit)

    return read


def counts_text(summary: LibrarySummary) -> str:
    """'2 subjects · 1 topic · ...': live rows only, as the navigator shows them."""
    parts = []
    for count in summary.entities:
        noun = count.kind.value if count.live == 1 else f"{count.kind.value}s"
        parts.append(f"{count.live:,} {noun}")
    return " · ".join(parts)


def about_text() -> str:
    try:
        release = version(DISTRIBUTION)
    except PackageNotFoundError:
        release = "(development build)"
    return (
        f"{APP_NAME} {release}\n\n"
        "Offline authoring of subjects, topics, lessons and exercises, "
        "kept in a local library and synced with the learning platform."
    )
