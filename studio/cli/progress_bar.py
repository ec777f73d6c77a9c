"""A one-line progress bar on a terminal, redrawn in place; silent when not a terminal."""

from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self._stream = stream
        self._enabled = enabled
        self._drawn = False

    def update(self, phase: str, done: int, total: int | None) -> None:
        if not self._enabled:
            return
        if total:
            filled = min(WIDTH, WIDTH * done // total)
            line = f"{phase:<5} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        else:
            line = f"{phase:<5} {done}"
        self._stream.write(f"\r{line:<60}")
        self._stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
