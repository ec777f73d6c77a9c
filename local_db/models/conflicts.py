"""Conflicts the sync found and a person has to settle, with all three sides kept.

One open conflict per row; resolving one stamps ``deleted_at`` rather than erasing it,
so what was decided stays on record.
"""

import uuid
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Base, CommonColumns
from local_db.models.enums import ConflictKind, db_enum


class SyncConflict(CommonColumns, Base):
    __tablename__ = "sync_conflicts"

    entity_type: Mapped[str] = mapped_column(String(32), nullable=False)
    entity_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)
    kind: Mapped[ConflictKind] = mapped_column(db_enum(ConflictKind, "kind"), nullable=False)
    fields: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    base: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    local: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    remote: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    remote_version: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        Index(
            "uq_sync_conflicts_entity_type_entity_id",
            "entity_type",
            "entity_id",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )
