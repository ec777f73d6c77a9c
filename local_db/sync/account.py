"""Which server and account a library is signed in to, kept in its ``sync_states`` row.

The token itself is in the OS keyring (backend_client.token_store); the library only
remembers where to find it and how to reach the server, so the sync engine and the next
``content-studio`` run pick up the same sign-in. A library is signed in to one server at
a time; the rows of other servers keep their feed positions for when the user returns.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.library import Library
from local_db.models import SyncState


@dataclass(frozen=True)
class SignedInAccount:
    server_url: str
    email: str
    ca_bundle: Path | None = None
    allow_insecure_http: bool = False


def remember_account(library: Library, account: SignedInAccount) -> None:
    """Records the sign-in, replacing any other; a different account on the same server
    starts the feed from the beginning, since its cursor belonged to someone else."""
    with library.write() as session:
        for state in _live_states(session):
            if state.server_url != account.server_url:
                state.account_email = None
        found = _state(session, account.server_url)
        if found is None:
            state = SyncState(server_url=account.server_url)
            session.add(state)
        else:
            state = found
            if state.account_email not in (None, account.email):
                state.cursor = state.epoch = None
        state.account_email = account.email
        state.ca_bundle = None if account.ca_bundle is None else str(account.ca_bundle)
        state.allow_insecure_http = account.allow_insecure_http


def signed_in_account(library: Library) -> SignedInAccount | None:
    with library.read() as session:
        for state in _live_states(session):
            if state.account_email is not None:
                return _account(state, state.account_email)
    return None


def forget_account(library: Library) -> SignedInAccount | None:
    """Forgets the sign-in (not the feed position) and says which one it was."""
    forgotten = None
    with library.write() as session:
        for state in _live_states(session):
            if state.account_email is not None:
                forgotten = forgotten or _account(state, state.account_email)
                state.account_email = None
    return forgotten


def _account(state: SyncState, email: str) -> SignedInAccount:
    bundle = None if state.ca_bundle is None else Path(state.ca_bundle)
    return SignedInAccount(state.server_url, email, bundle, state.allow_insecure_http)


def _live_states(session: Session) -> list[SyncState]:
    query = select(SyncState).where(SyncState.deleted_at.is_(None)).order_by(SyncState.id)
    return list(session.scalars(query))


def _state(session: Session, server_url: str) -> SyncState | None:
    return session.scalar(
        select(SyncState).where(SyncState.server_url == server_url, SyncState.deleted_at.is_(None))
    )
