"""One sync: push the outbox, then pull the change feed, then report.

Pushing first means the pull brings back our own writes as versions already seen, and
everything that changed on the server is merged against bases that include our
accepted writes. Each step is its own transaction, so a sync stopped anywhere (cancel,
a lost connection, a killed process) resumes from where it stopped.
"""

import enum
from dataclasses import dataclass, field

from local_db.library import Library
from local_db.sync.absorb import integrate
from local_db.sync.kinds import KINDS
from local_db.sync.media import upload_lesson_media
from local_db.sync.progress import SyncCancelled, SyncControl
from local_db.sync.pull import Puller, PullTally
from local_db.sync.push import Pusher, PushTally
from local_db.sync.remote import Remote, RemoteUnauthorized, RemoteUnavailable
from local_db.sync.retry import RetryPolicy


class SyncOutcome(enum.StrEnum):
    DONE = "done"
    OFFLINE = "offline"
    SIGN_IN_REQUIRED = "sign-in required"
    CANCELLED = "cancelled"


@dataclass
class SyncReport:
    outcome: SyncOutcome
    push: PushTally = field(default_factory=PushTally)
    pull: PullTally = field(default_factory=PullTally)
    message: str = ""

    @property
    def requests(self) -> int:
        return self.push.requests + self.pull.requests

    def summary(self) -> str:
        push, pull = self.push, self.pull
        counts = (
            f"pushed {push.pushed}, pulled {pull.pulled}, merged {push.merged + pull.merged}, "
            f"conflicts {push.conflicts + pull.conflicts}, rejected {push.rejected}"
        )
        return counts if not self.message else f"{self.message}; {counts}"


@dataclass
class SyncEngine:
    library: Library
    remote: Remote
    server_url: str
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 100
    page_size: int = 1000

    def sync(self, control: SyncControl | None = None) -> SyncReport:
        control = control or SyncControl()
        pusher = Pusher(self.library, self.remote, control, self.retry, self.batch_size)
        puller = Puller(
            self.library, self.remote, self.server_url, control, self.retry, self.page_size
        )
        report = SyncReport(SyncOutcome.DONE, pusher.tally, puller.tally)
        try:
            self._know_account()
            pusher.tally.uploaded = upload_lesson_media(
                self.library, self.remote, control, self.retry
            )
            pusher.run()
            puller.run()
            if pusher.held or puller.tally.pulled or puller.tally.merged:
                # What the pull brought can make writes sendable: a merged entry, an answer
                # that pointed at a row not pulled yet. One more push spares a second sync,
                # and a pull after it brings what it changed on the server (a cascade).
                sent_before = pusher.tally.requests
                Pusher(
                    self.library, self.remote, control, self.retry, self.batch_size, pusher.tally
                ).run()
                if pusher.tally.requests > sent_before:
                    puller.run()
        except SyncCancelled as stop:
            report.outcome, report.message = SyncOutcome.CANCELLED, str(stop)
        except RemoteUnauthorized as stop:
            report.outcome = SyncOutcome.SIGN_IN_REQUIRED
            report.message = f"sign in again to go on syncing ({stop})"
        except RemoteUnavailable as stop:
            report.outcome = SyncOutcome.OFFLINE
            report.message = f"the server could not be reached ({stop}); try again later"
        return report

    def _know_account(self) -> None:
        account = self.retry.call(self.remote.account, lambda _failure: None)
        with self.library.write() as session:
            integrate(session, KINDS["user"], account)
