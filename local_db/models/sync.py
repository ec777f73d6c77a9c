"""Sync bookkeeping: the outbox of local edits, the base snapshots and the feed position.

The sync engine (local_db.sync) reads and writes these; the services only append to the
outbox, in the same transaction as the edit itself.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, Uuid, false, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.ids import new_id
from local_db.models.base import Base, CommonColumns
from local_db.models.enums import OutboxOperation, OutboxState, db_enum
from local_db.models.types import UTCDateTime

LIVE = text("deleted_at IS NULL")


class OutboxEntry(CommonColumns, Base):
    """One pending change per row, coalesced (see local_db.services.outbox)."""

    __tablename__ = "outbox_entries"

    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    operation: Mapped[OutboxOperation] = mapped_column(
        db_enum(OutboxOperation, "operation"), nullable=False
    )
    changed_fields: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    client_mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False, default=new_id)
    state: Mapped[OutboxState] = mapped_column(
        db_enum(OutboxState, "state"), nullable=False, default=OutboxState.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error_code: Mapped[str | None] = mapped_column(String(32))
    error_message: Mapped[str | None] = mapped_column(Text)
    error_field: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        Index(
            "uq_outbox_entries_entity_type_entity_id",
            "entity_type",
            "entity_id",
            unique=True,
            sqlite_where=LIVE,
        ),
    )


class SyncBase(CommonColumns, Base):
    """The last server state seen for a row, the ``base`` of a three-way merge."""

    __tablename__ = "sync_bases"

    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)

    __table_args__ = (
        Index(
            "uq_sync_bases_entity_type_entity_id",
            "entity_type",
            "entity_id",
            unique=True,
            sqlite_where=LIVE,
        ),
    )


class SyncState(CommonColumns, Base):
    """Where this library stands against one server: account, feed cursor and its epoch.

    ``ca_bundle`` and ``allow_insecure_http`` are how the user chose to reach the server
    when signing in (local_db.sync.account), so later connections reach it the same way.
    """

    __tablename__ = "sync_states"

    server_url: Mapped[str] = mapped_column(String(2048), nullable=False)
    account_email: Mapped[str | None] = mapped_column(String(320))
    ca_bundle: Mapped[str | None] = mapped_column(Text)
    allow_insecure_http: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false()
    )
    cursor: Mapped[str | None] = mapped_column(Text)
    epoch: Mapped[str | None] = mapped_column(String(64))
    last_pull_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("uq_sync_states_server_url", "server_url", unique=True, sqlite_where=LIVE),
    )


class SentWrite(CommonColumns, Base):
    """A write sent to the server whose answer is not stored yet.

    Written before the request, deleted with the answer. One left behind (a lost answer,
    a crash) is sent again exactly as it was, same clientMutationId, before anything else
    is planned or pulled: otherwise the pull would bring our own write back as somebody
    else's, and an edit undone meanwhile would be overwritten by it.
    """

    __tablename__ = "sent_writes"

    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    verb: Mapped[str] = mapped_column(String(16), nullable=False)
    client_mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    entry_mutation_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    expected_version: Mapped[int | None] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    sent: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    references: Mapped[list[str]] = mapped_column(JSON, nullable=False)
