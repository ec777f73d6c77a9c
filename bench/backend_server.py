"""The backend under benchmark: a scratch PostgreSQL database and uvicorn in its own process.

The server runs in a child process so that it has a core and an event loop of its own,
as in production, and the load generator does not share its GIL.
"""

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import httpx
from starlette.applications import Starlette

from backend.app import create_app
from backend.config import DATA_DIR_ENV, DATABASE_ENV, SECRET_ENV, load_settings

ADMIN_DSN = "postgresql://postgres:postgres@127.0.0.1:5432/postgres"


def app() -> Starlette:
    """The uvicorn factory: settings from the environment, as ``content-backend serve``."""
    return create_app(load_settings())


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(ADMIN_DSN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def scratch_database() -> Iterator[str]:
    """A new database on the local PostgreSQL (asyncpg DSN), dropped afterwards."""
    name = f"content_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres:postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def running_server(dsn: str, data_dir: Path, port: int) -> Iterator[str]:
    """uvicorn serving the app on loopback; yields its base URL once /health answers."""
    env = {
        **os.environ,
        DATABASE_ENV: dsn.replace("postgresql://", "postgresql+asyncpg://", 1),
        SECRET_ENV: "b" * 48,
        DATA_DIR_ENV: str(data_dir),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "bench.backend_server:app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base_url, process)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the benchmark server exited while starting")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the benchmark server did not answer /health within 60 s")
