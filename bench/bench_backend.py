"""Backend benchmark: lesson list pages and change-feed pages over HTTP, against their floor.

    .venv/bin/python -m bench.bench_backend [--records N] [--clients 1,8] [--out DIR]

Seeds a scratch PostgreSQL database with N lessons and exercises of one tenant, starts
the real server with uvicorn on loopback in its own process, and pages through
``lessons(first: 100)`` and ``changes(first: 500)`` with 1 and 8 concurrent httpx
clients; the feed once as a sync client asks (totalCount on its first page only) and
once with totalCount on every page. The floor reads the same pages with asyncpg and
serializes them with json.dumps. Each figure is the median of three passes. Prints a
Markdown table and writes the figures to DIR/backend-results.json.
"""

import argparse
import asyncio
import itertools
import json
import math
import socket
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]
import httpx

from backend.feed.cursor import Cursor, Position, encode_cursor
from backend.graphql import connections
from bench.backend_load import (
    Fetch,
    Run,
    decode_json_documents,
    feed_floor_fetch,
    graphql_fetch,
    lesson_floor_fetch,
    run_clients,
)
from bench.backend_seed import ADMIN_EMAIL, ADMIN_PASSWORD, Seeded, seed
from bench.backend_server import running_server, scratch_database

LESSON_PAGE = 100
FEED_PAGE = 500
REPEATS = 3
LESSONS = """query($after: String) { lessons(first: 100, after: $after) {
  edges { cursor node { id topicId userId title content position published version
    createdAt updatedAt deletedAt } }
  pageInfo { hasNextPage endCursor } totalCount } }"""
CHANGES = """query($after: String, $withTotal: Boolean!) { changes(first: 500, after: $after) {
  pageInfo { hasNextPage endCursor } totalCount @include(if: $withTotal) resync
  records { grades subjects topics lessons exercises tournaments tournamentParticipations
    matches users } } }"""
FEED_WORKLOADS = (
    (False, "Change feed, changes(first: 500)"),
    (True, "Change feed, totalCount on every page"),
)
LOGIN = """mutation($e: String!, $p: String!) {
  login(input: {email: $e, password: $p}) { accessToken errors { message } } }"""
T = TypeVar("T")


@dataclass
class Row:
    workload: str
    clients: int
    records: int
    per_second: float
    p50_ms: float
    p95_ms: float
    floor_per_second: float

    @property
    def ratio(self) -> float:
        return self.floor_per_second / self.per_second if self.per_second else math.inf


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_backend", description=__doc__)
    parser.add_argument("--records", type=int, default=100_000, help="lessons + exercises")
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON figures")
    args = parser.parse_args(argv)
    clients = [int(part) for part in args.clients.split(",")]
    with tempfile.TemporaryDirectory() as data_dir, scratch_database() as dsn:
        seeded = asyncio.run(seed(dsn, args.records))
        with running_server(dsn, Path(data_dir), _free_port()) as base_url:
            rows = asyncio.run(measure(base_url, dsn, seeded, clients))
    print(render(seeded, rows))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        figures = [{**asdict(row), "floor_over_api": row.ratio} for row in rows]
        (args.out / "backend-results.json").write_text(json.dumps(figures, indent=2))
    return 0


