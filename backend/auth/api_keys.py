"""API keys of webhook sources: shown once when issued, stored only as sha256.

A key is high-entropy random, so a plain sha256 (not a slow password hash) is enough to
make a stolen table useless, and it lets a request's key be found by an indexed lookup.
The short prefix is kept in clear so an operator can tell keys apart in listings.
"""

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import ApiKey

KEY_PREFIX = "whk_"
SOURCE_PATTERN = re.compile(r"[a-z0-9-]{1,64}")


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def is_source_name(source: str) -> bool:
    return SOURCE_PATTERN.fullmatch(source) is not None


async def issue_api_key(session: AsyncSession, source: str) -> str:
    """A new key for ``source``; the caller shows it once, it cannot be recovered later."""
    if not is_source_name(source):
        raise ValueError(f"source: {source!r} must match [a-z0-9-]{{1,64}}")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(source=source, key_hash=key_hash(key), key_prefix=key[:12]))
    await session.flush()
    return key


async def key_is_valid_for(session: AsyncSession, presented: str, source: str) -> bool:
    """Whether ``presented`` is a live key of ``source``.

    Found by its hash, then compared in constant time, so neither the lookup nor the
    comparison tells an attacker how much of a guess was right.
    """
    presented_hash = key_hash(presented)
    stored = await session.scalar(
        select(ApiKey).where(ApiKey.key_hash == presented_hash, ApiKey.deleted_at.is_(None))
    )
    if stored is None:
        return False
    return hmac.compare_digest(stored.key_hash, presented_hash) and stored.source == source
