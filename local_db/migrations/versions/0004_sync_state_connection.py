"""How to reach the signed-in server again: its CA bundle and the plain-HTTP consent.

``content-studio login`` records them with the account, so the sync engine (and a later
``logout``) reconnect exactly as the user signed in, without asking again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:12:40.518230
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sync_states", sa.Column("ca_bundle", sa.Text(), nullable=True))
    op.add_column(
        "sync_states",
        sa.Column(
            "allow_insecure_http", sa.Boolean(), server_default=sa.text("0"), nullable=False
        ),
    )


def downgrade() -> None:
    # SQLite >= 3.35 drops a column in place, without rebuilding the table.
    op.execute("ALTER TABLE sync_states DROP COLUMN allow_insecure_http")
    op.execute("ALTER TABLE sync_states DROP COLUMN ca_bundle")
