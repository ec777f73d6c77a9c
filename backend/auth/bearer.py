"""Reading the caller from the Authorization header."""

from starlette.requests import HTTPConnection

from backend.auth.access_tokens import InvalidToken, read_access_token
from backend.auth.principal import Principal


def bearer_principal(connection: HTTPConnection, secret: str) -> Principal | None:
    """The verified caller, None without a header; InvalidToken for a bad or expired one."""
    header = connection.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("the Authorization header must be 'Bearer <token>'")
    return read_access_token(token.strip(), secret)
