"""``content-studio logout``: end this library's sign-in, on the server and on this computer.

The token leaves this computer even when the server cannot be reached; the command then
says that the server did not confirm, since the sign-in stays valid there until it
expires.
"""

import argparse
import sys
from typing import Any

from backend_client.errors import ClientError, InsecureServerError
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession, SignedOut
from backend_client.token_store import TokenStore, open_token_store
from backend_client.transport import Connection
from local_db.sync.account import SignedInAccount, forget_account, signed_in_account
from studio.cli.context import CommandContext


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "logout",
        help="sign out of the server this library syncs with",
        description="Revoke the sign-in on the server and remove its token from this computer.",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    with context.open_library() as library:
        account = signed_in_account(library)
        if account is None:
            print("Not signed in.")
            return 0
        try:
            outcome = sign_out(account, open_token_store())
        except ClientError as error:
            print(f"content-studio: cannot sign out: {error}", file=sys.stderr)
            return 1
        forget_account(library)
    print(f"Signed out of {account.server_url} ({account.email}).")
    report_unconfirmed(outcome)
    return 0


def sign_out(account: SignedInAccount, store: TokenStore) -> SignedOut:
    """Revokes ``account``'s sign-in and deletes its token from ``store``."""
    try:
        address = ServerAddress.parse(
            account.server_url, allow_insecure_http=account.allow_insecure_http
        )
        connection = Connection(address, ca_bundle=account.ca_bundle)
    except InsecureServerError as error:
        store.delete(account.server_url, account.email)
        return SignedOut(account.email, revoked=False, problem=str(error))
    with connection:
        return AuthSession(address, store, connection).sign_out(account.email)


def report_unconfirmed(outcome: SignedOut) -> None:
    if not outcome.revoked:
        print(
            f"content-studio: warning: the server did not confirm that the sign-in ended "
            f"({outcome.problem}); its token was removed from this computer, and the "
            "sign-in expires on the server by itself.",
            file=sys.stderr,
        )
