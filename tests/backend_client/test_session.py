"""The auth session against the real server: sign-in, renewal, rotation, sign-out.

Most sessions start from a refresh token inserted directly (no argon2 round trip); the
sign-in tests take the real path. A fake clock decides when the client *thinks* a token
is due; the server's own clock decides when it really expires.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import RefreshToken, UserRole
from backend_client.errors import OfflineError, PayloadError, SignInRequired
from backend_client.generated.operations import CREATE_GRADE, ME, REFRESH_TOKEN
from backend_client.redaction import MASK, redact
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore, TokenStore, open_token_store
from backend_client.transport import Connection
from tests.backend.harness import PASSWORD, Harness
from tests.backend.helpers import Caller, add_refresh_token, add_user
from tests.backend_client.server_fixtures import (
    ScriptedServer,
    access_token_lifetime,
    answer,
    closed_port_url,
    connection_to,
)

T = TypeVar("T")
EMAIL = "ada@north.example"
GRADES = "query { grades(first: 1) { totalCount } }"


class Clock:
    """What the session believes the time is; it moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


Sessions = Callable[..., AuthSession]


@pytest.fixture
def sessions() -> Iterator[Sessions]:
    """Makes sessions on the server at ``url``, closing their connections afterwards."""
    opened: list[Connection] = []

    def make(
        url: str,
        store: TokenStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> AuthSession:
        connection = connection_to(url)
        opened.append(connection)
        return AuthSession(
            ServerAddress.parse(url), store or MemoryTokenStore(), connection, clock=clock
        )

    yield make
    for connection in opened:
        connection.close()


def stored_session(backend: Harness, email: str = EMAIL) -> tuple[Caller, MemoryTokenStore]:
    """An author with a sign-in already in the store, as a previous run left it."""
    caller = add_user(backend, email, UserRole.AUTHOR)
    store = MemoryTokenStore()
    store.save(backend.base_url, email, add_refresh_token(backend, caller))
    return caller, store


def refresh_tokens_issued(backend: Harness) -> int:
    async def count(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(RefreshToken)) or 0)

    return backend.in_session(count)


