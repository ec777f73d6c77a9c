"""Calling the server again after a failure that may pass: exponential backoff with jitter.

Only failures that leave nothing half-done on our side are retried here: a push is
repeated with the same clientMutationIds, so the server replays what it already did.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from local_db.sync.remote import RemoteUnavailable

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep

    def call(self, action: Callable[[], T], on_failure: Callable[[Exception], None]) -> T:
        delay = self.first_delay
        for attempt in range(1, self.attempts + 1):
            try:
                return action()
            except RemoteUnavailable as failure:
                on_failure(failure)
                if attempt == self.attempts:
                    raise
                self.sleep(random.uniform(delay / 2, delay))
                delay = min(delay * 2, self.max_delay)
        raise AssertionError("unreachable: the last attempt returns or raises")
