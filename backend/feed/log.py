"""Writing the change log: each write moves its row's single entry to the end.

On PostgreSQL the entry records the writing transaction's id (``pg_current_xact_id``)
and a sequence number; readers only go up to the oldest transaction still running, so a
transaction that began early and commits late is still read after the cursor. On SQLite
the single writer commits in sequence order, so the sequence alone is the commit order.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_POSTGRESQL = text(
    """
    INSERT INTO change_log_entries
        (id, tenant_id, entity_type, entity_id, txid, seq, created_at, updated_at)
    VALUES (gen_random_uuid(), :tenant_id, :entity_type, :entity_id,
            pg_current_xact_id()::text::bigint, nextval('change_log_seq'), now(), now())
    ON CONFLICT (entity_id) DO UPDATE
        SET txid = excluded.txid, seq = excluded.seq, updated_at = excluded.updated_at
    """
)

_SQLITE = text(
    """
    INSERT INTO change_log_entries
        (id, tenant_id, entity_type, entity_id, txid, seq, created_at, updated_at)
    SELECT :id, :tenant_id, :entity_type, :entity_id, next_seq, next_seq,
           :now, :now
    FROM (SELECT coalesce(max(seq), 0) + 1 AS next_seq FROM change_log_entries)
    WHERE true
    ON CONFLICT (entity_id) DO UPDATE
        SET txid = excluded.txid, seq = excluded.seq, updated_at = excluded.updated_at
    """
)


async def record_change(
    session: AsyncSession, *, tenant_id: uuid.UUID, entity_type: str, entity_id: uuid.UUID
) -> None:
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            _POSTGRESQL,
            {"tenant_id": tenant_id, "entity_type": entity_type, "entity_id": entity_id},
        )
        return
    await session.execute(
        _SQLITE,
        {
            "id": uuid.uuid4().hex,
            "tenant_id": tenant_id.hex,
            "entity_type": entity_type,
            "entity_id": entity_id.hex,
            "now": datetime.now(UTC).replace(tzinfo=None).isoformat(" "),
        },
    )
