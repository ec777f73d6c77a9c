"""Tenants and their users."""

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.models.base import Record, SyncedRecord
from backend.db.models.enums import UserRole, db_enum

LIVE = text("deleted_at IS NULL")


class Tenant(Record):
    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(String(200), nullable=False)

    __table_args__ = (
        Index("uq_tenants_name", "name", unique=True, postgresql_where=LIVE, sqlite_where=LIVE),
    )


class User(SyncedRecord):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(320), nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[UserRole] = mapped_column(db_enum(UserRole, "USER_ROLE"), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)

    __table_args__ = (
        Index("uq_users_email", "email", unique=True, postgresql_where=LIVE, sqlite_where=LIVE),
        Index("idx_users_tenant_id", "tenant_id"),
    )
