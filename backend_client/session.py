"""Who we are to the server: sign-in, a fresh access token for every call, sign-out.

The refresh token is the long-lived secret and lives in the token store (the OS
keyring); the access token and its expiry live only in this object. The server rotates
refresh tokens and treats a replaced one presented again as stolen (it ends the whole
sign-in), so refreshing is single-flight: one thread trades the token while the others
wait for, and reuse, the result. Every token is registered with the log redaction
before anything could log it.
"""

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import DocumentNode

from backend_client.answers import UNAUTHORIZED, parsed
from backend_client.documents import retry_safe
from backend_client.errors import (
    ClientError,
    MalformedResponse,
    PayloadError,
    SignInRequired,
)
from backend_client.generated.inputs import LoginVariables, LogoutVariables, RefreshTokenVariables
from backend_client.generated.operations import (
    LOGIN,
    LOGOUT,
    REFRESH_TOKEN,
    ErrorFields,
    Login_Login,
    RefreshToken_RefreshToken,
    UserFields,
)
from backend_client.redaction import register_secret
from backend_client.server_address import ServerAddress
from backend_client.token_store import TokenStore
from backend_client.transport import Connection
from backend_client.typed import Operation, Result, Variables

T = TypeVar("T")
# Refresh this long before expiry at most, and at most a tenth of the lifetime before.
MAX_REFRESH_MARGIN_SECONDS = 30.0


@dataclass(frozen=True)
class SignedOut:
    """``revoked`` is False when the server could not confirm it ended the sign-in (the
    token is gone from this computer either way); ``problem`` says why."""

    account: str | None
    revoked: bool
    problem: str | None = None


