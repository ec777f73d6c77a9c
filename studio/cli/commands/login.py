"""``content-studio login``: sign in to a server and remember it for this library.

The password is never an argument (it would land in the shell's history and in ``ps``):
it is asked for on a terminal, or read as one line from standard input for scripts.
Every option is checked before the password is asked for or the library is touched.
"""

import argparse
import getpass
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from backend_client.errors import ClientError, InsecureServerError, PayloadError
from backend_client.server_address import BadServerAddress, ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import open_token_store
from backend_client.transport import Connection
from local_db.sync.account import SignedInAccount, remember_account, signed_in_account
from studio.cli.commands.logout import report_unconfirmed, sign_out
from studio.cli.context import CommandContext

EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "login",
        help="sign in to a server; the library then syncs with it",
        description=(
            "Sign in to a Content Studio server. The password is asked for, or read as one "
            "line from standard input when that is not a terminal. The sign-in is kept in "
            "the system's keyring."
        ),
    )
    parser.add_argument(
        "--server",
        required=True,
        metavar="URL",
        help="the server, e.g. https://content.example.org",
    )
    parser.add_argument("--email", required=True, metavar="EMAIL", help="your account's email")
    parser.add_argument(
        "--ca-bundle",
        type=Path,
        metavar="PATH",
        help="PEM file of the certificate authorities to trust for this server (a private CA)",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow http:// to another computer, sending the password unencrypted",
    )
    parser.set_defaults(run=run, usage_error=parser.error)


def run(args: argparse.Namespace, context: CommandContext) -> int:
    try:
        address = ServerAddress.parse(args.server, allow_insecure_http=args.allow_insecure_http)
    except BadServerAddress as error:
        _usage(args, f"argument --server: {error.reason}")
    email = args.email.strip()
    if not EMAIL.fullmatch(email):
        _usage(args, f"argument --email: {args.email!r} is not an email address")
    ca_bundle = None if args.ca_bundle is None else args.ca_bundle.expanduser().resolve()
    try:
        connection = Connection(address, ca_bundle=ca_bundle)
    except InsecureServerError as error:
        _usage(args, f"argument --ca-bundle: {error}")
    with connection:
        password = _password(email)
        if not password:
            _usage(args, "no password given")
        return _sign_in(
            args, context, AuthSession(address, open_token_store(), connection), email, password
        )


def _sign_in(
    args: argparse.Namespace,
    context: CommandContext,
    session: AuthSession,
    email: str,
    password: str,
) -> int:
    address = session.address
    with context.open_library() as library:
        try:
            user = session.sign_in(email, password)
        except PayloadError as refusal:
            print(f"content-studio: sign-in refused: {refusal.message}", file=sys.stderr)
            return 1
        except ClientError as error:
            print(f"content-studio: cannot sign in to {address}: {error}", file=sys.stderr)
            return 1
        previous = signed_in_account(library)
        remember_account(
            library,
            SignedInAccount(
                address.url, user.email, session.connection.ca_bundle, args.allow_insecure_http
            ),
        )
    print(f"Signed in to {address} as {user.email} ({user.role}).")
    if previous is not None and (previous.server_url, previous.email) != (address.url, user.email):
        _replace(previous, session)
    if not session.store.persistent and session.store.notice:
        print(f"content-studio: note: {session.store.notice}", file=sys.stderr)
    return 0


def _replace(previous: SignedInAccount, session: AuthSession) -> None:
    """One sign-in per library: the one this login replaces ends too."""
    try:
        outcome = sign_out(previous, session.store)
    except ClientError as error:
        print(f"content-studio: cannot sign out of {previous.server_url}: {error}", file=sys.stderr)
        return
    print(f"Signed out of {previous.server_url} ({previous.email}).")
    report_unconfirmed(outcome)


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """argparse's own usage error: the command's usage, the message, exit status 2."""
    args.usage_error(message)
    raise AssertionError("argparse's error() exits")


def _password(email: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"Password for {email}: ")
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
