"""Seeding the benchmark database: one tenant's curriculum, written in bulk with COPY.

The schema comes from the real migrations and the admin from the real account code; the
lessons and exercises go in with COPY, and their change log entries with one INSERT, in
the order an import would log them (each lesson followed by its exercises).
"""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import Table

from backend.db import models
from backend.db.engine import create_engine, session_factory
from backend.db.migrate import migrate
from backend.domain.accounts import create_account
from content_rules.answers import default_answer
from content_rules.ordering import initial_keys

ADMIN_EMAIL = "admin@bench.example"
ADMIN_PASSWORD = "benchmark password 1"
TOPICS = 50
EXERCISES_PER_LESSON = 3
WORDS = [
    "number",
    "fraction",
    "angle",
    "ratio",
    "graph",
    "prime",
    "vector",
    "area",
    "volume",
    "sum",
]

_CHANGE_LOG = """
    WITH ordered AS (
        SELECT tenant_id, entity_type, entity_id,
               row_number() OVER (ORDER BY lesson_id, rank, entity_id) AS n
        FROM (
            SELECT tenant_id, 'lesson' AS entity_type, id AS entity_id, id AS lesson_id,
                   0 AS rank
            FROM lessons
            UNION ALL
            SELECT tenant_id, 'exercise', id, lesson_id, 1 FROM exercises
        ) AS written
    )
    INSERT INTO change_log_entries
        (id, tenant_id, entity_type, entity_id, txid, seq, created_at, updated_at)
    SELECT gen_random_uuid(), tenant_id, entity_type, entity_id,
           pg_current_xact_id()::text::bigint, $1 + n, now(), now()
    FROM ordered
"""


@dataclass(frozen=True)
class Seeded:
    tenant_id: uuid.UUID
    lessons: int
    exercises: int


async def seed(dsn: str, records: int) -> Seeded:
    """About ``records`` lessons and exercises (one lesson per three exercises)."""
    tenant_id = await _schema_and_admin(dsn)
    lessons = max(1, records // (1 + EXERCISES_PER_LESSON))
    exercises = records - lessons
    connection = await asyncpg.connect(dsn)
    try:
        async with connection.transaction():
            await _curriculum(connection, tenant_id, lessons, exercises)
            base = await connection.fetchval("SELECT nextval('change_log_seq')")
            await connection.execute(_CHANGE_LOG, base)
            await connection.execute("SELECT setval('change_log_seq', $1)", base + records)
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()
    return Seeded(tenant_id, lessons, exercises)


async def _schema_and_admin(dsn: str) -> uuid.UUID:
    engine = create_engine(dsn.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        await migrate(engine)
        async with session_factory(engine)() as session, session.begin():
            admin = await create_account(
                session,
                email=ADMIN_EMAIL,
                role=models.UserRole.ADMIN,
                tenant_name="Bench School",
                password=ADMIN_PASSWORD,
            )
            return admin.tenant_id
    finally:
        await engine.dispose()


async def _curriculum(
    connection: asyncpg.Connection, tenant_id: uuid.UUID, lessons: int, exercises: int
) -> None:
    now = datetime.now(UTC)
    common = {"tenant_id": tenant_id, "version": 1, "created_at": now, "updated_at": now}
    common["deleted_at"] = None
    subject_id = uuid.uuid4()
    subject = {"id": subject_id, "name": "Maths", "slug": "maths", "icon": "", **common}
    await _copy(connection, models.Subject, [{**subject, "description": "", "position": "V"}])
    keys = list(initial_keys(max(TOPICS, lessons, EXERCISES_PER_LESSON)))
    topic_ids = [uuid.uuid4() for _ in range(TOPICS)]
    await _copy(
        connection,
        models.Topic,
        [
            {"id": topic_id, "subject_id": subject_id, "grade_id": None, "name": f"Topic {n}"}
            | {"description": "", "position": keys[n], **common}
            for n, topic_id in enumerate(topic_ids)
        ],
    )
    lesson_ids = [uuid.uuid4() for _ in range(lessons)]
    await _copy(
        connection,
        models.Lesson,
        [
            {"id": lesson_id, "topic_id": topic_ids[n % TOPICS], "user_id": None}
            | {"title": f"Lesson {n}: {_words(n, 4)}", "content": _words(n, 60)}
            | {"position": keys[n // TOPICS], "published": n % 2 == 0, **common}
            for n, lesson_id in enumerate(lesson_ids)
        ],
    )
    answer = json.dumps(default_answer("MULTIPLE_CHOICE"))
    await _copy(
        connection,
        models.Exercise,
        [
            {"id": uuid.uuid4(), "lesson_id": lesson_ids[n % lessons], "user_id": None}
            | {"type": "MULTIPLE_CHOICE", "difficulty": "MEDIUM", "answer": answer}
            | {"prompt": f"Which {_words(n, 12)}?", "explanation": _words(n + 1, 15)}
            | {"points": 1, "position": keys[(n // lessons) % len(keys)], **common}
            for n in range(exercises)
        ],
    )


def _words(seed: int, count: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(count))


async def _copy(
    connection: asyncpg.Connection, model: type[models.Record], rows: list[dict[str, Any]]
) -> None:
    table = model.__table__
    assert isinstance(table, Table)
    names = [column.name for column in table.columns]
    await connection.copy_records_to_table(
        table.name, records=[tuple(row[name] for name in names) for row in rows], columns=names
    )
