"""Qt test setup: offscreen by default, and no test may leave Qt work behind.

A widget left open, a timer still ticking or a thread still running outlives its test
and fails a later one, far from the cause (napari's conftest makes the same point). The
autouse fixture below fails the test that leaked instead, and cleans up after it.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget


def visible_top_levels(app: QApplication) -> set[QWidget]:
    return {widget for widget in app.topLevelWidgets() if widget.isVisible()}


@pytest.fixture(autouse=True)
def no_qt_leaks(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a window open, a QTimer active or a QThread running.

    Widgets registered with qtbot.addWidget are closed by pytest-qt before fixtures are
    torn down, so only the ones a test forgot remain. Timers and threads are tracked by
    wrapping QTimer.start and QThread.start; the static QTimer.singleShot is not tracked.
    """
    before = visible_top_levels(qapp)
    timers: list[QTimer] = []
    threads: list[QThread] = []
    start_timer, start_thread = QTimer.start, QThread.start

    def tracked_timer_start(timer: QTimer, *args: Any) -> None:
        timers.append(timer)
        start_timer(timer, *args)

    def tracked_thread_start(thread: QThread, *args: Any) -> None:
        threads.append(thread)
        start_thread(thread, *args)

    monkeypatch.setattr(QTimer, "start", tracked_timer_start)
    monkeypatch.setattr(QThread, "start", tracked_thread_start)
    yield

    leaks = []
    for widget in visible_top_levels(qapp) - before:
        leaks.append(f"widget {widget.objectName() or type(widget).__name__} left open")
        widget.close()
    for timer in (timer for timer in timers if shiboken6.isValid(timer) and timer.isActive()):
        leaks.append(f"QTimer {timer.objectName() or hex(id(timer))} still active")
        timer.stop()
    for thread in (
        thread for thread in threads if shiboken6.isValid(thread) and thread.isRunning()
    ):
        leaks.append(f"QThread {thread.objectName() or hex(id(thread))} still running")
        thread.quit()
        thread.wait()
    if not QThreadPool.globalInstance().waitForDone(1000):
        leaks.append("QThreadPool tasks still running a second after the test")
    if leaks:
        pytest.fail("; ".join(leaks), pytrace=False)


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings files go to the test's own folder, never the developer's ~/.config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