async def measure(base_url: str, dsn: str, seeded: Seeded, counts: list[int]) -> list[Row]:
    pool = await asyncpg.create_pool(
        dsn, min_size=1, max_size=max(counts), init=decode_json_documents
    )
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as http:
        token = await _login(http)
        https = [httpx.AsyncClient(base_url=base_url, timeout=120) for _ in range(max(counts))]
        try:
            lessons, feed = await _keys(pool, seeded, http, token)

            def feed_clients(every_page: bool) -> Callable[[int], Fetch]:
                return lambda i: graphql_fetch(
                    https[i], token, CHANGES, _records, total_every_page=every_page
                )

            rows = []
            for count in counts:
                starts, pages = _slices(lessons, count, LESSON_PAGE)
                api = await _measured(
                    lambda i: graphql_fetch(https[i], token, LESSONS, _edges),
                    [None if key is None else connections.encode_cursor(key) for key in starts],
                    pages,
                )
                floor = await _measured(
                    lambda _i: lesson_floor_fetch(pool, seeded.tenant_id, LESSON_PAGE),
                    starts,
                    pages,
                )
                rows.append(_row("Lesson list, lessons(first: 100)", count, api, floor))
                starts, pages = _slices(feed.positions, count, FEED_PAGE)
                cursors = [
                    None if at is None else encode_cursor(Cursor(feed.epoch, at)) for at in starts
                ]
                floor = await _measured(
                    lambda _i: feed_floor_fetch(pool, seeded.tenant_id, FEED_PAGE),
                    [None if at is None else (at.txid, at.seq) for at in starts],
                    pages,
                )
                for every_page, workload in FEED_WORKLOADS:
                    api = await _measured(feed_clients(every_page), cursors, pages)
                    rows.append(_row(workload, count, api, floor))
            return rows
        finally:
            for client in https:
                await client.aclose()
            await pool.close()


@dataclass(frozen=True)
class FeedKeys:
    epoch: str
    positions: list[Position]


async def _keys(
    pool: asyncpg.Pool, seeded: Seeded, http: httpx.AsyncClient, token: str
) -> tuple[list[Any], FeedKeys]:
    """Every lesson id in list order and every change position in feed order."""
    await graphql_fetch(http, token, CHANGES, _records)(None)  # creates the epoch
    async with pool.acquire() as connection:
        lessons = await connection.fetch(
            "SELECT id FROM lessons WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY id",
            seeded.tenant_id,
        )
        entries = await connection.fetch(
            "SELECT txid, seq FROM change_log_entries WHERE tenant_id = $1 ORDER BY txid, seq",
            seeded.tenant_id,
        )
        epoch = await connection.fetchval("SELECT epoch FROM server_states")
    positions = [Position(entry["txid"], entry["seq"]) for entry in entries]
    return [row["id"] for row in lessons], FeedKeys(epoch, positions)


def _slices(keys: Sequence[T], count: int, size: int) -> tuple[list[T | None], list[int]]:
    """For ``count`` clients: where each starts (after which key) and how many pages."""
    bounds = [len(keys) * index // count for index in range(count + 1)]
    starts = [keys[bound - 1] if bound else None for bound in bounds[:-1]]
    pages = [math.ceil((end - begin) / size) for begin, end in itertools.pairwise(bounds)]
    return starts, pages


async def _measured(
    make_fetch: Callable[[int], Fetch], starts: Sequence[Any], pages: Sequence[int]
) -> Run:
    """The median of REPEATS timed passes, after a short pass that warms the caches
    and prepared statements: a shared machine's noise moves single passes a lot."""
    await run_clients(make_fetch, starts[:1], [2])
    runs = [await run_clients(make_fetch, starts, pages) for _ in range(REPEATS)]
    return sorted(runs, key=lambda run: run.per_second)[REPEATS // 2]


def _row(workload: str, clients: int, api: Run, floor: Run) -> Row:
    return Row(
        workload, clients, api.records, api.per_second, api.percentile(0.5),
        api.percentile(0.95), floor.per_second,
    )  # fmt: skip


def _edges(connection: dict[str, Any]) -> int:
    return len(connection["edges"])


def _records(connection: dict[str, Any]) -> int:
    return sum(len(records) for records in connection["records"].values())


async def _login(http: httpx.AsyncClient) -> str:
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": {"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}}
    )
    token: str = response.json()["data"]["login"]["accessToken"]
    return token


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def render(seeded: Seeded, rows: list[Row]) -> str:
    lines = [
        f"Seeded: {seeded.lessons:,} lessons + {seeded.exercises:,} exercises, one tenant.",
        "",
        "| Workload | Clients | Records | Records/s | p50 page ms | p95 page ms "
        "| Floor records/s | Floor / API |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.workload} | {row.clients} | {row.records:,} | {row.per_second:,.0f} "
            f"| {row.p50_ms:.1f} | {row.p95_ms:.1f} | {row.floor_per_second:,.0f} "
            f"| {row.ratio:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