def test_sign_in_keeps_the_refresh_token_in_the_store_and_nothing_in_the_logs(
    backend: Harness, sessions: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    add_user(backend, EMAIL, UserRole.AUTHOR)
    store = MemoryTokenStore()
    session = sessions(backend.base_url, store)
    caplog.set_level(logging.DEBUG)

    user = session.sign_in("  Ada@North.example ", PASSWORD)

    assert (user.email, user.role) == (EMAIL, "AUTHOR")
    assert session.signed_in and session.account == EMAIL and session.user == user
    refresh = store.load(backend.base_url, EMAIL)
    assert refresh is not None
    assert redact(f"token={refresh}") == f"token={MASK}", "registered with the redaction"
    access = session.access_token()
    assert redact(access) == MASK
    me = session.execute(ME, {}).me
    assert me is not None and me.email == EMAIL
    for secret in (refresh, access, PASSWORD):
        assert secret not in caplog.text


def test_wrong_password_and_unknown_email_are_refused_alike(
    backend: Harness, sessions: Sessions
) -> None:
    add_user(backend, EMAIL, UserRole.AUTHOR)
    store = MemoryTokenStore()
    session = sessions(backend.base_url, store)
    for email, password in ((EMAIL, "not the password"), ("nobody@north.example", PASSWORD)):
        with pytest.raises(PayloadError) as refused:
            session.sign_in(email, password)
        assert (refused.value.code, refused.value.field) == ("UNAUTHORIZED", None)
        assert refused.value.message == "wrong email or password"
    assert not session.signed_in
    assert store.load(backend.base_url, EMAIL) is None
    with pytest.raises(SignInRequired):
        session.access_token()


def test_resume_trades_the_stored_token_for_a_rotated_one(
    backend: Harness, sessions: Sessions
) -> None:
    _, store = stored_session(backend)
    first = store.load(backend.base_url, EMAIL)
    session = sessions(backend.base_url, store)

    assert session.resume(EMAIL)

    assert session.user is not None and session.user.email == EMAIL
    assert store.load(backend.base_url, EMAIL) not in (None, first)
    me = session.execute(ME, {}).me
    assert me is not None and me.email == EMAIL
    assert not sessions(backend.base_url, store).resume("nobody@north.example")


def test_a_refused_refresh_token_is_forgotten(backend: Harness, sessions: Sessions) -> None:
    _, store = stored_session(backend)
    copied = store.load(backend.base_url, EMAIL)
    assert copied is not None
    assert sessions(backend.base_url, store).resume(EMAIL)

    thief = MemoryTokenStore()
    thief.save(backend.base_url, EMAIL, copied)
    stolen = sessions(backend.base_url, thief)
    with pytest.raises(SignInRequired, match="sign in again"):
        stolen.resume(EMAIL)
    assert thief.load(backend.base_url, EMAIL) is None
    assert not stolen.signed_in

    victim = sessions(backend.base_url, store)
    with pytest.raises(SignInRequired):
        victim.resume(EMAIL)
    assert store.load(backend.base_url, EMAIL) is None, "the replay ended the whole sign-in"


def test_the_token_is_renewed_before_it_runs_out(backend: Harness, sessions: Sessions) -> None:
    _, store = stored_session(backend)
    clock = Clock()
    session = sessions(backend.base_url, store, clock)
    session.resume(EMAIL)
    first = session.access_token()
    lifetime = backend.runtime.settings.access_token_seconds

    clock.now += lifetime - 31
    assert session.access_token() == first
    clock.now += 2
    renewed = session.access_token()
    assert renewed != first
    assert session.execute(ME, {}).me is not None
    assert refresh_tokens_issued(backend) == 3


def test_expired_tokens_are_renewed_once_for_all_callers(
    backend: Harness, sessions: Sessions
) -> None:
    """The server's clock runs out the token while the client still trusts it: queries get
    a top-level UNAUTHORIZED, mutations an UNAUTHORIZED payload error. Eight threads see
    the refusal together, and exactly one of them trades the refresh token. (Only the
    first tokens are short-lived: a renewed one must outlast a slow machine.)"""
    _, store = stored_session(backend)
    _, writer_store = stored_session(backend, "grace@north.example")
    readers = sessions(backend.base_url, store, Clock())
    writer = sessions(backend.base_url, writer_store, Clock())
    with access_token_lifetime(backend, 1):
        readers.resume(EMAIL)
        writer.resume("grace@north.example")
    before = refresh_tokens_issued(backend)
    time.sleep(1.1)

    answers = run_together(8, lambda: readers.execute_document(GRADES, {}, retry_safe=True))
    grade: Any = {"name": "Year 7", "clientMutationId": str(uuid.uuid4())}
    created = writer.execute(CREATE_GRADE, {"input": grade}).create_grade

    assert answers == [{"grades": {"totalCount": 0}}] * 8
    assert created.errors is None and created.grade is not None
    assert refresh_tokens_issued(backend) == before + 2


def test_early_renewal_is_single_flight_too(backend: Harness, sessions: Sessions) -> None:
    _, store = stored_session(backend)
    clock = Clock()
    session = sessions(backend.base_url, store, clock)
    session.resume(EMAIL)
    clock.now += 10_000

    users = run_together(8, lambda: session.execute(ME, {}).me)

    assert {user.email for user in users if user is not None} == {EMAIL} and None not in users
    assert refresh_tokens_issued(backend) == 3


def test_sign_out_revokes_on_the_server_and_forgets_here(
    backend: Harness, sessions: Sessions
) -> None:
    _, store = stored_session(backend)
    session = sessions(backend.base_url, store)
    session.resume(EMAIL)
    token = store.load(backend.base_url, EMAIL)
    assert token is not None

    outcome = session.sign_out()

    assert (outcome.account, outcome.revoked, outcome.problem) == (EMAIL, True, None)
    assert not session.signed_in and session.account is None and session.user is None
    assert store.load(backend.base_url, EMAIL) is None
    with pytest.raises(SignInRequired):
        session.access_token()
    refused = session.connection.execute(
        REFRESH_TOKEN, {"input": {"refreshToken": token}}, token=None
    ).refresh_token
    assert refused.errors is not None and refused.errors[0].code == "UNAUTHORIZED"


def test_sign_out_of_a_stored_account_without_resuming(
    backend: Harness, sessions: Sessions
) -> None:
    _, store = stored_session(backend)
    token = store.load(backend.base_url, EMAIL)
    assert sessions(backend.base_url, store).sign_out(EMAIL).revoked
    assert store.load(backend.base_url, EMAIL) is None
    thief = MemoryTokenStore()
    thief.save(backend.base_url, EMAIL, token or "")
    with pytest.raises(SignInRequired):
        sessions(backend.base_url, thief).resume(EMAIL)


def test_offline_sign_out_still_forgets_the_token(sessions: Sessions) -> None:
    url = closed_port_url()
    store = MemoryTokenStore()
    store.save(url, EMAIL, "r" * 43)
    session = sessions(url, store)
    with pytest.raises(OfflineError):
        session.resume(EMAIL)
    assert session.signed_in, "kept, to renew once the server answers"

    outcome = session.sign_out()

    assert not outcome.revoked and outcome.problem is not None
    assert "connect" in outcome.problem
    assert store.load(url, EMAIL) is None


def test_a_token_refused_again_after_renewal_means_sign_in(
    scripted: ScriptedServer, sessions: Sessions
) -> None:
    renewed = answer(
        b'{"data": {"refreshToken": {"accessToken": "access-token-xyz", '
        b'"refreshToken": "refresh-token-xyz", "expiresIn": 900, "user": null, "errors": null}}}'
    )
    refused = answer(b'{"errors": [{"message": "no", "extensions": {"code": "UNAUTHORIZED"}}]}')
    script = scripted.play(renewed, refused, renewed, refused)
    store = MemoryTokenStore()
    store.save(scripted.url, EMAIL, "refresh-token-abc")
    session = sessions(scripted.url, store)
    session.resume(EMAIL)

    with pytest.raises(SignInRequired):
        session.execute_document(GRADES, {}, retry_safe=True)
    assert len(script.requests) == 4, "one renewal, one retry"
    with pytest.raises(SignInRequired):
        session.execute_document(GRADES, {}, retry_safe=True)
    assert len(script.requests) == 6
    assert session.signed_in, "the refresh token was not refused; only its access tokens"


def test_sign_in_with_the_real_keyring(
    backend: Harness, sessions: Sessions, secret_service: KeyringBackend
) -> None:
    """Through scripts/keyring-session's throwaway Secret Service (never the user's own)."""
    add_user(backend, EMAIL, UserRole.AUTHOR)
    store = open_token_store()
    assert store.persistent, store.notice
    sessions(backend.base_url, store).sign_in(EMAIL, PASSWORD)

    later = open_token_store()
    assert later.load(backend.base_url, EMAIL) is not None
    resumed = sessions(backend.base_url, later)
    assert resumed.resume(EMAIL)
    assert resumed.sign_out().revoked
    assert open_token_store().load(backend.base_url, EMAIL) is None


def run_together(count: int, work: Callable[[], T]) -> list[T]:
    """``work`` on ``count`` threads released at once; their results, or the first error."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        start.wait()
        try:
            results[index] = work()
        except BaseException as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
