"""A real server for tests: uvicorn on a loopback port, on SQLite or on PostgreSQL.

Tests speak HTTP to it like any client. Setup that has no API (tenants, first users)
runs as coroutines on the server's own event loop, through the same session factory.
"""

import asyncio
import socket
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import uvicorn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.app import create_app
from backend.auth.throttle import LoginThrottle
from backend.config import Limits, Settings
from backend.db.migrate import migrate
from backend.db.models import Base, User, UserRole
from backend.domain.accounts import create_account
from backend.runtime import Runtime

POSTGRES_ADMIN_DSN = "postgresql://postgres:postgres@127.0.0.1:5432/postgres"
PASSWORD = "correct horse battery"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh database on the local PostgreSQL 15, dropped afterwards."""
    name = f"content_test_{uuid.uuid4().hex[:10]}"

    async def admin(statement: str) -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN_DSN)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except OSError as error:
        raise RuntimeError(
            "PostgreSQL is not reachable on 127.0.0.1:5432; scripts/test starts it"
        ) from error
    try:
        yield f"postgresql+asyncpg://postgres:postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class Harness:
    base_url: str
    runtime: Runtime
    loop: asyncio.AbstractEventLoop

    def run(self, make: Callable[[], Awaitable[T]]) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(_call(make), self.loop)
        return future.result(timeout=60)

    def in_session(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        async def inside() -> T:
            async with self.runtime.sessions() as session, session.begin():
                return await work(session)

        return self.run(inside)

    def create_user(
        self, email: str, role: UserRole = UserRole.AUTHOR, tenant: str = "North School"
    ) -> User:
        return self.in_session(
            lambda session: create_account(
                session, email=email, role=role, tenant_name=tenant, password=PASSWORD
            )
        )

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        with self.client() as client:
            response = client.post(
                "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def login(self, email: str, password: str = PASSWORD) -> str:
        body = self.graphql(
            "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p})"
            " { accessToken errors { code message } } }",
            {"e": email, "p": password},
        )
        payload = body["data"]["login"]
        assert payload["errors"] is None, payload
        token: str = payload["accessToken"]
        return token

    def reset(self) -> None:
        """Empty every table and forget login failures, between tests."""
        tables = [table.name for table in reversed(Base.metadata.sorted_tables)]

        async def wipe(session: AsyncSession) -> None:
            if session.get_bind().dialect.name == "postgresql":
                await session.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
            else:
                for table in tables:
                    await session.execute(text(f"DELETE FROM {table}"))

        self.in_session(wipe)
        limits = self.runtime.settings.limits
        self.runtime.login_throttle = LoginThrottle(
            limits.login_attempts_per_window, limits.login_window_seconds
        )


async def _call(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


@contextmanager
def serve(
    database_url: str, data_dir: Path, *, limits: Limits | None = None, migrate_first: bool = True
) -> Iterator[Harness]:
    """A server on ``database_url``; ``limits`` lowers limits for a test, ``migrate_first=False``
    skips migrating (for a database that is meant to be unreachable)."""
    settings = Settings(
        database_url=database_url, secret="s" * 48, data_dir=data_dir, limits=limits or Limits()
    )
    app = create_app(settings)
    runtime: Runtime = app.state.runtime
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    loop = asyncio.new_event_loop()
    migrated = threading.Event()

    def main() -> None:
        asyncio.set_event_loop(loop)
        if migrate_first:
            loop.run_until_complete(migrate(runtime.engine))
        migrated.set()
        loop.run_until_complete(server.serve())

    thread = threading.Thread(target=main, name="test-server", daemon=True)
    thread.start()
    migrated.wait(timeout=120)
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test server did not start")
        threading.Event().wait(0.02)
    try:
        yield Harness(f"http://127.0.0.1:{port}", runtime, loop)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        loop.close()
