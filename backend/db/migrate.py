"""Bring the server database to the current schema (``content-backend migrate``)."""

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.migrations import MIGRATIONS_DIR


class BrokenForeignKeys(RuntimeError):
    """The upgrade left rows pointing at rows that do not exist; nothing was committed."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise BrokenForeignKeys(f"the upgrade broke foreign keys: {broken[:5]}")


async def migrate(engine: AsyncEngine) -> None:
    """Upgrade in one transaction.

    On SQLite, batch mode rebuilds a table by copying it and dropping the original, which
    SQLite refuses while other tables' rows reference it and foreign keys are on; and the
    pragma cannot change inside a transaction. So there the upgrade turns them off on one
    of the caller's own connections before it begins, checks every key itself before it
    commits, and puts the pragma back. The caller's connection, not a second engine from
    the URL: an in-memory database exists only on the connection that made it, so a
    second engine would migrate a fresh, empty database and throw it away.
    """
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
        return
    async with engine.connect() as connection:
        await connection.run_sync(_upgrade_without_foreign_keys)


def _upgrade_without_foreign_keys(connection: Connection) -> None:
    # The DB-API connection, not ``connection.exec_driver_sql``: that would begin the
    # transaction first (the engine begins with BEGIN IMMEDIATE), and inside one SQLite
    # ignores the pragma.
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys")
        enforced = (cursor.fetchone() or (1,))[0]
        cursor.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                _upgrade(connection)
        finally:
            cursor.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")
    finally:
        cursor.close()
