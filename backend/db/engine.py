"""Async engines for PostgreSQL (asyncpg) and the SQLite default (aiosqlite).

SQLite gets the same treatment as the desktop library: WAL, foreign keys, busy timeout,
and BEGIN IMMEDIATE so concurrent requests queue for the single writer instead of failing
at lock upgrade. That single writer is also what lets the SQLite change feed number
commits with a plain sequence.
"""

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession


def create_engine(
    database_url: str, *, pool_size: int = 10, foreign_keys: bool = True
) -> AsyncEngine:
    """``foreign_keys=False`` only matters on SQLite, for migrations (see db.migrate)."""
    if database_url.startswith("sqlite"):
        engine = create_async_engine(database_url)
        _configure_sqlite(engine, foreign_keys=foreign_keys)
        return engine
    return create_async_engine(database_url, pool_size=pool_size, max_overflow=pool_size)


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
