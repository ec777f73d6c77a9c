"""Opening the signed-in session a library remembers, for commands that talk to the server."""

from collections.abc import Iterator
from contextlib import contextmanager

from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import TokenStore, open_token_store
from backend_client.transport import Connection
from local_db.library import Library
from local_db.sync.account import SignedInAccount, signed_in_account


class NotSignedIn(Exception):
    """The library has no sign-in, or its token is gone from this computer."""


@contextmanager
def signed_in_session(
    library: Library, store: TokenStore | None = None
) -> Iterator[tuple[SignedInAccount, AuthSession]]:
    account = signed_in_account(library)
    if account is None:
        raise NotSignedIn("this library is not signed in; run: content-studio login --server URL")
    address = ServerAddress.parse(
        account.server_url, allow_insecure_http=account.allow_insecure_http
    )
    store = store or open_token_store()
    with Connection(address, ca_bundle=account.ca_bundle) as connection:
        session = AuthSession(address, store, connection)
        if not session.resume(account.email):
            raise NotSignedIn(
                f"the sign-in for {account.email} is not on this computer any more"
                f"{' (' + store.notice + ')' if store.notice else ''}; "
                f"run: content-studio login --server {account.server_url} --email {account.email}"
            )
        yield account, session
