"""Parents brought forward, so every page satisfies its foreign keys on its own.

Each write moves its row's entry to the end of the log, so a topic renamed after its
lessons were written now stands after them, and a transaction that took its id before
another could still read and reference that other's new row. A client applies each page
in one transaction with foreign keys on; so a page also carries every row its records
reference whose entry lies beyond the page (transitively: a lesson's topic, that topic's
subject). Such a parent comes again in its own place later; its version tells the client
it has it already. What the log places before the page was in earlier pages.
"""

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db import models
from backend.feed.cursor import Position
from backend.feed.rows import REFERENCES, id_in, rows_by_id

LOG = models.Base.metadata.tables[models.ChangeLogEntry.__tablename__]


async def bring_parents_forward(
    connection: AsyncConnection,
    tenant_id: uuid.UUID,
    rows: dict[str, list[Any]],
    end: Position,
    columns: Mapping[str, Sequence[str]],
) -> None:
    """Add to ``rows`` the referenced rows whose entries lie after ``end``."""
    present = {row.id for found in rows.values() for row in found}
    added = rows
    while referenced := _references(added) - present:
        later = await _after(connection, tenant_id, referenced, end)
        present |= referenced
        added = {}
        for entity_type, ids in later.items():
            wanted = columns.get(entity_type)
            if wanted is not None:
                found = await rows_by_id(connection, tenant_id, entity_type, ids, wanted)
                rows.setdefault(entity_type, []).extend(found)
                added[entity_type] = found


def _references(rows: Mapping[str, list[Any]]) -> set[uuid.UUID]:
    return {
        value
        for entity_type, entity_rows in rows.items()
        for column, _parent in REFERENCES[entity_type]
        for row in entity_rows
        if (value := getattr(row, column)) is not None
    }


async def _after(
    connection: AsyncConnection, tenant_id: uuid.UUID, ids: set[uuid.UUID], end: Position
) -> dict[str, list[uuid.UUID]]:
    """Of ``ids``, those whose entry lies after ``end``, by entity type.

    The positions are compared here rather than in SQL: PostgreSQL estimates a row
    comparison as matching almost nothing and would then scan the tenant's whole log
    instead of looking the few ids up.
    """
    query = select(LOG.c.entity_type, LOG.c.entity_id, LOG.c.txid, LOG.c.seq).where(
        LOG.c.tenant_id == tenant_id, id_in(connection, LOG.c.entity_id, ids)
    )
    later: dict[str, list[uuid.UUID]] = {}
    for entity_type, entity_id, txid, seq in await connection.execute(query):
        if Position(txid, seq) > end:
            later.setdefault(entity_type, []).append(entity_id)
    return later
