"""Bring the server database to the current schema (``content-backend migrate``)."""

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db.engine import create_engine
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
    pragma cannot change inside a transaction. So there the upgrade runs on its own
    connection without them and checks every key itself before it commits.
    """
    if engine.dialect.name != "sqlite":
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
        return
    unchecked = create_engine(engine.url.render_as_string(hide_password=False), foreign_keys=False)
    try:
        async with unchecked.begin() as connection:
            await connection.run_sync(_upgrade)
    finally:
        await unchecked.dispose()
