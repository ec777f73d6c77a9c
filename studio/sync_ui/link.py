"""The signed-in session the window shares between its network tasks, and its lifetime.

A sync, a health check and a sign-out may use one session at the same time on different
worker threads (AuthSession and Connection are thread-safe). Closing the connection
while a sync still sends would turn a clean cancel into a broken request, so a retired
link closes its connection when the last task using it lets go. Everything here runs on
worker threads and touches no widget.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from backend_client.errors import OfflineError, ServerError, SignInRequired
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession, SignedOut
from backend_client.token_store import TokenStore
from backend_client.transport import Connection
from local_db.sync.account import SignedInAccount


class LinkClosed(SignInRequired):
    """The window signed out or closed while a task was about to use the session."""

    def __init__(self) -> None:
        super().__init__("signed out")


@dataclass(eq=False)
class Link:
    account: SignedInAccount
    session: AuthSession
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _users: int = 0
    _retired: bool = False

    @contextmanager
    def in_use(self) -> Iterator[AuthSession]:
        with self._lock:
            if self._retired:
                raise LinkClosed()
            self._users += 1
        try:
            yield self.session
        finally:
            with self._lock:
                self._users -= 1
                last = self._retired and self._users == 0
            if last:
                self.session.connection.close()

    def retire(self) -> None:
        """No new task may use it; the connection closes once the running ones are done."""
        with self._lock:
            if self._retired:
                return
            self._retired = True
            idle = self._users == 0
        if idle:
            self.session.connection.close()


def connect(account: SignedInAccount, store: TokenStore) -> Link:
    """A link to the account's server, reached as the user chose when signing in."""
    address = ServerAddress.parse(
        account.server_url, allow_insecure_http=account.allow_insecure_http
    )
    connection = Connection(address, ca_bundle=account.ca_bundle)
    return Link(account, AuthSession(address, store, connection))


def resume(link: Link) -> bool:
    """Whether the stored sign-in was found and not refused. Offline (or a server error)
    it counts as found: the session keeps the token and renews it when the server answers."""
    with link.in_use() as session:
        try:
            return session.resume(link.account.email)
        except (OfflineError, ServerError):
            return True
        except SignInRequired:
            return False


def sign_in(
    address: ServerAddress,
    email: str,
    password: str,
    *,
    store: TokenStore,
    ca_bundle: Path | None = None,
    allow_insecure_http: bool = False,
) -> Link:
    """A new link signed in as ``email``; its connection is closed again if sign-in fails."""
    connection = Connection(address, ca_bundle=ca_bundle)
    session = AuthSession(address, store, connection)
    try:
        user = session.sign_in(email, password)
    except BaseException:
        connection.close()
        raise
    account = SignedInAccount(address.url, user.email, connection.ca_bundle, allow_insecure_http)
    return Link(account, session)


def sign_out(link: Link) -> SignedOut:
    """Revokes the sign-in on the server (if it answers) and removes the token here."""
    try:
        with link.in_use() as session:
            return session.sign_out(link.account.email)
    finally:
        link.retire()
