"""The studio benchmark's child process: one fresh process per start-up measurement.

    python -m bench.studio_probe floor
    python -m bench.studio_probe studio LIBRARY [--expand LESSON_ID]

Start-up is timed from process start, which only the parent knows (it reads the clock
just before it starts this process), to the first paint event of the main window, which
only this process sees: so this prints wall-clock timestamps (``time.time()``, one clock
for both processes) and the parent subtracts. Everything runs on the platform Qt is
given (the benchmark sets ``QT_QPA_PLATFORM=offscreen``). The last line of output is one
JSON object.

``studio`` builds the window as ``studio.app`` does (application, library, theme,
``MainWindow`` with a memory token store, search, settings from a new file, show, the
first-run check); ``floor`` shows a bare ``QMainWindow`` of the same size, the least a
PySide6 window costs in a fresh process. ``--expand`` then opens the navigator down to
a lesson and expands it (see ``expand``).
"""

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

IMPORTED = time.time()
STATUS = Path("/proc/self/status")


def status_mb(field: str) -> float:
    """A ``kB`` line of /proc/self/status in MiB (VmHWM: the resident set's peak)."""
    for line in STATUS.read_text().splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0]) / 1024
    return 0.0


class FirstPaint(QObject):
    """Notes the first Paint event delivered to ``window`` or any widget inside it.

    Installed on the application, so it sees the paint whichever widget Qt paints first.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.at is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.at = time.time()
        return False


def wait_until(app: QCoreApplication, done: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the event loop")
        app.processEvents()


def show_and_paint(app: QApplication, window: QMainWindow) -> float:
    painted = FirstPaint(window)
    app.installEventFilter(painted)
    window.show()
    wait_until(app, lambda: painted.at is not None)
    app.removeEventFilter(painted)
    assert painted.at is not None
    return painted.at


def floor() -> dict[str, Any]:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(960, 640)
    painted = show_and_paint(app, window)
    return {"imported": IMPORTED, "painted": painted, "hwm_mb": status_mb("VmHWM")}


def studio(library_path: Path, expand_id: uuid.UUID | None) -> dict[str, Any]:
    from backend_client.token_store import MemoryTokenStore
    from studio.app import create_application, open_library
    from studio.main_window import MainWindow
    from studio.preferences import install_settings
    from studio.search_ui import install_search
    from studio.settings import THEME, Settings
    from studio.theme import apply_theme
    from studio.welcome import show_welcome_if_first_run

    imported = time.time()
    app = create_application()
    opened = open_library(library_path)
    if isinstance(opened, str):
        raise SystemExit(opened)
    figures: dict[str, Any] = {"imported": imported}
    with opened as library, tempfile.TemporaryDirectory() as scratch:
        figures["opened"] = time.time()
        settings = Settings(Path(scratch) / "settings.ini")
        apply_theme(app, settings.get(THEME))
        window = MainWindow(library, token_store=MemoryTokenStore())
        install_search(window)
        install_settings(window, settings)
        figures["built"] = time.time()
        figures["painted"] = show_and_paint(app, window)
        show_welcome_if_first_run(window, settings)
        figures["hwm_mb"] = status_mb("VmHWM")
        if expand_id is not None:
            figures["expand"] = expand(app, window, expand_id)
        window.close()
        wait_until(app, lambda: not window.isVisible())
    return figures


def expand(app: QApplication, window: Any, lesson_id: uuid.UUID) -> dict[str, Any]:
    """Open the tree down to the lesson, then expand it as a click on its arrow would.

    ``first_page_ms``: from ``QTreeView.expand`` until the view has fetched rows below it
    and drawn them (events processed until the model holds a page); ``all_ms``: from the
    same start until every child is read, scrolling the view to its end each time, which
    is what makes a QTreeView fetch its next page. ``reads_ms`` is the floor: the same
    pages read with ``local_db.queries.children`` alone, in this process, afterwards.
    """
    from local_db.models import Lesson, Topic
    from local_db.queries import NodeKind

    view, model = window.navigator, window.navigator_model
    with window.library.read() as session:
        lesson = session.get(Lesson, lesson_id)
        assert lesson is not None
        topic = session.get(Topic, lesson.topic_id)
        assert topic is not None
        keys = [
            (NodeKind.SUBJECT, topic.subject_id),
            (NodeKind.GRADE_GROUP, topic.grade_id),
            (NodeKind.TOPIC, topic.id),
        ]
    parent = QModelIndex()
    for key in keys:
        parent = _find_child(model, parent, key)
        view.expand(parent)
        app.processEvents()
    target = _find_child(model, parent, (NodeKind.LESSON, lesson_id))
    view.scrollTo(target)
    app.processEvents()
    before_mb = status_mb("VmRSS")
    started = time.perf_counter()
    view.expand(target)
    wait_until(app, lambda: model.rowCount(target) > 0)
    first_rows = model.rowCount(target)
    first = time.perf_counter() - started
    pages = 1
    while model.canFetchMore(target):
        # A QTreeView fetches more on scrolling only for its root; below it, the next
        # page is fetched as a view does on expand: fetchMore, then let it lay out.
        model.fetchMore(target)
        view.scrollToBottom()
        app.processEvents()
        pages += 1
    total = time.perf_counter() - started
    rows = model.rowCount(target)
    hwm = status_mb("VmHWM")
    reads = _read_pages(window.library, target.internalPointer().row, model._page_size)
    return {
        "first_page_rows": first_rows,
        "first_page_ms": first * 1000,
        "rows": rows,
        "pages": pages,
        "all_ms": total * 1000,
        "reads_ms": reads * 1000,
        "rss_before_mb": before_mb,
        "hwm_mb": hwm,
    }


def _find_child(model: Any, parent: QModelIndex, key: tuple[Any, Any]) -> QModelIndex:
    from studio.tree_model import NODE_ROLE

    seen = 0
    while True:
        for row in range(seen, model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if tuple(index.data(NODE_ROLE)) == tuple(key):
                found: QModelIndex = index
                return found
        seen = model.rowCount(parent)
        if not model.canFetchMore(parent):
            raise SystemExit(f"{key} not found in the navigator")
        model.fetchMore(parent)


def _read_pages(library: Any, parent_row: Any, page: int) -> float:
    """The floor of an expand: the navigator's own reads, page by page, without Qt.

    Per page, as the model does it: the children after the last one, then their sync
    marks, each in its own short read transaction.
    """
    from local_db.queries import children, sync_marks

    started = time.perf_counter()
    after = None
    while True:
        with library.read() as session:
            rows = children(session, parent_row, after=after, limit=page)
        with library.read() as session:
            sync_marks(session, [row.id for row in rows if row.id is not None])
        if len(rows) < page:
            break
        after = rows[-1]
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.studio_probe")
    parser.add_argument("mode", choices=("floor", "studio"))
    parser.add_argument("library", type=Path, nargs="?")
    parser.add_argument("--expand", type=uuid.UUID)
    args = parser.parse_args(argv)
    figures = floor() if args.mode == "floor" else studio(args.library, args.expand)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