class AuthSession:
    """One account on one server, shared by the threads that talk to it.

    ``clock`` is what "now" means for renewing early (monotonic, so a changed system
    clock cannot keep an expired token in use).
    """

    def __init__(
        self,
        address: ServerAddress,
        store: TokenStore,
        connection: Connection,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.address = address
        self.store = store
        self.connection = connection
        self._clock = clock
        self._lock = threading.Lock()
        self._account: str | None = None
        self._user: UserFields | None = None
        self._refresh: str | None = None
        self._access: str | None = None
        self._renew_at = 0.0
        # Whether the store holds our latest refresh token; if it does, a different one
        # there was rotated by another process (the studio and the CLI share it).
        self._stored = False

    @property
    def account(self) -> str | None:
        return self._account

    @property
    def user(self) -> UserFields | None:
        """The signed-in user as the server last described it (None until it has)."""
        return self._user

    @property
    def signed_in(self) -> bool:
        return self._refresh is not None

    def sign_in(self, email: str, password: str) -> UserFields:
        """The user; ``PayloadError`` with the server's code when it refuses."""
        variables: LoginVariables = {"input": {"email": email, "password": password}}
        result = self.connection.execute(LOGIN, variables, token=None)
        payload = result.login
        _raise_first(payload.errors)
        if payload.user is None:
            raise MalformedResponse("data.login.user", "missing without errors")
        with self._lock:
            self._account = payload.user.email
            self._adopt(payload, "data.login")
        return payload.user

    def resume(self, account: str) -> bool:
        """Signs in again with the stored refresh token; False when none is stored.

        When the server cannot be reached this raises ``OfflineError`` but keeps the token
        loaded, and the next call renews it: a studio started without network is signed
        in as soon as the server answers.
        """
        token = self.store.load(self.address.url, account)
        if token is None:
            return False
        register_secret(token)
        with self._lock:
            self._account, self._user, self._access = account, None, None
            self._refresh, self._stored = token, True
            self._renew()
        return True

    def access_token(self) -> str:
        """A token with time to spare: renewed first when little of its lifetime is left."""
        with self._lock:
            if self._access is None or self._clock() >= self._renew_at:
                self._renew()
            assert self._access is not None
            return self._access

    def execute(self, operation: Operation[Variables, Result], variables: Variables) -> Result:
        data = self.execute_document(
            operation.document, variables, retry_safe=retry_safe(operation, variables)
        )
        return parsed(operation, data)

    def execute_document(
        self,
        document: DocumentNode | str,
        variables: Mapping[str, Any] | None,
        *,
        retry_safe: bool,
    ) -> dict[str, Any]:
        def call(token: str) -> dict[str, Any]:
            data = self.connection.execute_document(
                document, variables, token=token, retry_safe=retry_safe
            )
            refusal = _payload_refusal(data)
            if refusal is not None:
                raise SignInRequired(refusal)
            return data

        return self.authorized(call)

    def authorized(self, call: Callable[[str], T]) -> T:
        """``call(access_token)``; when the server refuses the token (``SignInRequired``),
        once more with a renewed one."""
        token = self.access_token()
        try:
            return call(token)
        except SignInRequired:
            pass
        return call(self._renew_after_refusal(token))

    def sign_out(self, account: str | None = None) -> SignedOut:
        """Ends the sign-in on the server, then forgets its token here, even offline.

        ``account`` names a stored sign-in when this session has not resumed it.
        """
        with self._lock:
            account = self._account or account
            token = self._refresh
            self._forget()
        if account is None:
            return SignedOut(None, revoked=True)
        if token is None:
            token = self.store.load(self.address.url, account)
        try:
            return self._revoke(account, token)
        finally:
            self.store.delete(self.address.url, account)

    def _revoke(self, account: str, token: str | None) -> SignedOut:
        if token is None:
            return SignedOut(account, revoked=True)
        register_secret(token)
        try:
            variables: LogoutVariables = {"input": {"refreshToken": token}}
            result = self.connection.execute(LOGOUT, variables, token=None)
            _raise_first(result.logout.errors)
        except ClientError as error:
            return SignedOut(account, revoked=False, problem=str(error))
        return SignedOut(account, revoked=True)

    def _renew_after_refusal(self, refused: str) -> str:
        with self._lock:
            if self._access is None or self._access == refused:
                self._renew()
            assert self._access is not None
            return self._access

    def _renew(self) -> None:
        """Trades the refresh token for new tokens; the caller holds ``_lock``."""
        presented = self._presented_refresh_token()
        variables: RefreshTokenVariables = {"input": {"refreshToken": presented}}
        result = self.connection.execute(REFRESH_TOKEN, variables, token=None)
        payload = result.refresh_token
        if payload.errors:
            if any(str(error.code) == UNAUTHORIZED for error in payload.errors):
                account = self._account
                self._forget()
                if account is not None:
                    self.store.delete(self.address.url, account)
                raise SignInRequired(f"{payload.errors[0].message}")
            _raise_first(payload.errors)
        if payload.user is not None:
            self._user = payload.user
        self._adopt(payload, "data.refreshToken")

    def _presented_refresh_token(self) -> str:
        if self._refresh is None or self._account is None:
            raise SignInRequired()
        if self._stored:
            try:
                stored = self.store.load(self.address.url, self._account)
            except ClientError:
                stored = None
            if stored is not None and stored != self._refresh:
                register_secret(stored)
                self._refresh = stored
        return self._refresh

    def _adopt(self, payload: Login_Login | RefreshToken_RefreshToken, path: str) -> None:
        """Takes the tokens of a login or refresh answer; the caller holds ``_lock``."""
        access, refresh, lifetime = payload.access_token, payload.refresh_token, payload.expires_in
        if access is None or refresh is None or lifetime is None:
            raise MalformedResponse(path, "tokens missing without errors")
        register_secret(access)
        register_secret(refresh)
        if payload.user is not None:
            self._user = payload.user
        self._access, self._refresh = access, refresh
        self._renew_at = self._clock() + lifetime - min(MAX_REFRESH_MARGIN_SECONDS, lifetime / 10)
        self._stored = False
        assert self._account is not None
        self.store.save(self.address.url, self._account, refresh)
        self._stored = True

    def _forget(self) -> None:
        self._account = self._user = self._refresh = self._access = None
        self._stored = False


def _raise_first(errors: Sequence[ErrorFields] | None) -> None:
    if errors:
        first = errors[0]
        raise PayloadError(str(first.code), first.message, first.field)


def _payload_refusal(data: Mapping[str, Any]) -> str | None:
    """The message of an UNAUTHORIZED payload error: mutations report an expired token in
    their payload rather than as a request error."""
    for value in data.values():
        errors = value.get("errors") if isinstance(value, dict) else None
        for error in errors if isinstance(errors, list) else ():
            if isinstance(error, dict) and error.get("code") == UNAUTHORIZED:
                message = error.get("message")
                return message if isinstance(message, str) else "the access token was refused"
    return None
