"""The feed under concurrent writers: transactions that commit out of order are never skipped.

The writes go through the real write path (backend.domain.writes) on the server's own
event loop, holding their transactions open while others commit and while a client pages
through the feed over HTTP.
"""

import asyncio
import random
import uuid
from collections.abc import Callable
from concurrent import futures
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.domain import writes
from backend.domain.entities import ENTITIES
from tests.backend.feed_client import FeedClient, database_records, principal_of, records_of
from tests.backend.harness import Harness

AUTHOR = "author@north.example"


def _needs_mvcc(backend: Harness) -> None:
    if backend.runtime.settings.is_sqlite:
        pytest.skip("SQLite has a single writer: transactions cannot commit out of order")


async def _subject(session: AsyncSession, principal: Principal, slug: str) -> uuid.UUID:
    outcome = await writes.create(
        session, principal, ENTITIES["subject"], {"name": slug, "slug": slug}, None
    )
    assert outcome.row is not None and not outcome.problems, outcome.problems
    return outcome.row.id


@pytest.mark.parametrize("a_writes_first", [True, False])
def test_a_transaction_that_commits_after_a_later_one_is_not_skipped(
    backend: Harness, a_writes_first: bool
) -> None:
    """A begins (and maybe writes), B writes and commits, the client reads, then A commits."""
    _needs_mvcc(backend)
    user = backend.create_user(AUTHOR)
    principal = principal_of(user)
    client = FeedClient(backend, backend.login(AUTHOR))
    client.drain()

    async def begin_a() -> tuple[AsyncSession, uuid.UUID | None]:
        session = backend.runtime.sessions()
        await session.begin()
        return session, await _subject(session, principal, "a") if a_writes_first else None

    session_a, a_id = backend.run(begin_a)
    try:
        b_id = backend.in_session(lambda session: _subject(session, principal, "b"))
        if not a_writes_first:
            client.settle()
        while_open = client.drain()
        held_back = {record["id"] for page in while_open for record in records_of(page)}
        if a_writes_first:
            assert held_back == set(), "B must wait behind A, or the cursor would pass A"
        else:
            assert held_back == {str(b_id)}

        async def finish_a() -> uuid.UUID:
            row_id = a_id or await _subject(session_a, principal, "a")
            await session_a.commit()
            return row_id

        a_id = backend.run(finish_a)
    finally:
        backend.run(session_a.close)
    client.drain()
    delivered = [row_id for row_id, _version in client.deliveries]
    assert sorted(delivered) == sorted(map(str, [user.id, a_id, b_id]))


class Writer:
    """One client's stream of transactions over its own subjects and topics."""

    def __init__(self, backend: Harness, principal: Principal, name: str, seed: int) -> None:
        self.backend = backend
        self.principal = principal
        self.name = name
        self.rng = random.Random(seed)
        self.subjects: list[uuid.UUID] = []
        self.topics: list[uuid.UUID] = []
        self.created = 0

    async def run(self, transactions: int, pulls_seen: Callable[[], int]) -> None:
        """Transaction ``n`` waits until the reader has paged ``n`` times: reading and
        writing overlap however the machine schedules the two threads."""
        for number in range(transactions):
            while pulls_seen() < number:
                await asyncio.sleep(0.001)
            async with self.backend.runtime.sessions() as session, session.begin():
                for _ in range(self.rng.randint(1, 3)):
                    await self.write(session)
                    await asyncio.sleep(self.rng.uniform(0, 0.015))
            # A pause between transactions, or SQLite's busy handler can starve the reader.
            await asyncio.sleep(self.rng.uniform(0.005, 0.02))

    async def write(self, session: AsyncSession) -> None:
        choice = self.rng.random()
        if choice < 0.3 or not self.subjects:
            self.created += 1
            self.subjects.append(
                await _subject(session, self.principal, f"{self.name}-{self.created}")
            )
        elif choice < 0.55:
            values = {"subject_id": self.rng.choice(self.subjects), "name": "topic"}
            outcome = await writes.create(session, self.principal, ENTITIES["topic"], values, None)
            if outcome.row is not None:
                self.topics.append(outcome.row.id)
        elif choice < 0.85:
            entity, ids = (
                ("topic", self.topics)
                if self.topics and choice < 0.7
                else (
                    "subject",
                    self.subjects,
                )
            )
            changes = {"name": f"renamed {self.rng.random():.6f}"}
            await writes.update(
                session, self.principal, ENTITIES[entity], self.rng.choice(ids), changes, None
            )
        else:
            verb = writes.delete if self.rng.random() < 0.6 else writes.restore
            await verb(
                session, self.principal, ENTITIES["subject"], self.rng.choice(self.subjects), None
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_paging_while_writers_commit_out_of_order_misses_nothing(
    backend: Harness, seed: int
) -> None:
    user = backend.create_user(AUTHOR)
    principal = principal_of(user)
    client = FeedClient(backend, backend.login(AUTHOR))
    writers = [Writer(backend, principal, f"w{n}", seed * 100 + n) for n in range(6)]

    pulls = 0

    async def all_writers() -> None:
        await asyncio.gather(*(writer.run(12, lambda: pulls) for writer in writers))

    done = asyncio.run_coroutine_threadsafe(all_writers(), backend.loop)
    rng = random.Random(seed)
    try:
        while not done.done():
            client.pull(first=rng.randint(1, 8))
            pulls += 1
    finally:
        futures.wait([done], timeout=60)  # never leave writers running into the next test
    done.result()
    client.drain(first=5)
    expected: dict[str, Any] = database_records(backend, user.tenant_id)
    assert client.rows == expected
    assert pulls >= 11, "the writers' last transactions wait for the reader's pages"
