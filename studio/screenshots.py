"""Screenshots of the studio's main views, for the README.

Run through ``scripts/screenshots``, which starts a real X server (Xvfb) first; here the
studio opens on a temporary library holding the sample curriculum and each view is saved
as a PNG with ``QWidget.grab()``:

- ``main-window.png``: the navigator expanded, a lesson open with its Markdown preview;
- ``exercise-editor.png``: a multiple-choice exercise with the student preview;
- ``pending-changes.png``: the Pending changes panel: the imported rows (edited since)
  waiting for their first sync;
- ``conflicts.png``: the conflicts dialog on a lesson title.

No server is involved and the library is thrown away afterwards.

Usage: python -m studio.screenshots [OUTPUT_DIR]   (default docs/screenshots)
"""

import argparse
import sys
import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QWidget

from backend_client.token_store import MemoryTokenStore
from local_db.entities import EntityKind
from local_db.exchange import import_curriculum
from local_db.library import Library
from local_db.models import Lesson, SyncConflict
from local_db.models.enums import ConflictKind
from local_db.services import ContentService
from studio.app import create_application
from studio.main_window import MainWindow
from studio.theme import apply_theme
from studio.tree_model import NODE_ROLE
from studio.welcome import sample_path

WINDOW_SIZE = (1280, 800)
DEFAULT_OUTPUT = Path("docs/screenshots")
WAIT_SECONDS = 15.0

# Rows of resources/sample_curriculum.json (ids are fixed in the file).
LESSON = uuid.UUID("01932c4e-7a00-7000-8000-000000000005")  # Halves and quarters
MULTIPLE_CHOICE = uuid.UUID("01932c4e-7a00-7000-8000-000000000006")  # Which fraction is one half?


def wait_until(condition: Callable[[], bool], what: str, seconds: float = WAIT_SECONDS) -> None:
    """Run the event loop until ``condition`` holds; fail loudly after ``seconds``.

    A nested QEventLoop with a polling timer, so paints, debounced previews and the
    workers' answers arrive the way they do in the running studio.
    """
    loop = QEventLoop()
    poll = QTimer(interval=10)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer(singleShot=True, interval=int(seconds * 1000))
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start()
    if not condition():
        loop.exec()
    poll.stop()
    deadline.stop()
    if not condition():
        raise TimeoutError(f"timed out waiting for {what}")


def settle(seconds: float = 0.3) -> None:
    """Let pending paints, debounced previews and background reads finish."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def expand_all(window: MainWindow, parent: QModelIndex | None = None) -> None:
    """Expand every node, fetching the lazily read children as the view would."""
    model, view = window.navigator_model, window.navigator
    parent = parent if parent is not None else QModelIndex()
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        if model.hasChildren(index):
            view.expand(index)
            expand_all(window, index)


def find_node(
    window: MainWindow, row_id: uuid.UUID, parent: QModelIndex | None = None
) -> QModelIndex:
    model = window.navigator_model
    parent = parent if parent is not None else QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        node = index.data(NODE_ROLE)
        if node is not None and node[1] == row_id:
            return index
        found = find_node(window, row_id, index)
        if found.isValid():
            return found
    return QModelIndex()


def select(window: MainWindow, row_id: uuid.UUID) -> None:
    """Select the row in the navigator, which opens its editor, as a click would."""
    index = find_node(window, row_id)
    if not index.isValid():
        raise LookupError(f"{row_id} is not in the navigator")
    window.navigator.setCurrentIndex(index)
    window.navigator.scrollTo(index)
    wait_until(
        lambda: window.editors.page is not None and window.editors.page.row_id == row_id,
        f"the editor of {row_id}",
    )
    settle()


def save(widget: QWidget, path: Path) -> None:
    settle()
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def make_pending_edits(library: Library) -> None:
    """A few edits on top of the imported sample, so the panel has edits to list."""
    service = ContentService(library)
    service.update(
        EntityKind.LESSON,
        LESSON,
        {"content": sample_content(library) + "\n> Tip: fold a paper strip to check.\n"},
    )
    service.update(
        EntityKind.EXERCISE, MULTIPLE_CHOICE, {"prompt": "Which fraction is one half of a whole?"}
    )


def sample_content(library: Library) -> str:
    with library.read() as session:
        lesson = session.get(Lesson, LESSON)
        assert lesson is not None
        return lesson.content


def add_conflict(library: Library) -> None:
    """A conflict on the lesson's title, written straight into the library.

    Only for the picture: a real one comes from two studios editing the same title between
    syncs (tests/studio_sync/test_conflicts.py does that against a server); the row holds
    the same base, local and remote values the sync engine would record.
    """
    with library.write() as session:
        session.add(
            SyncConflict(
                entity_type="lesson",
                entity_id=LESSON,
                kind=ConflictKind.FIELDS,
                fields=["title"],
                base={"title": "Halves and quarters"},
                local={"title": "Halves and quarters with pizza"},
                remote={"title": "Halves, quarters and eighths"},
                remote_version=2,
            )
        )


def take_screenshots(library: Library, output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    window = MainWindow(library, token_store=MemoryTokenStore())
    window.resize(*WINDOW_SIZE)
    window.splitter.setSizes([340, WINDOW_SIZE[0] - 340])
    window.show()
    try:
        wait_until(window.isVisible, "the window")
        expand_all(window)
        select(window, LESSON)

        shot = output / "main-window.png"
        save(window, shot)
        written.append(shot)

        select(window, MULTIPLE_CHOICE)
        shot = output / "exercise-editor.png"
        save(window, shot)
        written.append(shot)

        ui = window.sync_ui
        ui.panel.show()
        window.resizeDocks([ui.panel], [560], Qt.Orientation.Horizontal)
        ui.refresh_pending()
        wait_until(lambda: ui.panel.pending_model.rowCount() > 0, "the pending changes")
        ui.panel.tree.expandAll()
        shot = output / "pending-changes.png"
        save(window, shot)
        written.append(shot)

        add_conflict(library)
        ui.open_conflicts()
        dialog = ui.conflicts.dialog
        assert dialog is not None
        wait_until(lambda: dialog.model.rowCount() > 0, "the conflicts dialog")
        dialog.resize(980, 560)
        shot = output / "conflicts.png"
        save(dialog, shot)
        written.append(shot)
        dialog.reject()
    finally:
        window.close()
        window.workers.wait(int(WAIT_SECONDS * 1000))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    arguments = parser.parse_args(argv)
    app = create_application()
    apply_theme(app, "light")
    with (
        tempfile.TemporaryDirectory(prefix="studio-screenshots-") as folder,
        Library.open(Path(folder) / "sample.sqlite3") as library,
    ):
        import_curriculum(library, sample_path())
        make_pending_edits(library)
        take_screenshots(library, arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
