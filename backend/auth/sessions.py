"""Sign-in, refresh-token rotation and sign-out.

Refresh tokens are random 256-bit strings stored only as sha256. Each refresh replaces
the token with a new one of the same family; presenting a replaced token again means it
was copied, so the whole family is revoked and the user signs in anew.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.access_tokens import issue_access_token
from backend.auth.passwords import DUMMY_HASH, verify_password_off_loop
from backend.auth.principal import Principal
from backend.config import Settings
from backend.db.models import RefreshToken, User


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


class SignInRefused(Exception):
    """Wrong email or password, or an unusable refresh token; deliberately unspecific."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_in(
    session: AsyncSession, settings: Settings, email: str, password: str
) -> TokenPair:
    email = email.strip().lower()
    user = None
    if "\x00" not in email:
        user = await session.scalar(
            select(User).where(User.email == email, User.deleted_at.is_(None))
        )
    if user is None:
        await verify_password_off_loop(DUMMY_HASH, password)
        raise SignInRefused("wrong email or password")
    if not await verify_password_off_loop(user.password_hash, password):
        raise SignInRefused("wrong email or password")
    return await _issue(session, settings, user, family_id=uuid.uuid4())


async def refresh(session: AsyncSession, settings: Settings, presented: str) -> TokenPair:
    now = datetime.now(UTC)
    stored = await session.scalar(
        select(RefreshToken)
        .where(RefreshToken.token_hash == token_hash(presented))
        .with_for_update()
    )
    if stored is None or stored.revoked_at is not None or stored.expires_at <= now:
        raise SignInRefused("the session has ended; sign in again")
    if stored.replaced_at is not None:
        await revoke_family(session, stored.family_id)
        raise SignInRefused("the session has ended; sign in again")
    user = await session.get(User, stored.user_id)
    if user is None or user.deleted_at is not None:
        raise SignInRefused("the session has ended; sign in again")
    stored.replaced_at = now
    return await _issue(session, settings, user, family_id=stored.family_id)


async def sign_out(session: AsyncSession, presented: str) -> bool:
    stored = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash(presented))
    )
    if stored is None:
        return False
    await revoke_family(session, stored.family_id)
    return True


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


async def _issue(
    session: AsyncSession, settings: Settings, user: User, *, family_id: uuid.UUID
) -> TokenPair:
    principal = Principal(user.id, user.tenant_id, user.role)
    lifetime = timedelta(seconds=settings.access_token_seconds)
    refresh_token = secrets.token_urlsafe(32)
    session.add(
        RefreshToken(
            tenant_id=user.tenant_id,
            user_id=user.id,
            token_hash=token_hash(refresh_token),
            family_id=family_id,
            expires_at=datetime.now(UTC) + timedelta(days=settings.refresh_token_days),
        )
    )
    await session.flush()
    return TokenPair(
        access_token=issue_access_token(principal, settings.secret, lifetime),
        refresh_token=refresh_token,
        expires_in=settings.access_token_seconds,
        user=user,
    )
