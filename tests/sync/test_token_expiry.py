"""An access token that expires mid-sync refreshes and continues.

For these tests the server issues two-second access tokens (its runtime settings are
swapped for the test's duration; every request reads them), and each call to the server
is slowed a little, so that one sync of single-write batches and small feed pages
outlives its first token. Two clients: one whose clock runs fast, so it renews ahead of
expiry and is never refused, and one whose clock never moves, so it only learns from
the server refusing the token (an HTTP 401 for a query, an UNAUTHORIZED payload error
for a mutation). Refreshes are counted where they cannot be faked: the server's
refresh_tokens rows, one per sign-in and one per refresh.
"""

import dataclasses
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.models import RefreshToken, User
from backend_client.remote import GraphQLRemote
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from local_db.entities import EntityKind
from local_db.library import Library
from local_db.sync.engine import SyncEngine, SyncOutcome
from local_db.sync.remote import FeedPage, Record, Remote, RemoteWrite, UploadedFile, WriteResult
from tests.backend.harness import PASSWORD, Harness
from tests.local_db.factories import valid_values
from tests.sync.conftest import AUTHOR, SECOND_AUTHOR
from tests.sync.world import NO_WAIT, Studio, World

LIFETIME_SECONDS = 2
"""A token may die up to a second early: its expiry is stored in whole seconds."""
LATENCY_SECONDS = 0.06
LESSONS = 24
"""With a subject and a topic: 26 single-write pushes and 9+ feed pages of 3, over 2 s."""


class SlowRemote:
    """A remote on a slow network: every call waits before it goes."""

    def __init__(self, inner: Remote) -> None:
        self._inner = inner

    def account(self) -> Record:
        time.sleep(LATENCY_SECONDS)
        return self._inner.account()

    def pull(self, after: str | None, *, first: int, count: bool = False) -> FeedPage:
        time.sleep(LATENCY_SECONDS)
        return self._inner.pull(after, first=first, count=count)

    def push(self, writes: Sequence[RemoteWrite]) -> list[WriteResult]:
        time.sleep(LATENCY_SECONDS)
        return self._inner.push(writes)

    def upload(self, path: Path, content_type: str) -> UploadedFile:
        time.sleep(LATENCY_SECONDS)
        return self._inner.upload(path, content_type)


@pytest.fixture
def short_tokens(backend: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = dataclasses.replace(backend.runtime.settings, access_token_seconds=LIFETIME_SECONDS)
    monkeypatch.setattr(backend.runtime, "settings", settings)


def slow_studio(world: World, email: str, clock: Callable[[], float] = time.monotonic) -> Studio:
    """A studio like World.studio, with a chosen clock, a slow network, one write per
    batch and feed pages of three."""
    address = ServerAddress.parse(world.backend.base_url)
    connection = world.stack.enter_context(Connection(address))
    session = AuthSession(address, MemoryTokenStore(), connection, clock=clock)
    session.sign_in(email, PASSWORD)
    library = world.stack.enter_context(Library.open(world.directory / f"{uuid.uuid4()}.sqlite3"))
    remote = SlowRemote(GraphQLRemote(session))
    engine = SyncEngine(library, remote, address.url, retry=NO_WAIT, batch_size=1, page_size=3)
    return Studio(library, session, engine)


def write_curriculum(studio: Studio, lessons: int = LESSONS) -> int:
    """A subject, a topic and some lessons, offline; how many rows."""
    subject = studio.service.create(EntityKind.SUBJECT, valid_values(EntityKind.SUBJECT)).id
    topic = studio.service.create(EntityKind.TOPIC, valid_values(EntityKind.TOPIC, subject)).id
    for number in range(lessons):
        values = valid_values(EntityKind.LESSON, topic, title=f"Lesson {number}")
        studio.service.create(EntityKind.LESSON, values)
    return lessons + 2


def refreshes(backend: Harness, email: str) -> int:
    """Refresh tokens the server issued to this user beyond the one of signing in."""

    async def count(session: AsyncSession) -> int:
        issued = await session.scalar(
            select(func.count())
            .select_from(RefreshToken)
            .join(User, User.id == RefreshToken.user_id)
            .where(User.email == email)
        )
        return int(issued or 0) - 1

    return backend.in_session(count)


@pytest.mark.usefixtures("short_tokens")
def test_a_client_renews_ahead_of_expiry_without_being_refused(
    world: World, backend: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its clock runs four times fast, so it renews well before the (truncated) expiry:
    the server never has to refuse a token."""
    refused: list[str] = []
    renew_after_refusal = AuthSession._renew_after_refusal

    def spy(session: AuthSession, token: str) -> str:
        refused.append(token)
        return renew_after_refusal(session, token)

    monkeypatch.setattr(AuthSession, "_renew_after_refusal", spy)
    ada = slow_studio(world, AUTHOR, clock=lambda: 4 * time.monotonic())
    rows = write_curriculum(ada)
    started = time.monotonic()

    report = ada.sync()

    assert report.outcome is SyncOutcome.DONE, report.summary()
    assert time.monotonic() - started > LIFETIME_SECONDS
    assert report.push.pushed == rows and report.push.requests >= rows
    assert report.pull.pages >= rows // 3
    assert not ada.pending().changes
    assert not refused, f"{len(refused)} token(s) refused"
    assert refreshes(backend, AUTHOR) >= 2


@pytest.mark.usefixtures("short_tokens")
def test_a_client_that_misses_the_expiry_is_refused_refreshes_and_completes(
    world: World, backend: Harness
) -> None:
    """Its clock stands still, so it never renews ahead of time: every refresh it makes
    answers the server refusing an expired token."""
    ada = world.studio(AUTHOR)
    write_curriculum(ada, lessons=2)
    assert ada.sync().outcome is SyncOutcome.DONE
    grace = slow_studio(world, SECOND_AUTHOR, clock=lambda: 0.0)
    rows = write_curriculum(grace)

    report = grace.sync()

    assert report.outcome is SyncOutcome.DONE, report.summary()
    assert report.push.pushed == rows
    assert not grace.pending().changes
    assert refreshes(backend, SECOND_AUTHOR) >= 1
    assert ada.sync().outcome is SyncOutcome.DONE
    assert grace.snapshot() == ada.snapshot()
