"""A studio's sync stack for the benchmark, wired as the studio wires it, with a stopwatch.

The benchmark times whole syncs; to say where a sync's time went it also needs the time
spent inside the remote (HTTP, the server, parsing and validating the answers) apart
from the engine's own local work. ``TimedRemote`` wraps the real ``GraphQLRemote`` and
adds up, per call, how many were made and how long they took, and when the first feed
request of a sync went out (which ends the push phase: the engine pushes, then pulls).
"""

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from backend_client.remote import GraphQLRemote
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from bench.backend_seed import ADMIN_EMAIL, ADMIN_PASSWORD
from local_db.library import Library
from local_db.sync.engine import SyncEngine
from local_db.sync.remote import FeedPage, Record, Remote, RemoteWrite, UploadedFile, WriteResult


@dataclass
class Calls:
    count: int = 0
    seconds: float = 0.0


@dataclass
class TimedRemote:
    """A ``Remote`` that times the one it wraps; ``reset`` before each measured sync."""

    inner: Remote
    calls: dict[str, Calls] = field(default_factory=dict)
    first_pull_at: float | None = None
    """perf_counter() when the first feed request since ``reset`` was sent."""
    first_pull_cpu: float | None = None
    """process_time() then."""

    def reset(self) -> None:
        self.calls = {name: Calls() for name in ("account", "pull", "push", "upload")}
        self.first_pull_at = self.first_pull_cpu = None

    def __post_init__(self) -> None:
        self.reset()

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            calls = self.calls[name]
            calls.count += 1
            calls.seconds += time.perf_counter() - began

    def account(self) -> Record:
        with self._timed("account"):
            return self.inner.account()

    def pull(self, after: str | None, *, first: int, count: bool = False) -> FeedPage:
        if self.first_pull_at is None:
            self.first_pull_at = time.perf_counter()
            self.first_pull_cpu = time.process_time()
        with self._timed("pull"):
            return self.inner.pull(after, first=first, count=count)

    def push(self, writes: Sequence[RemoteWrite]) -> list[WriteResult]:
        with self._timed("push"):
            return self.inner.push(writes)

    def upload(self, path: Path, content_type: str) -> UploadedFile:
        with self._timed("upload"):
            return self.inner.upload(path, content_type)


@dataclass
class SyncClient:
    library: Library
    remote: TimedRemote
    engine: SyncEngine
    plain_remote: GraphQLRemote
    """The same signed-in session without the stopwatch, for the floor."""


@contextmanager
def sync_client(base_url: str, library_path: Path) -> Iterator[SyncClient]:
    """A library file, a session signed in as the seeded admin, and an engine with the
    default retry policy, batch size (100) and page size (1,000), as the studio runs it."""
    address = ServerAddress.parse(base_url)
    with Connection(address) as connection, Library.open(library_path) as library:
        session = AuthSession(address, MemoryTokenStore(), connection)
        session.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        plain = GraphQLRemote(session)
        remote = TimedRemote(plain)
        yield SyncClient(library, remote, SyncEngine(library, remote, address.url), plain)
