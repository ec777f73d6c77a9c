"""The feed's epoch: one random value per database lifetime, carried in every cursor.

Restoring a backup rolls the change log back, yet a client's cursor still points at
where the old log ended; the positions would then mean different changes. The operator
who restores renews the epoch (``renew_epoch``), every older cursor stops matching, and
those clients are told to resync instead of silently missing what the restore undid.
"""

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.db.models import Base, ServerState

STATE_ID = uuid.UUID(int=1)
_TABLE = Base.metadata.tables[ServerState.__tablename__]


def _new_epoch() -> str:
    return secrets.token_hex(8)


async def _read_epoch(connection: AsyncConnection) -> str | None:
    """The current epoch, or None before the first use."""
    epoch: str | None = await connection.scalar(
        select(_TABLE.c.epoch).where(_TABLE.c.id == STATE_ID)
    )
    return epoch


async def ensure_epoch(connection: AsyncConnection) -> str:
    """The current epoch, created on first use; concurrent first uses agree on one value."""
    now = datetime.now(UTC)
    values = {"id": STATE_ID, "epoch": _new_epoch(), "created_at": now, "updated_at": now}
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    await connection.execute(dialect.insert(_TABLE).values(values).on_conflict_do_nothing())
    epoch = await _read_epoch(connection)
    assert epoch is not None
    return epoch


async def renew_epoch(session: AsyncSession) -> str:
    """Start a new epoch after restoring a backup: every client resyncs on its next pull."""
    connection = await session.connection()
    await ensure_epoch(connection)
    epoch = _new_epoch()
    await connection.execute(
        update(_TABLE)
        .where(_TABLE.c.id == STATE_ID)
        .values(epoch=epoch, updated_at=datetime.now(UTC))
    )
    return epoch
