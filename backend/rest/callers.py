"""Who may call a REST endpoint: the bearer token's principal, with RFC 6750 refusals."""

from starlette.requests import Request

from backend.auth.access_tokens import InvalidToken
from backend.auth.bearer import bearer_principal
from backend.auth.principal import Principal
from backend.domain.problems import ErrorCode
from backend.rest.errors import RestError


def require_caller(request: Request, secret: str, *, author: bool = False) -> Principal:
    """The verified caller; 401 without a valid token, 403 when ``author`` and a STUDENT."""
    try:
        principal = bearer_principal(request, secret)
    except InvalidToken:
        raise RestError(
            401,
            ErrorCode.UNAUTHORIZED,
            "the access token is invalid or expired",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None
    if principal is None:
        raise RestError(
            401,
            ErrorCode.UNAUTHORIZED,
            "sign in first: send 'Authorization: Bearer <access token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if author and not principal.can_author:
        raise RestError(403, ErrorCode.FORBIDDEN, "only authors and admins may do this")
    return principal
