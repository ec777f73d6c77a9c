"""Login throttling: a sliding window of failed attempts per account and per client address.

In memory, per process: enough to make password guessing slow against one server; a
deployment with several processes should also rate-limit at its reverse proxy.
"""

import time
from collections import defaultdict, deque
from collections.abc import Callable


class LoginThrottle:
    def __init__(
        self, attempts: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._attempts = attempts
        self._window = window_seconds
        self._clock = clock
        self._failures: defaultdict[str, deque[float]] = defaultdict(deque)

    def retry_after(self, *keys: str) -> float:
        """Seconds until another attempt is allowed for all ``keys``; 0 when allowed now."""
        now = self._clock()
        wait = 0.0
        for key in keys:
            failures = self._prune(key, now)
            if len(failures) >= self._attempts:
                wait = max(wait, failures[0] + self._window - now)
        return wait

    def record_failure(self, *keys: str) -> None:
        now = self._clock()
        for key in keys:
            self._prune(key, now).append(now)

    def record_success(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _prune(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        return failures
