"""Seeding the sync benchmark: the backend benchmark's curriculum, plus its parents' log entries.

``bench.backend_seed`` logs only the lessons and exercises (all the feed benchmark reads),
so a client could not store its pages: every lesson references a topic the feed never
sends. Here the subject and the topics get their entries too, at a transaction id just
below the import's, as if an author had made them in an earlier transaction and then
imported the lessons: the feed then sends the user, the subject, the topics, and each
lesson followed by its exercises.
"""

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg  # type: ignore[import-untyped]

from bench.backend_seed import Seeded, seed

_PARENTS = """
    WITH import AS (
        SELECT min(txid) AS txid FROM change_log_entries
        WHERE tenant_id = $1 AND entity_type = 'lesson'
    ), parents AS (
        SELECT 'subject' AS entity_type, id, 0 AS rank, position FROM subjects
        WHERE tenant_id = $1
        UNION ALL
        SELECT 'topic', id, 1, position FROM topics WHERE tenant_id = $1
    )
    INSERT INTO change_log_entries
        (id, tenant_id, entity_type, entity_id, txid, seq, created_at, updated_at)
    SELECT gen_random_uuid(), $1, entity_type, id, (SELECT txid FROM import) - 1,
           nextval('change_log_seq'), now(), now()
    FROM (SELECT * FROM parents ORDER BY rank, position, id) AS ordered
"""


@dataclass(frozen=True)
class SyncSeed:
    """What the feed holds for the tenant: ``records`` is every row a client pulls."""

    tenant_id: uuid.UUID
    lessons: int
    exercises: int
    parents: int
    users: int

    @property
    def records(self) -> int:
        return self.lessons + self.exercises + self.parents + self.users


def seed_sync(databases: Sequence[tuple[str, int]]) -> list[SyncSeed]:
    """For each (DSN, records): about ``records`` lessons and exercises with their parents
    and admin, logged in the order an import would log them. One after the other:
    alembic's migration context is process-global."""

    async def each() -> list[SyncSeed]:
        return [await _seed(dsn, records) for dsn, records in databases]

    return asyncio.run(each())


async def _seed(dsn: str, records: int) -> SyncSeed:
    seeded: Seeded = await seed(dsn, records)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(_PARENTS, seeded.tenant_id)
        counts = await connection.fetchrow(
            """SELECT count(*) FILTER (WHERE entity_type IN ('subject', 'topic')) AS parents,
                      count(*) FILTER (WHERE entity_type = 'user') AS users
               FROM change_log_entries WHERE tenant_id = $1""",
            seeded.tenant_id,
        )
        await connection.execute("ANALYZE change_log_entries")
    finally:
        await connection.close()
    return SyncSeed(
        seeded.tenant_id, seeded.lessons, seeded.exercises, counts["parents"], counts["users"]
    )
