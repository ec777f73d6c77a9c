"""Typing benchmark: keypress latency in the lesson editor, idle and while a sync pulls.

    .venv/bin/python -m bench.bench_typing [--scale F] [--keys N] [--saves N] [--out DIR]

Opens the studio's main window (offscreen) on a small library, opens a lesson editor and
types into its Markdown field: one key every ``INTERVAL_MS``, each sent with
QTest.keyClick from a precise timer. A key's latency runs from the moment its timer was
due to the moment the key was processed and the text had changed, so it counts both the
wait for a busy UI thread and the work the key causes (validation, preview, autosave
timer). The floor is the same keys, the same way, into a bare QPlainTextEdit in a bare
window, measured in the same run. Then the same typing while a heavy sync runs: the
sync engine's real pull (bench.typing_feed) applying a generated library of ``--scale``
(1.0 = about a million exercises) page by page on the network lane, as a sync does.
Only keys due while the pull was running count for that row.

The autosave round trip is one key, then the time from its save being queued on the
write lane (when the 500 ms autosave delay ran out: EditingSession.write_started) to its
having landed back on the UI thread (write_finished); measured idle and during the pull,
when the save waits for SQLite's write lock between the pull's pages.
Prints a Markdown table and writes DIR/typing-results.json.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

from backend_client.token_store import MemoryTokenStore
from bench.studio_library import build
from bench.typing_feed import feed_records, pull
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import ContentService
from studio.editors.lesson_page import LessonPage
from studio.main_window import MainWindow

INTERVAL_MS = 40
"""A fast typist: 25 keys a second."""
KEYS = "the quick brown fox jumps over the lazy dog "


@dataclass
class Figures:
    """Latencies in milliseconds."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else 0.0

    @property
    def p95(self) -> float:
        if len(self.samples) < 2:
            return self.median
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]

    @property
    def max(self) -> float:
        return max(self.samples, default=0.0)

    def summary(self) -> dict[str, Any]:
        return {"n": len(self.samples), "median_ms": self.median, "p95_ms": self.p95,
                "max_ms": self.max}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_typing", description=__doc__)
    parser.add_argument("--scale", type=float, default=0.1, help="the pulled library's size")
    parser.add_argument("--keys", type=int, default=100, help="keys typed per measurement")
    parser.add_argument("--saves", type=int, default=5, help="autosave round trips each")
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if QApplication.instance() is None:
        # Kept referenced until the end: the application must outlive every widget.
        app = QApplication(sys.argv[:1])  # noqa: F841
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        source = build(folder / "source.sqlite3", args.scale, 0)
        with Library.open(source.path) as library:
            records = feed_records(library)
        results = measure(folder / "studio.sqlite3", records, args.keys, args.saves)
    results["records"] = len(records)
    print(render(results))
    (args.out / "typing-results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


def measure(path: Path, records: list[Any], keys: int, saves: int) -> dict[str, Any]:
    floor = type_into_bare_editor(keys)
    with Library.open(path) as library:
        lesson = lesson_to_edit(library)
        window = MainWindow(library, token_store=MemoryTokenStore())
        window.show()
        try:
            # Shown, the navigator takes the focus and opens its first row's editor;
            # the lesson is opened after that, as the author would, and typed into.
            run_until(lambda: window.editors.page is not None)
            page = window.open_editor(EntityKind.LESSON, lesson)
            assert isinstance(page, LessonPage)
            page.content.setFocus()
            idle = type_keys(page.content, keys)
            idle_saves = [autosave_round_trip(window, page) for _ in range(saves)]
            pulling = Pulling(window, library, records)
            loaded = type_keys(page.content, keys, counts=pulling.running)
            loaded_saves = [
                seconds
                for seconds, during in (pulling.autosave(page) for _ in range(saves))
                if during
            ]
            pulled = pulling.wait()
        finally:
            window.close()
            window.workers.wait()
    return {
        "interval_ms": INTERVAL_MS,
        "floor": floor.summary(),
        "idle": idle.summary(),
        "pulling": loaded.summary(),
        "autosave_idle": Figures(idle_saves).summary(),
        "autosave_pulling": Figures(loaded_saves).summary(),
        "pull_seconds": pulled,
    }


def lesson_to_edit(library: Library) -> uuid.UUID:
    service = ContentService(library)
    subject = service.create(EntityKind.SUBJECT, {"name": "Typing", "slug": "typing-bench"})
    topic = service.create(EntityKind.TOPIC, {"subject_id": subject.id, "name": "Speed"})
    content = "# Typing\n\n" + "A paragraph of the lesson, as an author writes it. " * 40
    values = {"topic_id": topic.id, "title": "Typing", "content": content}
    return service.create(EntityKind.LESSON, values).id


def type_into_bare_editor(keys: int) -> Figures:
    window = QMainWindow()
    editor = QPlainTextEdit(window)
    window.setCentralWidget(editor)
    window.resize(960, 640)
    window.show()
    try:
        return type_keys(editor, keys)
    finally:
        window.close()


def type_keys(
    editor: QPlainTextEdit,
    keys: int,
    counts: Callable[[], bool] = lambda: True,
) -> Figures:
    """Type ``keys`` keys on a timer; the latencies of those typed while ``counts()``."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    samples: list[float] = []
    due = 0.0
    typed = 0

    def schedule() -> None:
        nonlocal due
        due = time.perf_counter() + INTERVAL_MS / 1000
        timer.start(INTERVAL_MS)

    def press() -> None:
        nonlocal typed
        counted = counts()
        before = editor.document().characterCount()
        QTest.keyClicks(editor, KEYS[typed % len(KEYS)])
        done = time.perf_counter()
        if editor.document().characterCount() != before + 1:
            raise RuntimeError("a key did not reach the editor")
        if counted:
            samples.append((done - due) * 1000)
        typed += 1
        if typed < keys:
            schedule()
        else:
            loop.quit()

    timer.timeout.connect(guarded(loop, press))
    schedule()
    run(loop)
    return Figures(samples)


def autosave_round_trip(window: MainWindow, page: LessonPage) -> float:
    """One key, then the milliseconds from its save being queued on the write lane (when
    the autosave delay ran out) to the save having landed, back on the UI thread."""
    loop = QEventLoop()
    queued: list[float] = []
    landed: list[float] = []

    def started(kind: EntityKind, row_id: uuid.UUID) -> None:
        if (kind, row_id) == (page.kind, page.row_id):
            queued.append(time.perf_counter())

    def finished(kind: EntityKind, row_id: uuid.UUID, error: object, _kept: object) -> None:
        if (kind, row_id) == (page.kind, page.row_id):
            landed.append(time.perf_counter())
            loop.quit()

    window.editing.write_started.connect(started)
    window.editing.write_finished.connect(finished)
    QTest.keyClicks(page.content, "x")
    run(loop)
    window.editing.write_started.disconnect(started)
    window.editing.write_finished.disconnect(finished)
    return (landed[0] - queued[0]) * 1000


TIMEOUT_MS = 600_000
"""A measurement that has not ended by then is broken: fail rather than hang."""
_failures: list[BaseException] = []


def guarded(loop: QEventLoop, work: Callable[[], None]) -> Callable[[], None]:
    """``work`` as a slot that ends ``loop`` with its exception instead of leaving it running
    (an exception in a slot is only printed, and the loop would wait for ever)."""

    def slot() -> None:
        try:
            work()
        except Exception as error:
            _failures.append(error)
            loop.quit()

    return slot


def run(loop: QEventLoop) -> None:
    """Run ``loop`` until it is quit; raise what a guarded slot raised, or on the timeout."""
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(guarded(loop, _timed_out))
    deadline.start(TIMEOUT_MS)
    loop.exec()
    deadline.stop()
    if _failures:
        raise _failures.pop()


def _timed_out() -> None:
    raise TimeoutError(f"a measurement took over {TIMEOUT_MS / 1000:.0f} s")


def run_until(done: Callable[[], bool]) -> None:
    """Let the event loop run until ``done()``, checking every 10 ms."""
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    poll.start(10)
    if not done():
        run(loop)
    poll.stop()


class Pulling:
    """The pull on the network lane, started at once; ``running`` while it has not ended."""

    def __init__(self, window: MainWindow, library: Library, records: list[Any]) -> None:
        self.window = window
        self.started = time.perf_counter()
        self.ended: float | None = None
        window.workers.network(lambda: pull(library, records), on_done=self._ended)

    def running(self) -> bool:
        return self.ended is None

    def autosave(self, page: LessonPage) -> tuple[float, bool]:
        """A round trip, and whether the pull ran during all of it."""
        seconds = autosave_round_trip(self.window, page)
        return seconds, self.running()

    def wait(self) -> float:
        """Let the pull finish; its seconds."""
        run_until(lambda: self.ended is not None)
        assert self.ended is not None
        return self.ended - self.started

    def _ended(self, _tally: object) -> None:
        self.ended = time.perf_counter()


def render(r: dict[str, Any]) -> str:
    floor = r["floor"]["median_ms"] or 1e-9

    def row(title: str, f: dict[str, Any], ratio: bool = True) -> str:
        times = f"{f['median_ms']:.2f} / {f['p95_ms']:.2f} / {f['max_ms']:.2f} ms"
        return f"| {title} (n={f['n']}) | {times} | " + (
            f"{f['median_ms'] / floor:.1f} |" if ratio else "— |"
        )

    return "\n".join(
        [
            f"| Keypress to processed, one key every {r['interval_ms']} ms | median / p95 / max"
            " | median / floor |",
            "| --- | --- | --- |",
            row("Floor: bare QPlainTextEdit", r["floor"]),
            row("Lesson editor, idle", r["idle"]),
            row(f"Lesson editor, while a sync pulls {r['records']:,} records", r["pulling"]),
            row(
                "Autosave: queued to landed (after the 500 ms delay), idle",
                r["autosave_idle"],
                False,
            ),
            row("Autosave: queued to landed, while the sync pulls", r["autosave_pulling"], False),
            f"| The pull alone: {r['records']:,} records | {r['pull_seconds']:.1f} s | — |",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
