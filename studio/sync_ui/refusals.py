"""Why a sign-in failed, put where the user can act on it: (form field or None, message).

The server answers a wrong email or password with UNAUTHORIZED and no field; the
password is what the user retypes, so that is where the message goes.
"""

from backend_client.errors import (
    ClientError,
    CredentialStoreError,
    InsecureServerError,
    MalformedResponse,
    OfflineError,
    PayloadError,
    ServerError,
)
from backend_client.server_address import ServerAddress

FORM_FIELDS = ("email", "password")


def explain(error: BaseException, address: ServerAddress) -> tuple[str | None, str]:
    if isinstance(error, PayloadError):
        if error.field in FORM_FIELDS:
            return error.field, error.message
        return ("password" if error.code == "UNAUTHORIZED" else None), error.message
    if isinstance(error, MalformedResponse):
        return "server", "this address does not answer like a Content Studio server"
    if isinstance(error, InsecureServerError):
        return "server", str(error)
    if isinstance(error, OfflineError):
        return None, (
            f"Cannot reach {address} ({error}). Check the address and your network; "
            "you can go on editing offline."
        )
    if isinstance(error, ServerError):
        return None, f"The server had a problem ({error}); try again in a moment."
    if isinstance(error, CredentialStoreError):
        return None, f"The system keyring could not keep your sign-in: {error}"
    if isinstance(error, ClientError):
        return None, str(error)
    return None, f"Sign-in failed unexpectedly: {error!r}"
