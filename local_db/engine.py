"""SQLAlchemy engines on a library file, with the pragmas every connection needs.

pysqlite's own transaction handling starts transactions lazily and never for DDL, which
would let a failed migration leave half its tables behind. We turn it off and emit BEGIN
ourselves (the recipe in SQLAlchemy's SQLite dialect docs). Write sessions ask for
BEGIN IMMEDIATE so a second writer waits on busy_timeout instead of failing on upgrade.
"""

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import Connection

BUSY_TIMEOUT_MS = 10_000
BEGIN_MODE_OPTION = "sqlite_begin"


def create_library_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    # URL.create, not an f-string URL: parsing would take "?" for a query string and
    # decode "%xx", opening a different file than the one the author picked.
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def configure_connection(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin_transaction(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock up front."""
    return engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
