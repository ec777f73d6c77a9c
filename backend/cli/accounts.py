"""``create-user`` and ``create-api-key``."""

import argparse
import asyncio
import getpass
import sys

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.api_keys import issue_api_key
from backend.cli.database import in_transaction
from backend.cli.errors import CommandError
from backend.config import load_settings
from backend.db.models import User, UserRole
from backend.domain.accounts import create_account


def read_password() -> str:
    """Typed twice, unechoed, on a terminal; else the first line of stdin (for scripts)."""
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != password:
            raise CommandError("password: the two entries differ")
        return password
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


def create_user(args: argparse.Namespace) -> int:
    settings = load_settings()
    password = read_password()

    async def create(session: AsyncSession) -> User:
        return await create_account(
            session,
            email=args.email,
            role=UserRole(args.role),
            tenant_name=args.tenant,
            password=password,
            display_name=args.name,
        )

    user = asyncio.run(in_transaction(settings, create))
    print(f"created {user.role.value} {user.email} in tenant {args.tenant.strip()!r} ({user.id})")
    return 0


def create_api_key(args: argparse.Namespace) -> int:
    settings = load_settings()
    key = asyncio.run(in_transaction(settings, lambda session: issue_api_key(session, args.source)))
    print(key)
    print(
        f"API key for webhook source {args.source!r}: send it as X-Api-Key. "
        "Only its hash is stored; it cannot be shown again.",
        file=sys.stderr,
    )
    return 0
