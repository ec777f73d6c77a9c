"""The local cache of the signed-in user and the authors seen in content."""

import uuid

from sqlalchemy import Index, String, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from local_db.models.base import Synced
from local_db.models.enums import UserRole, db_enum


class User(Synced):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(320), nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[UserRole] = mapped_column(db_enum(UserRole, "role"), nullable=False)
    tenant_id: Mapped[uuid.UUID] = mapped_column(Uuid, nullable=False)

    __table_args__ = (
        Index("uq_users_email", "email", unique=True, sqlite_where=text("deleted_at IS NULL")),
        Index("idx_users_tenant_id", "tenant_id"),
    )
