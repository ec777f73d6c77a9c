"""Running work against the configured database from the command line.

The zero-setup default (DATABASE_URL unset: an SQLite file in the data folder) is
migrated by every command that opens it, so ``create-user`` then ``serve`` just works.
A configured database is migrated only by ``content-backend migrate``: on a shared
PostgreSQL, schema changes are the operator's deliberate step.
"""

import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from backend.config import DATABASE_ENV, Settings
from backend.db.engine import create_engine, session_factory
from backend.db.migrate import migrate

T = TypeVar("T")


def uses_default_database() -> bool:
    return not os.environ.get(DATABASE_ENV)


async def migrate_to_head(settings: Settings) -> None:
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


async def in_transaction(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """``work`` in one transaction, committed when it returns."""
    if uses_default_database():
        await migrate_to_head(settings)
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with session_factory(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()
