"""Short-lived access tokens: HS256 JWTs carrying the caller's user, tenant and role."""

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from backend.auth.principal import Principal
from backend.db.models.enums import UserRole

ALGORITHM = "HS256"
ISSUER = "content-backend"
AUDIENCE = "content-studio"


class InvalidToken(Exception):
    pass


def issue_access_token(principal: Principal, secret: str, lifetime: timedelta) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(principal.user_id),
        "tid": str(principal.tenant_id),
        "role": principal.role.value,
        "iat": now,
        "exp": now + lifetime,
        "iss": ISSUER,
        "aud": AUDIENCE,
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, secret: str) -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            audience=AUDIENCE,
            options={"require": ["exp", "iat", "sub", "tid", "role"]},
        )
        return Principal(
            user_id=uuid.UUID(claims["sub"]),
            tenant_id=uuid.UUID(claims["tid"]),
            role=UserRole(claims["role"]),
        )
    except (jwt.PyJWTError, ValueError, KeyError) as error:
        raise InvalidToken(str(error)) from error
