"""The window's sync and sign-in against the real server over loopback.

The server runs on SQLite only: these tests exercise the window, and the sync engine's
own tests (tests/sync) hold both databases to the protocol. The token store is a
MemoryTokenStore handed to ``install_sync_ui``; the keyring itself is tested against a
real Secret Service in tests/backend_client/test_token_store.py.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from backend_client.token_store import MemoryTokenStore
from local_db.library import Library
from tests.backend.conftest import backend
from tests.backend.harness import Harness, serve
from tests.studio.conftest import no_qt_leaks
from tests.studio_sync.helpers import AUTHOR, SECOND_AUTHOR, Studio, open_studio
from tests.sync.world import World, open_world

__all__ = ["backend", "no_qt_leaks"]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    data_dir = tmp_path_factory.mktemp("studio-sync-backend")
    with serve(f"sqlite+aiosqlite:///{data_dir / 'backend.sqlite3'}", data_dir) as harness:
        yield harness


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


@pytest.fixture
def studio(qtbot: QtBot, library: Library, store: MemoryTokenStore) -> Iterator[Studio]:
    yield from open_studio(qtbot, library, store)


@pytest.fixture
def world(backend: Harness, tmp_path: Path) -> Iterator[World]:
    """The server with two authors of one school, and other studios (no window) for Ada."""
    backend.create_user(AUTHOR)
    backend.create_user(SECOND_AUTHOR)
    yield from open_world(backend, tmp_path / "others")
