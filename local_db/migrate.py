"""Bring a library file to the current schema, safely.

Before upgrading an existing library we copy it with SQLite's online backup API; if the
upgrade fails the copy is written back, so a user never ends up with a half-migrated
library. A file whose revision we do not know came from a newer Content Studio and is
refused untouched: guessing at a schema we have not seen risks the author's work.
"""

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from local_db.engine import create_library_engine, writer
from local_db.errors import LibraryTooNew, MigrationFailed, NotALibrary
from local_db.migrations import MIGRATIONS_DIR


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(script_location: Path = MIGRATIONS_DIR) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def head_revision(script_location: Path = MIGRATIONS_DIR) -> str:
    head = ScriptDirectory.from_config(alembic_config(script_location)).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {script_location}")
    return head


def current_revision(path: Path) -> str | None:
    """The file's schema revision; None for a new or empty library."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        # as_uri() percent-encodes "#", "?" and "%", which SQLite's URI parser would
        # otherwise cut the file name at (and drop mode=ro with it).
        read_only = f"{path.absolute().as_uri()}?mode=ro"
        with contextlib.closing(sqlite3.connect(read_only, uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" in tables:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
                if row is None:
                    raise NotALibrary(path, "its schema revision is missing")
                return str(row[0])
    except sqlite3.DatabaseError as exc:
        raise NotALibrary(path, f"SQLite cannot read it ({exc})") from exc
    if tables:
        raise NotALibrary(path, "it is a SQLite database of another application")
    return None


def backup_path(path: Path, target: str) -> Path:
    return path.with_name(f"{path.name}.before-{target}.bak")


def copy_database(source: Path, destination: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(destination)) as dst,
    ):
        src.backup(dst)


def migrate_library(path: Path, script_location: Path = MIGRATIONS_DIR) -> MigrationResult:
    """Upgrade ``path`` to the head revision, under the write lock from start to end.

    The backup is taken inside the locked transaction, so it is exactly the state being
    upgraded and no other process can write in between. SQLite rolls a failed upgrade
    back by itself; the backup is written back only if the file's revision shows that
    part of it was committed anyway (a migration that commits on its own).
    """
    config = alembic_config(script_location)
    script = ScriptDirectory.from_config(config)
    target = head_revision(script_location)
    current = current_revision(path)
    if current == target:
        return MigrationResult(current, target, None)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise LibraryTooNew(path, current)

    backup = backup_path(path, target) if current is not None else None
    engine = create_library_engine(path, foreign_keys=False)
    try:
        with writer(engine).begin() as connection:
            if backup is not None:
                copy_database(path, backup)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken:
                raise RuntimeError(f"{len(broken)} rows break a foreign key, e.g. {broken[0]}")
    except Exception as exc:
        engine.dispose()
        restored = backup is not None and current_revision(path) != current
        if restored and backup is not None:
            copy_database(backup, path)
        raise MigrationFailed(path, target, exc, restored=restored) from exc
    engine.dispose()
    return MigrationResult(current, target, backup)
