"""Background lanes: answers come back on the UI thread, writes run one at a time in order."""

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from studio.workers import Workers


def test_results_and_failures_come_back_on_the_ui_thread(qtbot: QtBot) -> None:
    workers = Workers()
    ui_thread = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def boom() -> None:
        raise ValueError("no")

    def on_ui(label: str) -> Callable[[object], None]:
        return lambda value: seen.append((label, value, threading.get_ident() == ui_thread))

    workers.network(threading.get_ident, on_done=on_ui("done"))
    workers.network(boom, on_error=on_ui("failed"))
    qtbot.waitUntil(lambda: len(seen) == 2)
    outcomes = {label: (value, on_ui_thread) for label, value, on_ui_thread in seen}
    worker_thread, done_on_ui = outcomes["done"]
    assert worker_thread != ui_thread and done_on_ui
    error, failed_on_ui = outcomes["failed"]
    assert isinstance(error, ValueError) and failed_on_ui
    assert workers.wait(5000) and workers.pending == 0


def test_writes_run_one_at_a_time_in_submission_order(qtbot: QtBot) -> None:
    workers = Workers()
    order: list[int] = []
    running = threading.Semaphore(1)

    def write(number: int) -> int:
        assert running.acquire(blocking=False), "two writes ran at once"
        order.append(number)
        running.release()
        return number

    finished: list[int] = []
    for number in range(20):
        workers.write(lambda number=number: write(number), on_done=finished.append)
    assert workers.wait_for_writes(5000)
    qtbot.waitUntil(lambda: len(finished) == 20)
    assert order == list(range(20)) and finished == list(range(20))


def test_many_tasks_then_teardown_is_clean(qtbot: QtBot) -> None:
    """A Workers dropped right after a burst of tasks: no per-task object left to crash."""
    workers = Workers()
    done: list[int] = []
    for number in range(300):
        workers.network(lambda number=number: number, on_done=done.append)
    assert workers.wait(5000)
    qtbot.waitUntil(lambda: len(done) == 300)
    workers.deleteLater()
