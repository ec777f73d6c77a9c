"""Alembic environment for the server database.

Run by ``content-backend migrate`` (and by ``serve`` on the SQLite default) through
backend.db.migrate, which passes a ready sync connection; the alembic CLI on
backend/alembic.ini gets an engine on $DATABASE_URL instead.
"""

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from backend.db.engine import create_engine
from backend.db.models import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(run)
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    asyncio.run(run_with_own_engine(os.environ["DATABASE_URL"]))
