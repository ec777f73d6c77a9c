"""Whether the server answers, asked every half minute on the network lane.

The answer drives the status bar's online/offline label; nothing stops working when
the server is away, so a failed check is a state to show, never an error to raise.
"""

from PySide6.QtCore import QObject, QTimer, Signal

from backend_client.errors import ClientError, MalformedResponse
from backend_client.files import Health, health
from backend_client.server_address import ServerAddress
from backend_client.transport import Connection
from local_db.sync.account import SignedInAccount
from studio.workers import Workers

INTERVAL_MS = 30_000


def probe(account: SignedInAccount) -> Health:
    """Runs on a worker: one GET /health on a connection of its own, closed after."""
    address = ServerAddress.parse(
        account.server_url, allow_insecure_http=account.allow_insecure_http
    )
    with Connection(address, ca_bundle=account.ca_bundle) as connection:
        return health(connection)


def unreachable(error: BaseException) -> Health:
    if isinstance(error, MalformedResponse):
        return Health(False, problem="the address does not answer like a Content Studio server")
    if isinstance(error, ClientError):
        return Health(False, problem=str(error))
    return Health(False, problem=f"the check failed ({error!r})")


class HealthMonitor(QObject):
    changed = Signal(object)
    """The latest Health, or None while no server is known (not signed in)."""

    def __init__(
        self, workers: Workers, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self._workers = workers
        self._account: SignedInAccount | None = None
        self._asking = False
        self.last: Health | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("healthTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def watch(self, account: SignedInAccount | None) -> None:
        """Checks ``account``'s server now and then every interval; None stops checking."""
        changed_server = (
            account is None
            or self._account is None
            or (account.server_url != self._account.server_url)
        )
        self._account = account
        if account is None:
            self.timer.stop()
            self._show(None)
            return
        if changed_server or self.last is None:
            self.check()
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        """Until the next ``watch``: no checks, and answers still on their way are dropped."""
        self.timer.stop()
        self._account = None

    def check(self) -> None:
        account = self._account
        if account is None or self._asking:
            return
        self._asking = True
        self._workers.network(
            lambda: probe(account),
            on_done=lambda answer: self._answered(account, answer),
            on_error=lambda error: self._answered(account, unreachable(error)),
        )

    def report(self, answer: Health) -> None:
        """What a sync learnt about the server, shown without waiting for the next check."""
        self._show(answer)

    def _answered(self, account: SignedInAccount, answer: Health) -> None:
        self._asking = False
        if self._account is not None and account.server_url == self._account.server_url:
            self._show(answer)

    def _show(self, answer: Health | None) -> None:
        self.last = answer
        self.changed.emit(answer)
