"""Studios syncing with one real server: each client is a library file, a signed-in
session over loopback HTTP and a sync engine, like the studio wires them."""

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from backend_client.remote import GraphQLRemote
from backend_client.server_address import ServerAddress
from backend_client.session import AuthSession
from backend_client.token_store import MemoryTokenStore
from backend_client.transport import Connection
from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.models import Synced
from local_db.services import ContentService
from local_db.sync.engine import SyncEngine, SyncReport
from local_db.sync.kinds import KINDS
from local_db.sync.pending import PendingReport, pending_report
from local_db.sync.retry import RetryPolicy
from local_db.sync.snapshot import row_values
from tests.backend.harness import PASSWORD, Harness

NO_WAIT = RetryPolicy(attempts=2, first_delay=0.0, sleep=lambda _seconds: None)


@dataclass
class Studio:
    library: Library
    session: AuthSession
    engine: SyncEngine

    @property
    def service(self) -> ContentService:
        return ContentService(self.library)

    def sync(self) -> SyncReport:
        return self.engine.sync()

    def pending(self) -> PendingReport:
        with self.library.read() as session:
            return pending_report(session)

    def values(self, kind: EntityKind, entity_id: uuid.UUID) -> dict[str, Any]:
        with self.library.read() as session:
            row = session.get(ENTITIES[kind].model, entity_id)
            assert row is not None, f"{kind} {entity_id} is missing"
            return row_values(KINDS[kind.value], row)

    def snapshot(self) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
        """Every synced row's merged fields, for comparing libraries."""
        found: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
        with self.library.read() as session:
            for kind in KINDS.values():
                rows: list[Synced] = list(session.scalars(select(kind.model)))
                for row in rows:
                    values = row_values(kind, row)
                    values["deleted"] = values.pop("deleted_at") is not None
                    found[kind.name, row.id] = values
        return found


@dataclass
class World:
    backend: Harness
    directory: Path
    stack: ExitStack = field(default_factory=ExitStack)

    def studio(self, email: str, *, name: str | None = None, **engine: Any) -> Studio:
        address = ServerAddress.parse(self.backend.base_url)
        connection = self.stack.enter_context(Connection(address))
        session = AuthSession(address, MemoryTokenStore(), connection)
        session.sign_in(email, PASSWORD)
        library = self.stack.enter_context(
            Library.open(self.directory / f"{name or uuid.uuid4().hex}.sqlite3")
        )
        options: dict[str, Any] = {"retry": NO_WAIT, **engine}
        sync = SyncEngine(library, GraphQLRemote(session), address.url, **options)
        return Studio(library, session, sync)


def open_world(backend: Harness, directory: Path) -> Iterator[World]:
    world = World(backend, directory)
    with world.stack:
        yield world
