"""The Qt binding itself: PySide6 6.12.0 dropped a reference to True on every
Signal.emit(), and a studio session (thousands of emits) then aborted the interpreter."""

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def test_emitting_signals_leaves_reference_counts_alone() -> None:
    emitter = Emitter()
    received: list[object] = []
    emitter.carrying.connect(received.append)
    true_before, false_before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(1000):
        emitter.plain.emit()
        emitter.carrying.emit(None)
    assert len(received) == 1000
    # Other code may take or drop a reference or two meanwhile; the bug dropped 1,000.
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(False) - false_before) < 50
