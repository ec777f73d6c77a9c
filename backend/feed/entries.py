"""Reading the change log after a position, never past a change that may still be joined.

On PostgreSQL an entry carries its writer's transaction id. Only entries below the
readable bound (backend.feed.bound: no transaction of this database below it is still
running) are read, in (txid, seq) order. So a transaction that began early and commits
late is read after it commits, and still after any cursor a client holds: a cursor only
ever advances past finished transactions. The bound and the rows come from one statement
so that they share a snapshot. On SQLite the single writer commits in ``seq`` order
(``txid`` = ``seq`` there), so every committed entry is readable at once.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import BigInteger, String, TextClause, Uuid, bindparam, text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.feed.bound import READABLE_BOUND
from backend.feed.cursor import Position
from backend.feed.epoch import STATE_ID

_AFTER = "tenant_id = :tenant_id AND (txid, seq) > (:txid, :seq)"

_EPOCH = "(SELECT epoch FROM server_states WHERE id = :state_id) AS epoch"

_PAGE_POSTGRESQL = f"""
    WITH bound AS MATERIALIZED ({READABLE_BOUND})
    SELECT {_EPOCH}, bound.xmin AS bound,
           page.entity_type, page.entity_id, page.txid, page.seq
    FROM bound LEFT JOIN LATERAL (
        SELECT entity_type, entity_id, txid, seq FROM change_log_entries
        WHERE {_AFTER} AND txid < bound.xmin
        ORDER BY txid, seq
        LIMIT :limit
    ) AS page ON true
    ORDER BY page.txid, page.seq
"""

_PAGE_SQLITE = f"""
    SELECT {_EPOCH}, NULL AS bound, page.entity_type, page.entity_id, page.txid, page.seq
    FROM (SELECT 1) AS here LEFT JOIN (
        SELECT entity_type, entity_id, txid, seq FROM change_log_entries
        WHERE {_AFTER}
        ORDER BY txid, seq
        LIMIT :limit
    ) AS page ON 1
    ORDER BY page.txid, page.seq
"""

_COUNT = f"SELECT count(*) FROM change_log_entries WHERE {_AFTER}"
_COUNT_BOUNDED = f"{_COUNT} AND txid < :bound"

_REACHED = """
    SELECT EXISTS (
        SELECT 1 FROM change_log_entries
        WHERE tenant_id = :tenant_id AND (txid, seq) >= (:txid, :seq)
    )
"""


def _statement(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("tenant_id", type_=Uuid))


_STATEMENTS = {
    name: _statement(sql)
    for name, sql in {
        "count": _COUNT,
        "count_bounded": _COUNT_BOUNDED,
        "reached": _REACHED,
    }.items()
}
_PAGES = {
    dialect: _statement(sql)
    .bindparams(bindparam("state_id", STATE_ID, type_=Uuid))
    .columns(
        epoch=String,
        bound=BigInteger,
        entity_type=String,
        entity_id=Uuid,
        txid=BigInteger,
        seq=BigInteger,
    )
    for dialect, sql in {"postgresql": _PAGE_POSTGRESQL, "sqlite": _PAGE_SQLITE}.items()
}


class Change(NamedTuple):
    entity_type: str
    entity_id: uuid.UUID
    txid: int
    seq: int

    @property
    def position(self) -> Position:
        return Position(self.txid, self.seq)


@dataclass(frozen=True)
class Entries:
    """The changes of a page and, from the same statement, where the log stands."""

    changes: Sequence[Change]
    epoch: str | None
    """The feed's epoch; None before its first use."""
    bound: int | None
    """Entries at or above this txid were not readable (None: no bound, on SQLite)."""


async def entries_after(
    connection: AsyncConnection, tenant_id: uuid.UUID, after: Position, limit: int
) -> Entries:
    """Up to ``limit`` readable changes after ``after``, in log order, and the epoch."""
    statement = _PAGES[connection.dialect.name]
    result = await connection.execute(
        statement, {"tenant_id": tenant_id, "txid": after.txid, "seq": after.seq, "limit": limit}
    )
    rows = result.all()
    # Unpacked as tuples: attribute access on a Row is slow enough to show in a page.
    changes = [
        Change(entity_type, entity_id, txid, seq)
        for _epoch, _bound, entity_type, entity_id, txid, seq in rows
        if entity_id is not None
    ]
    epoch, bound = rows[0][:2]
    return Entries(changes, epoch, bound)


async def count_after(
    connection: AsyncConnection, tenant_id: uuid.UUID, after: Position, bound: int | None
) -> int:
    """How many changes after ``after`` are readable under the same bound."""
    parameters = {"tenant_id": tenant_id, "txid": after.txid, "seq": after.seq}
    if bound is None:
        total = await connection.scalar(_STATEMENTS["count"], parameters)
    else:
        total = await connection.scalar(
            _STATEMENTS["count_bounded"], {**parameters, "bound": bound}
        )
    return int(total or 0)


async def log_reaches(connection: AsyncConnection, tenant_id: uuid.UUID, at: Position) -> bool:
    """Whether the tenant's log still reaches ``at``.

    A delivered position stays covered: its entry is never deleted and only moves
    forward. When nothing is at or after it, the log was rolled back (a restored
    backup) and the position means nothing any more.
    """
    parameters = {"tenant_id": tenant_id, "txid": at.txid, "seq": at.seq}
    return bool(await connection.scalar(_STATEMENTS["reached"], parameters))
