"""Lesson publishing, and partial indexes over trashed rows.

``lessons.published`` mirrors the server, where students see published lessons only.
The ``idx_*_deleted_at`` indexes hold trashed rows only, so counting or listing the trash
reads a handful of rows instead of scanning a million live ones.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:00:11.310193
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("grades", "subjects", "topics", "lessons", "exercises", "tournaments")
TRASHED = sa.text("deleted_at IS NOT NULL")


def upgrade() -> None:
    # A plain ADD COLUMN: rebuilding lessons would drop its full-text triggers (0002).
    op.add_column(
        "lessons",
        sa.Column("published", sa.Boolean(), server_default=sa.text("0"), nullable=False),
    )
    for table in TABLES:
        op.create_index(f"idx_{table}_deleted_at", table, ["deleted_at"], sqlite_where=TRASHED)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"idx_{table}_deleted_at", table_name=table)
    # SQLite >= 3.35 drops a column in place, keeping the table and its triggers.
    op.execute("ALTER TABLE lessons DROP COLUMN published")
