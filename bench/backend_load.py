"""Clients for the backend benchmark: paging over HTTP, and the raw-SQL floor.

Each of C clients pages through its own slice of the data (starting at a cursor that
the slice before it ends at), so 1 and 8 clients read the same records once in total.
The floor reads the same pages with asyncpg and the same statements, minus everything
the server adds (HTTP, GraphQL, the ORM), and serializes them with json.dumps.
"""

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx

Fetch = Callable[[str | None], Awaitable[tuple[int, str | None]]]
"""Fetch one page after a cursor: (records in it, the next page's cursor)."""


@dataclass
class Run:
    records: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def run_clients(
    make_fetch: Callable[[int], Fetch], starts: Sequence[str | None], pages: Sequence[int]
) -> Run:
    """One client per start cursor, each fetching its number of pages; timed together."""
    run = Run()

    async def client(index: int) -> None:
        fetch, cursor = make_fetch(index), starts[index]
        for _ in range(pages[index]):
            began = time.perf_counter()
            count, cursor = await fetch(cursor)
            run.latencies.append(time.perf_counter() - began)
            run.records += count
            if cursor is None:
                return

    began = time.perf_counter()
    await asyncio.gather(*(client(index) for index in range(len(starts))))
    run.seconds = time.perf_counter() - began
    return run


def graphql_fetch(
    http: httpx.AsyncClient,
    token: str,
    query: str,
    count: Callable[[dict[str, Any]], int],
    *,
    total_every_page: bool = False,
) -> Fetch:
    """Pages of ``query``; ``$withTotal`` is true on a client's first page only, as a
    sync client asks for the feed's totalCount (unless ``total_every_page``)."""
    headers = {"Authorization": f"Bearer {token}"}
    calls = 0

    async def fetch(after: str | None) -> tuple[int, str | None]:
        nonlocal calls
        variables = {"after": after, "withTotal": total_every_page or calls == 0}
        calls += 1
        response = await http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        response.raise_for_status()
        body = response.json()
        assert "errors" not in body, body["errors"]
        (connection,) = body["data"].values()
        info = connection["pageInfo"]
        return count(connection), info["endCursor"] if info["hasNextPage"] else None

    return fetch


async def decode_json_documents(connection: asyncpg.Connection) -> None:
    """Parse JSONB into Python values, as the server does, so both emit the same JSON."""
    await connection.set_type_codec(
        "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
    )


def lesson_floor_fetch(pool: asyncpg.Pool, tenant_id: Any, size: int) -> Callable[[Any], Any]:
    """Keyset pages of lessons as the list reads them, serialized with json.dumps."""

    async def fetch(after: Any) -> tuple[int, Any]:
        async with pool.acquire() as connection:
            rows = await connection.fetch(LESSON_PAGE, tenant_id, after, size + 1)
        json.dumps([dict(row) for row in rows[:size]], default=str)
        return min(size, len(rows)), rows[size - 1]["id"] if len(rows) > size else None

    return fetch


def feed_floor_fetch(pool: asyncpg.Pool, tenant_id: Any, size: int) -> Callable[[Any], Any]:
    """Change log pages and their rows, one query per type, serialized with json.dumps."""

    async def fetch(after: Any) -> tuple[int, Any]:
        txid, seq = after or (0, 0)
        async with (
            pool.acquire() as connection,
            connection.transaction(isolation="repeatable_read"),
        ):
            entries = await connection.fetch(FEED_PAGE, tenant_id, txid, seq, size + 1)
            page = entries[:size]
            records: dict[str, list[dict[str, Any]]] = {}
            for entity_type, statement in ROWS.items():
                ids = [entry["entity_id"] for entry in page if entry["entity_type"] == entity_type]
                if ids:
                    rows = await connection.fetch(statement, tenant_id, ids)
                    records[entity_type] = [dict(row) for row in rows]
        json.dumps(records, default=str)
        if len(entries) <= size:
            return len(page), None
        return len(page), (page[-1]["txid"], page[-1]["seq"])

    return fetch


LESSON_COLUMNS = (
    "id, topic_id, user_id, title, content, position, published, version,"
    " created_at, updated_at, deleted_at"
)
EXERCISE_COLUMNS = (
    "id, lesson_id, user_id, type, difficulty, prompt, answer, explanation, points, position,"
    " version, created_at, updated_at, deleted_at"
)
LESSON_PAGE = f"""
    SELECT {LESSON_COLUMNS} FROM lessons
    WHERE tenant_id = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id > $2)
    ORDER BY id LIMIT $3
"""
FEED_PAGE = """
    SELECT entity_type, entity_id, txid, seq FROM change_log_entries
    WHERE tenant_id = $1 AND (txid, seq) > ($2, $3)
      AND txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
    ORDER BY txid, seq LIMIT $4
"""
ROWS = {
    "lesson": f"SELECT {LESSON_COLUMNS} FROM lessons WHERE tenant_id = $1 AND id = ANY($2)",
    "exercise": f"SELECT {EXERCISE_COLUMNS} FROM exercises WHERE tenant_id = $1 AND id = ANY($2)",
    "user": "SELECT id, email, display_name, role, tenant_id, version, created_at, updated_at,"
    " deleted_at FROM users WHERE tenant_id = $1 AND id = ANY($2)",
}
