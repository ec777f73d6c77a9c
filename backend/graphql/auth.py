"""login, refreshToken and logout: the only operations that need no token."""

import math

import strawberry

from backend.auth import sessions
from backend.domain.problems import ApiProblem, ErrorCode
from backend.graphql.context import AppInfo
from backend.graphql.errors import Error
from backend.graphql.types import User, from_row


@strawberry.input
class LoginInput:
    email: str
    password: str
    client_mutation_id: str | None = None


@strawberry.input
class RefreshTokenInput:
    refresh_token: str
    client_mutation_id: str | None = None


@strawberry.input
class LogoutInput:
    refresh_token: str
    client_mutation_id: str | None = None


@strawberry.type
class AuthPayload:
    """Tokens for the next requests: send ``accessToken`` as a Bearer token; keep the
    ``refreshToken`` secret and trade it for a new pair before ``expiresIn`` seconds."""

    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    user: User | None = None
    errors: list[Error] | None = None


@strawberry.type
class LoginPayload(AuthPayload):
    pass


@strawberry.type
class RefreshTokenPayload(AuthPayload):
    pass


@strawberry.type
class LogoutPayload:
    revoked: bool
    errors: list[Error] | None = None


def _refused(message: str, code: ErrorCode = ErrorCode.UNAUTHORIZED) -> list[Error]:
    return [Error.of(ApiProblem(code, message))]


async def login(info: AppInfo, input: LoginInput) -> LoginPayload:
    runtime = info.context.runtime
    keys = (f"email:{input.email.strip().lower()}", f"address:{info.context.client_address}")
    wait = runtime.login_throttle.retry_after(*keys)
    if wait > 0:
        message = f"too many sign-in attempts; try again in {math.ceil(wait)} s"
        return LoginPayload(errors=_refused(message, ErrorCode.FORBIDDEN))
    async with runtime.sessions() as session, session.begin():
        try:
            pair = await sessions.sign_in(session, runtime.settings, input.email, input.password)
        except sessions.SignInRefused as refusal:
            runtime.login_throttle.record_failure(*keys)
            return LoginPayload(errors=_refused(str(refusal)))
    runtime.login_throttle.record_success(keys[0])
    return LoginPayload(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=from_row(User, pair.user),
    )


async def refresh_token(info: AppInfo, input: RefreshTokenInput) -> RefreshTokenPayload:
    runtime = info.context.runtime
    async with runtime.sessions() as session, session.begin():
        try:
            pair = await sessions.refresh(session, runtime.settings, input.refresh_token)
        except sessions.SignInRefused as refusal:
            pair = None
            refusal_message = str(refusal)
    if pair is None:
        return RefreshTokenPayload(errors=_refused(refusal_message))
    return RefreshTokenPayload(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        user=from_row(User, pair.user),
    )


async def logout(info: AppInfo, input: LogoutInput) -> LogoutPayload:
    async with info.context.runtime.sessions() as session, session.begin():
        revoked = await sessions.sign_out(session, input.refresh_token)
    return LogoutPayload(revoked=revoked)
