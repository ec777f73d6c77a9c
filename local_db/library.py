"""An open library file: the one object the studio, the CLI and the services share.

Opening migrates first, so every other module can assume the current schema. Reads and
writes go through short transactions handed out here; writes take the write lock at
BEGIN so that two writers queue on busy_timeout rather than fail midway, and writers of
this process take turns in arrival order first (``write_queue``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from local_db.engine import create_library_engine, writer
from local_db.migrate import MigrationResult, migrate_library
from local_db.write_queue import WriteQueue


class Library:
    def __init__(self, path: Path, engine: Engine, migration: MigrationResult) -> None:
        self.path = path
        self.engine = engine
        self.migration = migration
        self._read_sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(writer(engine), expire_on_commit=False)
        self._write_queue = WriteQueue()

    @classmethod
    def open(cls, path: Path) -> "Library":
        path = path.expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        migration = migrate_library(path)
        return cls(path, create_library_engine(path), migration)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot; closing the session rolls back anything written in it.

        Rows read here stay usable after the block (detached, not expired).
        """
        with self._read_sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._write_queue.turn(), self._write_sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
