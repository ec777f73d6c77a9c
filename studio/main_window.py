"""The studio's main window: the navigator beside the editor area, menus and a status bar.

The window is handed an open Library and never creates the QApplication, so tests build
it with qtbot exactly as run_studio does. It reads through short read transactions
(Library.read) and holds no session open between them; every edit goes through
``self.editing`` (studio.editors.session) to the write lane in ``self.workers``, and
closing the window waits for that lane, so the last autosave lands before the library
closes.

Others extend the window through ``workers``, ``editing``, ``editors``, the menus and
the status bar (left to them apart from the library's counts and path).
"""

import uuid
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTreeView,
    QWidget,
)

from backend_client.token_store import TokenStore
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.queries import NodeKind, NodeRow, children
from local_db.summary import LibrarySummary, summarize
from local_db.sync.engine import SyncReport
from studio.editors.area import EditorArea
from studio.editors.navigator_state import (
    NodePath,
    expanded_paths,
    find_path,
    node_path,
    restore_paths,
)
from studio.editors.new_rows import NewRow, NodeKey, entity_of, new_row
from studio.editors.page import EditorPage
from studio.editors.session import EditingSession
from studio.editors.undo_actions import SessionUndoKeys, undo_redo_actions
from studio.navigator.actions import NavigatorActions
from studio.navigator.marks import read_marks_from
from studio.navigator.mover import Mover
from studio.navigator.refresh import after_save
from studio.settings import Settings
from studio.sync_ui import install_sync_ui
from studio.tournaments.install import install_tournaments
from studio.tree_model import NODE_ROLE, TOP, NavigatorModel, ReadChildren
from studio.workers import Workers

APP_NAME = "Content Studio"
DISTRIBUTION = "content-studio"


