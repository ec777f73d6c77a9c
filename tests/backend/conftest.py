"""Every backend test runs against both databases the server supports, over real HTTP."""

from collections.abc import Iterator

import pytest

from tests.backend.harness import Harness, postgres_database, serve
from tests.backend.helpers import People


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    data_dir = tmp_path_factory.mktemp(f"backend-{request.param}")
    if request.param == "sqlite":
        with serve(f"sqlite+aiosqlite:///{data_dir / 'backend.sqlite3'}", data_dir) as harness:
            yield harness
    else:
        with postgres_database() as url, serve(url, data_dir) as harness:
            yield harness


@pytest.fixture
def backend(server: Harness) -> Iterator[Harness]:
    """The shared server, emptied after the test."""
    yield server
    server.reset()


@pytest.fixture
def people(backend: Harness) -> People:
    """Callers of every role in North School and two in South School (helpers.People)."""
    return People.of(backend)
