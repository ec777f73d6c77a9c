"""When and how long to wait before sending a request again.

Only failures that may pass (offline, a 5xx, INTERNAL_ERROR) are retried, and only for
requests that are safe to repeat; the jitter keeps many studios that lost the server at
the same moment from coming back in lockstep.
"""

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from backend_client.errors import MalformedResponse, OfflineError, ServerError
from backend_client.http import NotConnected, UntrustedCertificate

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    attempts: int = 3
    first_delay: float = 0.25
    max_delay: float = 4.0

    def delay(self, retry: int) -> float:
        """Seconds before retry number ``retry`` (0-based): doubling, half of it random."""
        ceiling = min(self.max_delay, self.first_delay * 2.0**retry)
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def with_retries(
    attempt: Callable[[], T],
    *,
    repeatable: bool,
    backoff: Backoff,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """``attempt()``, again after a pause while it fails in a way worth retrying."""
    for retry in itertools.count():
        try:
            return attempt()
        except (OfflineError, ServerError) as error:
            if retry + 1 >= backoff.attempts or not worth_retrying(error, repeatable):
                raise
        sleep(backoff.delay(retry))
    raise AssertionError("unreachable")


def worth_retrying(error: OfflineError | ServerError, repeatable: bool) -> bool:
    if isinstance(error, UntrustedCertificate | MalformedResponse):
        return False
    return repeatable or isinstance(error, NotConnected)
