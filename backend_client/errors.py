"""One exception hierarchy for everything that can go wrong talking to the server.

Callers act on the class, not on a message: ``OfflineError`` and ``ServerError`` mean
"try again later" (both are local_db.sync's ``RemoteUnavailable``), ``SignInRequired``
means "ask the user to sign in" (``RemoteUnauthorized``), ``GraphQLRequestError`` is a
request the server refused as a whole, and ``PayloadError`` carries the ErrorCode and
field of a mutation's ``errors``.
"""

from local_db.sync.remote import RemoteUnauthorized, RemoteUnavailable


class ClientError(Exception):
    """Anything backend_client raises on purpose."""


class OfflineError(ClientError, RemoteUnavailable):
    """No answer: no network, the host is unreachable, the connection broke, a timeout."""


class ServerError(ClientError, RemoteUnavailable):
    """The server answered, but not usefully: a 5xx, or INTERNAL_ERROR."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class MalformedResponse(ServerError):
    """The answer does not fit the contract: not JSON, truncated, a wrong type or shape.

    ``path`` names where in the answer it went wrong (``data.login.expiresIn``).
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"the server's answer is malformed at {path}: {problem}")
        self.path = path
        self.problem = problem


class GraphQLRequestError(ClientError):
    """The server refused the whole request (a top-level error) with this ErrorCode."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class SignInRequired(GraphQLRequestError, RemoteUnauthorized):
    """No valid session: never signed in, signed out, or the refresh token was refused."""

    def __init__(self, message: str = "sign in to the server first") -> None:
        super().__init__(message, code="UNAUTHORIZED")


class PayloadError(ClientError):
    """A mutation answered with ``errors``: the first one's code, message and field."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.code = code
        self.message = message
        self.field = field


class InsecureServerError(ClientError):
    """The server URL would send credentials in the clear, or is not a URL at all."""


class CredentialStoreError(ClientError):
    """The system keyring failed while keeping a token: locked, or its service went away."""
