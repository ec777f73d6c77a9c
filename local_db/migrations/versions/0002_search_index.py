"""Full-text search over subjects, topics, lessons and exercises.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 09:30:00.000000

FTS5 keys its rows by integer rowid, but our tables are keyed by UUID and their implicit
rowids may change on VACUUM, so ``search_documents`` hands out a stable integer per indexed
row. Triggers keep the index in step with every write, from the services, an import or the
sync engine alike, and only live rows are indexed, so the trash never shows up in results.

SQLite drops a table's triggers with the table: a later migration that rebuilds one of
these tables (batch mode "move and copy") must create its three triggers again.

This file is a frozen snapshot: it spells out its SQL instead of importing it from
local_db, so that it keeps producing this revision's schema when the code moves on.
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (table, entity_type, title column, body column); entity_type is local_db's EntityKind value.
INDEXED = (
    ('subjects', 'subject', 'name', 'description'),
    ('topics', 'topic', 'name', 'description'),
    ('lessons', 'lesson', 'title', 'content'),
    ('exercises', 'exercise', 'prompt', 'explanation'),
)


def upgrade() -> None:
    op.execute(
        'CREATE TABLE search_documents ('
        'rowid INTEGER PRIMARY KEY, '
        'entity_type TEXT NOT NULL, '
        'entity_id CHAR(32) NOT NULL)'
    )
    op.execute('CREATE UNIQUE INDEX uq_search_documents_entity_id ON search_documents (entity_id)')
    op.execute(
        'CREATE VIRTUAL TABLE search_index USING fts5('
        "title, body, tokenize='unicode61 remove_diacritics 2')"
    )
    for table, entity_type, title, body in INDEXED:
        _backfill(table, entity_type, title, body)
        _create_triggers(table, entity_type, title, body)


def downgrade() -> None:
    for table, _entity_type, _title, _body in INDEXED:
        for event in ('insert', 'update', 'delete'):
            op.execute(f'DROP TRIGGER IF EXISTS trg_{table}_search_{event}')
    op.execute('DROP TABLE IF EXISTS search_index')
    op.execute('DROP TABLE IF EXISTS search_documents')


def _backfill(table: str, entity_type: str, title: str, body: str) -> None:
    """Index the live rows a library already holds, so an upgraded library finds them too."""
    op.execute(
        f"INSERT INTO search_documents (entity_type, entity_id) "
        f"SELECT '{entity_type}', id FROM {table} WHERE deleted_at IS NULL"
    )
    op.execute(
        f"INSERT INTO search_index (rowid, title, body) "
        f"SELECT d.rowid, t.{title}, t.{body} FROM search_documents AS d "
        f"JOIN {table} AS t ON t.id = d.entity_id WHERE d.entity_type = '{entity_type}'"
    )


def _create_triggers(table: str, entity_type: str, title: str, body: str) -> None:
    """Insert indexes a live row; update drops the old document and re-adds it if live.

    Dropping and re-adding on every change is what lets one update trigger cover edits,
    moves to the trash and restores alike.
    """
    add = (
        f"INSERT INTO search_documents (entity_type, entity_id) "
        f"SELECT '{entity_type}', new.id WHERE new.deleted_at IS NULL; "
        f"INSERT INTO search_index (rowid, title, body) "
        f"SELECT rowid, new.{title}, new.{body} FROM search_documents WHERE entity_id = new.id;"
    )
    drop = (
        "DELETE FROM search_index WHERE rowid = "
        "(SELECT rowid FROM search_documents WHERE entity_id = old.id); "
        "DELETE FROM search_documents WHERE entity_id = old.id;"
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_search_insert AFTER INSERT ON {table} "
        f"BEGIN {add} END"
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_search_update "
        f"AFTER UPDATE OF {title}, {body}, deleted_at ON {table} "
        f"BEGIN {drop} {add} END"
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_search_delete AFTER DELETE ON {table} "
        f"BEGIN {drop} END"
    )
