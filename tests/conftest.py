"""Fixtures shared by every test package: an isolated library on a temporary path."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from local_db.library import Library
from local_db.services import ContentService


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    with Library.open(library_path) as opened:
        yield opened


@pytest.fixture
def service(library: Library) -> ContentService:
    return ContentService(library)
