"""What the service itself needs: tokens, keys, uploads, webhooks, replays, the change log."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Record, TenantRecord
from backend.db.types import JSONDocument, UTCDateTime

LIVE = text("deleted_at IS NULL")


class RefreshToken(TenantRecord):
    """A refresh token, stored as its sha256; a family shares one sign-in.

    Using a rotated (replaced) token again revokes the whole family: someone copied it.
    """

    __tablename__ = "refresh_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    family_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("uq_refresh_tokens_token_hash", "token_hash", unique=True),
        Index("idx_refresh_tokens_family_id", "family_id"),
        Index("idx_refresh_tokens_user_id", "user_id"),
    )


class ApiKey(Record):
    """A webhook source's key, stored as its sha256 and compared in constant time."""

    __tablename__ = "api_keys"

    source: Mapped[str] = mapped_column(String(64), nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    key_prefix: Mapped[str] = mapped_column(String(12), nullable=False)

    __table_args__ = (
        Index("uq_api_keys_key_hash", "key_hash", unique=True),
        Index("idx_api_keys_source", "source"),
    )


class WebhookEvent(Record):
    """Stored before the sender gets its 2xx, so an accepted event is never lost."""

    __tablename__ = "webhook_events"

    source: Mapped[str] = mapped_column(String(64), nullable=False)
    event_key: Mapped[str] = mapped_column(String(200), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("uq_webhook_events_source_event_key", "source", "event_key", unique=True),
    )


class UploadedAsset(TenantRecord):
    """A stored file; the bytes live on disk under their sha256, shared by equal uploads."""

    __tablename__ = "uploaded_assets"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)

    __table_args__ = (
        Index("uq_uploaded_assets_tenant_id_sha256", "tenant_id", "sha256", unique=True),
    )


class ClientMutation(TenantRecord):
    """The recorded payload of a mutation, so a replay returns it instead of applying twice."""

    __tablename__ = "client_mutations"

    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("users.id"), nullable=False)
    client_mutation_id: Mapped[str] = mapped_column(String(100), nullable=False)
    mutation: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False)

    __table_args__ = (
        Index(
            "uq_client_mutations_tenant_id_client_mutation_id",
            "tenant_id",
            "client_mutation_id",
            unique=True,
        ),
    )


class ChangeLogEntry(TenantRecord):
    """Where each synced row stands in commit order: one entry per row, moved on each write.

    ``txid`` is the writing transaction's id on PostgreSQL (pg_current_xact_id) and equals
    ``seq`` on SQLite, whose single writer commits in sequence order. See
    backend/feed/ for why reads stop below the oldest running transaction.
    """

    __tablename__ = "change_log_entries"

    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    txid: Mapped[int] = mapped_column(BigInteger, nullable=False)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False)

    __table_args__ = (
        Index("uq_change_log_entries_entity_id", "entity_id", unique=True),
        Index("idx_change_log_entries_tenant_id_txid_seq", "tenant_id", "txid", "seq"),
        Index("idx_change_log_entries_seq", "seq"),
    )


class ServerState(Record):
    """One row: the change feed's epoch, renewed when a backup is restored.

    Cursors carry the epoch, so a client holding a cursor from before the restore is told
    to resync instead of silently missing what the restore rolled back.
    """

    __tablename__ = "server_states"

    epoch: Mapped[str] = mapped_column(String(64), nullable=False)
