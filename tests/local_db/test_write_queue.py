"""Writers of one process take the library's write lock in the order they asked for it."""

import threading
import time
from pathlib import Path

import pytest

from local_db.library import Library
from local_db.write_queue import WriteQueue


def wait_for_queue(queue: WriteQueue, length: int) -> None:
    # Arrival order is what is under test, so each writer is let in only once the one
    # before it is seen waiting (the queue's private deque is the only witness).
    deadline = time.monotonic() + 10
    while len(queue._waiting) < length:
        assert time.monotonic() < deadline, "a writer never started waiting"
        time.sleep(0.001)


def test_waiting_writers_get_their_turns_in_arrival_order(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.sqlite3") as library:
        order: list[int] = []

        def writer(number: int) -> None:
            with library.write():
                order.append(number)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        with library.write():
            for count, thread in enumerate(threads, start=1):
                thread.start()
                wait_for_queue(library._write_queue, count)
        for thread in threads:
            thread.join(timeout=10)
        assert order == list(range(8))


def test_a_thread_holding_its_turn_may_nest() -> None:
    queue = WriteQueue()
    with queue.turn(), queue.turn():
        pass
    other_got_in = threading.Event()

    def other() -> None:
        with queue.turn():
            other_got_in.set()

    thread = threading.Thread(target=other)
    thread.start()
    assert other_got_in.wait(timeout=10), "the turn was released after the nested exit"
    thread.join()


def test_a_failed_write_still_passes_the_turn_on(tmp_path: Path) -> None:
    with Library.open(tmp_path / "library.sqlite3") as library:
        with pytest.raises(RuntimeError), library.write():
            raise RuntimeError("refused")
        done = threading.Event()

        def writer() -> None:
            with library.write():
                done.set()

        thread = threading.Thread(target=writer)
        thread.start()
        assert done.wait(timeout=10)
        thread.join()
