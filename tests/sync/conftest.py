"""Sync tests: real libraries against the real server, on SQLite and on PostgreSQL."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backend.conftest import backend, server
from tests.backend.harness import Harness
from tests.sync.world import World, open_world

__all__ = ["backend", "server"]

AUTHOR = "ada@north.example"
SECOND_AUTHOR = "grace@north.example"


@pytest.fixture
def world(backend: Harness, tmp_path: Path) -> Iterator[World]:
    backend.create_user(AUTHOR)
    backend.create_user(SECOND_AUTHOR)
    yield from open_world(backend, tmp_path)
