"""The client process's peak memory over one step: the high-water mark of its resident set.

``ru_maxrss`` is that mark over the process's whole life, so anything before the step
(the imports, and this process imports the server's code too to start it; the floor's
pass) can hide a step that needs less, which then shows a rise of zero. Linux lets a
process reset the mark (``VmHWM``) by writing 5 to /proc/self/clear_refs; the step's
peak is then ``VmHWM`` after it, against ``VmRSS`` before it. Where that is not
possible it falls back to ``ru_maxrss``, and says so in ``method``.

Resident memory rather than tracemalloc: tracemalloc would slow the timed sync down
several times, and misses what SQLite and other C code allocate.
"""

import resource
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


@dataclass
class PeakRss:
    """``with PeakRss() as memory: step()``, then ``memory.before_mb``, ``memory.peak_mb``."""

    method: str = ""
    before_mb: float = 0.0
    peak_mb: float = 0.0

    def __enter__(self) -> "PeakRss":
        try:
            CLEAR_REFS.write_text("5")
            self.method = "VmHWM"
            self.before_mb = _status_mb("VmRSS")
        except OSError:
            self.method = "ru_maxrss"
            self.before_mb = _max_rss_mb()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.peak_mb = _status_mb("VmHWM") if self.method == "VmHWM" else _max_rss_mb()

    @property
    def rise_mb(self) -> float:
        return self.peak_mb - self.before_mb


def _status_mb(field: str) -> float:
    """A ``kB`` line of /proc/self/status, in MiB."""
    for line in STATUS.read_text().splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0]) / 1024
    raise OSError(f"{STATUS} has no {field}")


def _max_rss_mb() -> float:
    """Linux reports ru_maxrss in KiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
