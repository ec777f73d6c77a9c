"""The library schema follows the seed's naming rules, checked on a migrated file.

Introspection of the real SQLite file rather than the models, so a hand-written
migration that strays from the models is caught too.
"""

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command

from local_db.library import Library
from local_db.migrate import alembic_config
from local_db.models import Base
from local_db.search_schema import is_search_table

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
COMMON_COLUMNS = {"id", "created_at", "updated_at", "deleted_at"}


def singular(table: str) -> str:
    for suffix in ("ches", "shes", "sses", "xes"):
        if table.endswith(suffix):
            return table[:-2]
    return table[:-1]


@pytest.fixture
def db(library: Library) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(library.path)) as connection:
        yield connection


def data_tables(db: sqlite3.Connection) -> list[str]:
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return sorted(n for n in names if n != "alembic_version" and not is_search_table(n))


def test_every_model_table_is_in_the_migrated_library(db: sqlite3.Connection) -> None:
    assert set(Base.metadata.tables) == set(data_tables(db))


def test_table_names_are_snake_case_plurals(db: sqlite3.Connection) -> None:
    for table in data_tables(db):
        assert SNAKE.match(table), table
        assert table.endswith("s"), f"{table} is not plural"


def test_every_table_has_the_common_columns(db: sqlite3.Connection) -> None:
    for table in data_tables(db):
        columns = {row[1]: row for row in db.execute(f"PRAGMA table_info({table})")}
        assert columns.keys() >= COMMON_COLUMNS, table
        _cid, _name, kind, _notnull, _default, primary_key = columns["id"]
        assert (kind, primary_key) == ("CHAR(32)", 1), f"{table}.id must be a UUID primary key"
        for name in ("created_at", "updated_at"):
            assert columns[name][2] == "DATETIME" and columns[name][3] == 1, f"{table}.{name}"
        assert columns["deleted_at"][2] == "DATETIME" and columns["deleted_at"][3] == 0
        for name in columns:
            assert SNAKE.match(name), f"{table}.{name} is not snake_case"


def test_synced_tables_carry_a_version(db: sqlite3.Connection) -> None:
    bookkeeping = {
        "media_files",
        "outbox_entries",
        "sent_writes",
        "sync_bases",
        "sync_conflicts",
        "sync_states",
    }
    for table in set(data_tables(db)) - bookkeeping:
        columns = {row[1]: row for row in db.execute(f"PRAGMA table_info({table})")}
        assert "version" in columns and columns["version"][3] == 1, table


def is_foreign_key_name(column: str, target: str) -> bool:
    """``{table_singular}_id``, or ``{role}_{tail}_id`` where a row refers to one table in
    several roles (a match's home_participation_id) and ``tail`` ends the singular name."""
    if column == f"{singular(target)}_id":
        return True
    role = re.fullmatch(r"[a-z0-9]+_([a-z0-9_]+)_id", column)
    return role is not None and f"_{singular(target)}".endswith(f"_{role.group(1)}")


def test_foreign_keys_are_named_after_the_singular_table(db: sqlite3.Connection) -> None:
    tables = set(data_tables(db))
    for table in tables:
        foreign_keys = {
            row[3]: (row[2], row[4]) for row in db.execute(f"PRAGMA foreign_key_list({table})")
        }
        for column, (target, target_column) in foreign_keys.items():
            assert is_foreign_key_name(column, target), f"{table}.{column} -> {target}"
            assert target_column == "id"
        for (column,) in ((row[1],) for row in db.execute(f"PRAGMA table_info({table})")):
            stem = column.removesuffix("_id")
            if column.endswith("_id") and any(singular(t) == stem for t in tables):
                assert column in foreign_keys, (
                    f"{table}.{column} looks like a foreign key but is not one"
                )


def indexes(db: sqlite3.Connection, table: str) -> Iterator[tuple[str, bool, list[str], str]]:
    for _seq, name, unique, origin, _partial in db.execute(f"PRAGMA index_list({table})"):
        if origin == "pk":
            continue
        columns = [row[2] for row in db.execute(f"PRAGMA index_info({name})")]
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
        yield name, bool(unique), columns, sql or ""


def test_index_names_follow_idx_and_uq_rules(db: sqlite3.Connection) -> None:
    seen = 0
    for table in data_tables(db):
        for name, unique, columns, _sql in indexes(db, table):
            prefix = "uq" if unique else "idx"
            assert name == f"{prefix}_{table}_{'_'.join(columns)}", name
            seen += 1
    assert seen >= 15


def test_unique_indexes_cover_live_rows_only(db: sqlite3.Connection) -> None:
    """A soft-deleted row must not block reusing its slug, email or name."""
    for table in data_tables(db):
        for name, unique, _columns, sql in indexes(db, table):
            if unique:
                assert sql.endswith("WHERE deleted_at IS NULL"), name


def test_check_constraints_are_named_and_enum_values_upper_snake(db: sqlite3.Connection) -> None:
    found = 0
    for table, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type='table'"):
        if table not in data_tables(db):
            continue
        for name, column, values in re.findall(
            r"CONSTRAINT (\w+) CHECK \((\w+) IN \(([^)]*)\)\)", sql
        ):
            found += 1
            assert name == f"ck_{table}_{column}"
            for value in re.findall(r"'([^']*)'", values):
                assert UPPER_SNAKE.match(value), f"{table}.{column} value {value}"
    assert found >= 7


def test_migrations_match_the_models(library: Library) -> None:
    """``alembic check`` raises if autogenerate would emit anything."""
    config = alembic_config()
    with library.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)


def test_library_connections_use_wal_foreign_keys_and_a_busy_timeout(library: Library) -> None:
    with library.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_library_file_is_created_in_missing_folders(tmp_path: Path) -> None:
    with Library.open(tmp_path / "a" / "b" / "lib.sqlite3") as library:
        assert library.path.exists()
