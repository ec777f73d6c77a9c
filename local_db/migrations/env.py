"""Alembic environment for library files.

The studio hands a ready connection in ``config.attributes["connection"]`` (see
local_db.migrate); developers running the alembic CLI get an engine on the URL in
alembic.ini instead.
"""

from pathlib import Path

from alembic import context
from sqlalchemy.engine import Connection

from local_db.engine import create_library_engine
from local_db.models import Base
from local_db.search_schema import is_search_table

config = context.config


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Leave the full-text index's own tables to its hand-written migration."""
    return not (type_ == "table" and name is not None and is_search_table(name))


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or ""
    engine = create_library_engine(Path(url.removeprefix("sqlite:///")), foreign_keys=False)
    with engine.connect() as own_connection:
        run(own_connection)
        own_connection.commit()
    engine.dispose()


run_online()
