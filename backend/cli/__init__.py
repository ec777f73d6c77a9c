"""``content-backend``: the operator's command line.

Bad arguments are argparse errors that name the option (exit 2); a refusal from the
domain or the database is one line on stderr (exit 1). Passwords are read from stdin,
never from argv, where other users of the machine could see them.
"""

import argparse
import re
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from backend.auth.api_keys import is_source_name
from backend.cli import accounts, exports, server
from backend.cli.errors import CommandError
from backend.config import ConfigError
from backend.db.models import UserRole
from backend.domain.accounts import AccountError
from backend.domain.validation import EMAIL

PROG = "content-backend"


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (1-65535)")
    return int(value)


def _email(value: str) -> str:
    if not EMAIL.match(value.strip().lower()):
        raise argparse.ArgumentTypeError(f"{value!r} is not an email address")
    return value


def _source(value: str) -> str:
    if not is_source_name(value):
        raise argparse.ArgumentTypeError(f"{value!r} must match [a-z0-9-]{{1,64}}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run and administer the Content Studio backend. The database is "
        "$DATABASE_URL, else an SQLite file in $CONTENT_BACKEND_DATA (or the user data folder).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", help="run the server (migrates the SQLite default)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on")
    serve.set_defaults(run=server.serve)

    commands.add_parser("migrate", help="bring the database to the current schema").set_defaults(
        run=server.migrate_database
    )

    user = commands.add_parser("create-user", help="create a user; the password comes on stdin")
    user.add_argument("--email", required=True, type=_email)
    user.add_argument("--role", required=True, choices=[role.value for role in UserRole])
    user.add_argument("--tenant", required=True, help="tenant name, created on first use")
    user.add_argument("--name", default="", help="display name")
    user.set_defaults(run=accounts.create_user)

    key = commands.add_parser("create-api-key", help="issue a webhook API key (shown once)")
    key.add_argument("--source", required=True, type=_source, help="webhook source name")
    key.set_defaults(run=accounts.create_api_key)

    for name, run, what in exports.COMMANDS:
        commands.add_parser(name, help=f"print {what}").set_defaults(run=run)

    commands.add_parser(
        "renew-epoch", help="after restoring a backup: make every client resync"
    ).set_defaults(run=server.renew_feed_epoch)
    return parser


def _database_problem(error: SQLAlchemyError) -> str:
    first_line = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    if re.search(r"no such table|relation .* does not exist", first_line):
        return f"database: {first_line} (run `{PROG} migrate` first)"
    return f"database: {first_line}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        exit_code: int = args.run(args)
    except (AccountError, CommandError, ConfigError) as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(f"{PROG}: {_database_problem(error)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return exit_code
