"""The synced tables, their references, and reading their rows by id for a feed page.

Rows are read with one query per entity type, as Core rows turned into named tuples: an
ORM object per row would cost more than the rest of the page, and the records are built
by reading attributes, which on a SQLAlchemy Row goes through a slow ``__getattr__``.
"""

import collections
import functools
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ARRAY, ColumnElement, Table, Uuid, any_, bindparam, column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db import models

SYNCED_MODELS: dict[str, type[models.SyncedRecord]] = {
    "grade": models.Grade,
    "subject": models.Subject,
    "topic": models.Topic,
    "lesson": models.Lesson,
    "exercise": models.Exercise,
    "tournament": models.Tournament,
    "tournament_participation": models.TournamentParticipation,
    "match": models.Match,
    "user": models.User,
}
TABLES: dict[str, Table] = {
    entity_type: models.Base.metadata.tables[model.__tablename__]
    for entity_type, model in SYNCED_MODELS.items()
}


def _references() -> dict[str, tuple[tuple[str, str], ...]]:
    """Per entity type, (column, entity type) of each foreign key to another synced row."""
    by_table = {table.name: entity_type for entity_type, table in TABLES.items()}
    return {
        entity_type: tuple(
            (key.parent.name, by_table[key.column.table.name])
            for key in table.foreign_keys
            if key.column.table.name in by_table
        )
        for entity_type, table in TABLES.items()
    }


REFERENCES = _references()


def id_in(connection: AsyncConnection, id_column: ColumnElement[Any], ids: Iterable[Any]) -> Any:
    """``id = ANY(:ids)`` on PostgreSQL, one prepared statement whatever the count;
    ``IN`` on SQLite."""
    values = list(ids)
    if connection.dialect.name == "postgresql":
        return id_column == any_(bindparam("ids", values, type_=ARRAY(Uuid)))
    return id_column.in_(values)


async def rows_by_id(
    connection: AsyncConnection,
    tenant_id: uuid.UUID,
    entity_type: str,
    ids: Sequence[uuid.UUID],
    columns: Sequence[str],
) -> list[Any]:
    """The rows with ``ids`` as named tuples of ``columns``, in the order of ``ids``.

    On PostgreSQL the columns are read untyped: asyncpg already returns UUIDs, aware UTC
    datetimes, enum labels and parsed JSON, which ``to_record`` turns into the same JSON
    as the typed values, and skipping SQLAlchemy's per-value processing halves the cost
    of a page's rows. SQLite stores UUIDs and datetimes as text, so there they stay typed.
    """
    table = TABLES[entity_type]
    selected: list[ColumnElement[Any]]
    if connection.dialect.name == "postgresql":
        selected = [column(name) for name in columns]
    else:
        selected = [table.c[name] for name in columns]
    query = (
        select(*selected)
        .select_from(table)
        .where(table.c.tenant_id == tenant_id, id_in(connection, table.c.id, ids))
    )
    make = _row_type(entity_type, tuple(columns))._make
    by_id = {row.id: row for row in map(make, await connection.execute(query))}
    return [by_id[row_id] for row_id in ids if row_id in by_id]


@functools.cache
def _row_type(entity_type: str, columns: tuple[str, ...]) -> Any:
    return collections.namedtuple(f"{entity_type}_row", columns)