class MainWindow(QMainWindow):
    """One window on one open library; the caller opens the library and closes it after.

    The status bar's counts are read once, when the window is built.
    """

    def __init__(
        self,
        library: Library,
        parent: QWidget | None = None,
        *,
        workers: Workers | None = None,
        token_store: TokenStore | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} — {library.path.name}")
        self.resize(960, 640)
        self.library = library
        self.workers = workers if workers is not None else Workers(self)
        self.undo_stack = QUndoStack(self)
        self.editing = EditingSession(library, self.workers, self.undo_stack, self)
        self.mover = Mover(self.editing, self._moved)
        self.navigator_model = self._new_navigator_model()
        self.navigator = self._build_navigator()
        self.editors = EditorArea(self.editing, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(self.editors)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 660])
        self.setCentralWidget(self.splitter)
        SessionUndoKeys(self.editors)
        self._to_open: tuple[EntityKind, uuid.UUID, NodePath] | None = None
        self._build_menus()
        trash = self.findChild(QAction, "deleteAction")
        assert trash is not None
        self.navigator_actions = NavigatorActions(self, self.mover, trash)
        self._build_status_bar(library)
        self.sync_ui = install_sync_ui(
            self, library, self.workers, store=token_store, settings=settings
        )
        self.editing.write_finished.connect(lambda *_: self.sync_ui.refresh_counts())
        self.editing.write_finished.connect(self._row_saved)
        self.sync_ui.synced.connect(self._after_sync)
        self.tournaments = install_tournaments(self, self.editing, self.editors, self.view_menu)
        self.sync_ui.account.changed.connect(self.tournaments.account_changed)
        self.editing.row_created.connect(self._row_created)
        self.editing.rows_trashed.connect(lambda _rows: self.reload_navigator())
        self.editing.rows_restored.connect(lambda _rows: self.reload_navigator())
        self.editing.operation_failed.connect(
            lambda text: self.statusBar().showMessage(text, 10_000)
        )

    def _build_navigator(self) -> QTreeView:
        tree = QTreeView(self)
        tree.setObjectName("navigator")
        tree.setAccessibleName("Library contents")
        tree.setHeaderHidden(True)
        # Every row is one line of text; uniform heights let the view skip measuring rows.
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Drops only move rows within the tree; the model refuses the wrong parents.
        tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        tree.setDropIndicatorShown(True)
        tree.setModel(self.navigator_model)
        tree.selectionModel().currentChanged.connect(self._current_changed)
        return tree

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        save = self._action(
            "&Save Now", "saveAction", self.editing.flush, QKeySequence.StandardKey.Save
        )
        save.setToolTip("Changes save themselves; this saves what you just typed at once")
        file_menu.addAction(save)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("quitAction")
        # Windows defines no standard Quit key; fall back to the Ctrl+Q authors expect.
        quit_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        )
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        # Closing (not QApplication.quit) runs closeEvent, which saves pending edits first;
        # the last window closing ends the event loop.
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo, redo = undo_redo_actions(self.editing, self)
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        new = self._action("&New", "newAction", self.create_new, QKeySequence.StandardKey.New)
        new.setToolTip("A new item inside the selected one (a topic in a subject, ...)")
        trash = self._action(
            "Move to &Trash", "deleteAction", self.delete_selected, QKeySequence.StandardKey.Delete
        )
        # Delete must not trash a row while the author deletes text in a form.
        trash.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.navigator.addAction(trash)
        edit_menu.addActions([new, trash])

        view_menu = self.view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(
            self._action("&Trash", "trashAction", self.editors.show_trash, "Ctrl+Shift+T")
        )
        view_menu.addSeparator()
        view_menu.addAction(
            self._action(
                "Go to &Navigator", "focusNavigatorAction", self.navigator.setFocus, "Ctrl+1"
            )
        )
        view_menu.addAction(
            self._action("Go to &Editor", "focusEditorAction", self.focus_editor, "Ctrl+2")
        )
        view_menu.addAction(
            self._action(
                "&Reload Navigator",
                "reloadAction",
                self.reload_navigator,
                QKeySequence.StandardKey.Refresh,
            )
        )

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction(f"&About {APP_NAME}", self)
        about_action.setObjectName("aboutAction")
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _action(
        self,
        text: str,
        name: str,
        slot: Callable[[], object],
        key: QKeySequence.StandardKey | str,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if isinstance(key, str):
            action.setShortcut(QKeySequence(key))
        else:
            action.setShortcuts(QKeySequence.keyBindings(key))
        action.triggered.connect(lambda: slot())  # not the slot itself: no `checked` argument
        return action

    def _build_status_bar(self, library: Library) -> None:
        # Counting a million rows takes most of a second: off the UI thread, after start-up.
        counts = QLabel("Counting…", self)
        counts.setObjectName("libraryCounts")
        self.workers.network(
            lambda: read_summary(library), lambda summary: counts.setText(counts_text(summary))
        )
        path = QLabel(str(library.path), self)
        path.setObjectName("libraryPath")
        path.setToolTip("The library file this window edits")
        self.statusBar().addWidget(counts, 1)
        self.statusBar().addPermanentWidget(path)

    # --- editing

    def open_editor(self, kind: EntityKind, row_id: uuid.UUID) -> EditorPage | None:
        return self.editors.open_row(kind, row_id)

    def focus_editor(self) -> None:
        if self.editors.page is not None:
            self.editors.page.focus_first()
        else:
            self.editors.setFocus()

    def create_new(self) -> None:
        """Create the natural child of the selected node (a subject when none is)."""
        current = self.navigator.currentIndex()
        selected: NodeKey | None = current.data(NODE_ROLE) if current.isValid() else None
        parent: NodeKey | None = current.parent().data(NODE_ROLE) if current.isValid() else None
        made = new_row(selected, parent)
        if made is not None:
            self.create_row(made, node_path(current))

    def create_row(self, made: NewRow, under: NodePath) -> None:
        """Create a row (undoably), then show it under the node at ``under`` and open it."""
        row_id = self.editing.create(made.kind, made.values, f"New {made.kind.value}")
        self._to_open = (made.kind, row_id, under)

    def delete_selected(self) -> None:
        current = self.navigator.currentIndex()
        target = entity_of(current.data(NODE_ROLE)) if current.isValid() else None
        if target is not None:
            kind, row_id = target
            self.editing.delete(kind, row_id, f"Move {kind.value} “{current.data()}” to trash")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        target = entity_of(current.data(NODE_ROLE)) if current.isValid() else None
        if target is not None:
            self.editors.open_row(*target)

    def _row_created(self, kind: EntityKind, row_id: uuid.UUID) -> None:
        if self._to_open is None or self._to_open[:2] != (kind, row_id):
            self.reload_navigator()
            return
        _, _, parent_path = self._to_open
        self._to_open = None
        self.reload_navigator(also_expand=parent_path, select=(NodeKind(kind.value), row_id))
        page = self.editors.open_row(kind, row_id)
        if page is not None:
            page.focus_first()

    # --- navigator

    def reload_navigator(self, also_expand: NodePath = (), select: NodeKey | None = None) -> None:
        """Read the tree again after rows came or went, keeping what was expanded and selected.

        ``also_expand`` opens the way to a new row's parent, and ``select`` picks the new
        row when it is then in sight.
        """
        expanded = set(expanded_paths(self.navigator, self.navigator_model, TOP, ()))
        expanded.update(also_expand[:length] for length in range(1, len(also_expand) + 1))
        current = node_path(self.navigator.currentIndex())
        old_model, old_selection = self.navigator_model, self.navigator.selectionModel()
        self.navigator_model = self._new_navigator_model()
        self.navigator.setModel(self.navigator_model)  # which leaves both old ones behind
        self.navigator.selectionModel().currentChanged.connect(self._current_changed)
        old_selection.deleteLater()
        old_model.deleteLater()
        found = restore_paths(self.navigator, self.navigator_model, TOP, (), expanded, select)
        if select is None or found is None:
            found = find_path(self.navigator_model, current)
        if found is not None:
            self.navigator.setCurrentIndex(found)

    def _new_navigator_model(self) -> NavigatorModel:
        return NavigatorModel(
            read_from(self.library),
            self,
            read_marks=read_marks_from(self.library),
            on_move=self.mover.move,
        )

    def _moved(self, key: NodeKey, parent_path: NodePath) -> None:
        self.reload_navigator(also_expand=parent_path, select=key)

    def _row_saved(
        self, kind: EntityKind, row_id: uuid.UUID, error: BaseException | None, _kept: object
    ) -> None:
        if error is None:
            after_save(self.navigator_model, self.library, kind, row_id)

    def _after_sync(self, report: SyncReport) -> None:
        """Show what the pull brought: the tree, and the open editor (its unsaved typing
        is queued first, so the reload shows it rather than the older stored value)."""
        pull, push = report.pull, report.push
        if not (pull.pulled or pull.merged or pull.conflicts or push.merged or push.conflicts):
            self.navigator_model.refresh_marks()  # pushed rows are no longer pending
            return
        self.reload_navigator()
        page = self.editors.page
        if page is not None:
            page.flush()
            page.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Save what the editor holds back and wait for every queued write: the library
        # closes right after the window.
        self.editors.close_page()
        self.editing.finish()
        super().closeEvent(event)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", about_text())


def read_from(library: Library) -> ReadChildren:
    """The navigator's reader: each page in its own short read transaction."""

    def read(parent: NodeRow | None, *, after: NodeRow | None, limit: int) -> list[NodeRow]:
        with library.read() as session:
            return children(session, parent, after=after, limit=limit)

    return read


def read_summary(library: Library) -> LibrarySummary:
    with library.read() as session:
        return summarize(session)


def counts_text(summary: LibrarySummary) -> str:
    """'2 subjects · 1 topic · ...': live rows only, as the navigator shows them; a
    tournament's matches and entrants belong to its own view, not to the library's size."""
    parts = []
    for count in summary.entities:
        if count.kind in (EntityKind.MATCH, EntityKind.TOURNAMENT_PARTICIPATION):
            continue
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
