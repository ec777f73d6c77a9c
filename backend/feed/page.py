"""One page of a tenant's change feed: the changes after a cursor and their current rows.

Everything a page reads comes from one snapshot (REPEATABLE READ on PostgreSQL, the
single transaction on SQLite): the log entries, the epoch, the count and the rows. An
entry and its row are written together, so a record is its row as the transaction its
entry names left it. A page also carries the parents its records need (see
backend.feed.parents); those may be newer, and come again where their own entries fall.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from backend.feed.cursor import START, Cursor, Position
from backend.feed.entries import Change, count_after, entries_after, log_reaches
from backend.feed.epoch import ensure_epoch
from backend.feed.parents import bring_parents_forward
from backend.feed.rows import rows_by_id

_SNAPSHOT = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}


@dataclass
class FeedPage:
    epoch: str
    after: Position
    """The position the page starts after: the client's, or START on a resync."""
    resync: bool
    changes: Sequence[Change]
    has_next: bool
    total: int | None
    rows: dict[str, list[Any]] = field(default_factory=dict)
    """Per entity type, the current rows of the changed entities, in log order."""

    @property
    def end(self) -> Position:
        return self.changes[-1].position if self.changes else self.after


async def read_page(
    engine: AsyncEngine,
    tenant_id: uuid.UUID,
    after: Cursor | None,
    size: int,
    columns: Mapping[str, Sequence[str]],
    *,
    with_total: bool,
) -> FeedPage:
    """Up to ``size`` changes after ``after`` with the ``columns`` of their rows.

    A cursor of another epoch, or one past the end of the log, is answered from the
    start with ``resync`` set. ``with_total`` adds the count of readable changes after
    the cursor, which costs a scan of them, so it is only paid for when asked.
    """
    page = await _read_in_snapshot(engine, tenant_id, after, size, columns, with_total)
    if page is None:
        async with engine.begin() as connection:
            await ensure_epoch(connection)
        page = await _read_in_snapshot(engine, tenant_id, after, size, columns, with_total)
        assert page is not None
    return page


async def _read_in_snapshot(
    engine: AsyncEngine,
    tenant_id: uuid.UUID,
    after: Cursor | None,
    size: int,
    columns: Mapping[str, Sequence[str]],
    with_total: bool,
) -> FeedPage | None:
    async with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execution_options(**_SNAPSHOT)
        async with connection.begin():
            return await _read(connection, tenant_id, after, size, columns, with_total)


async def _read(
    connection: AsyncConnection,
    tenant_id: uuid.UUID,
    after: Cursor | None,
    size: int,
    columns: Mapping[str, Sequence[str]],
    with_total: bool,
) -> FeedPage | None:
    """The page, or None before the epoch exists.

    The entries (with the epoch) are the transaction's first statement, so the readable
    bound is worked out right as the snapshot is taken (see backend.feed.bound). In the
    rare case the cursor's epoch does not match, they are read again from the start.
    """
    position = START if after is None else after.position
    entries = await entries_after(connection, tenant_id, position, size + 1)
    epoch = entries.epoch
    if epoch is None:
        return None
    resync = after is not None and (
        after.epoch != epoch
        or (
            not entries.changes
            and position != START
            and not await log_reaches(connection, tenant_id, position)
        )
    )
    if resync:
        position = START
        entries = await entries_after(connection, tenant_id, position, size + 1)
    changes = entries.changes[:size]
    total = (
        await count_after(connection, tenant_id, position, entries.bound) if with_total else None
    )
    page = FeedPage(epoch, position, resync, changes, len(entries.changes) > size, total)
    for entity_type, ids in _ids_by_type(changes).items():
        wanted = columns.get(entity_type)
        if wanted is not None:
            page.rows[entity_type] = await rows_by_id(
                connection, tenant_id, entity_type, ids, wanted
            )
    await bring_parents_forward(connection, tenant_id, page.rows, page.end, columns)
    return page


def _ids_by_type(changes: Sequence[Change]) -> dict[str, list[uuid.UUID]]:
    grouped: dict[str, list[uuid.UUID]] = {}
    for change in changes:
        grouped.setdefault(change.entity_type, []).append(change.entity_id)
    return grouped
