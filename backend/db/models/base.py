"""Declarative base, naming convention and the columns every server table shares.

The same conventions as the desktop library (which this package may not import): seed
names for indexes and constraints, UUID ids, aware UTC timestamps, soft delete.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Integer, MetaData, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from backend.db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Record(Base):
    """Every table: id, created_at, updated_at, deleted_at."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(
        Uuid, primary_key=True, default=uuid.uuid4, sort_order=-100
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utc_now, sort_order=100
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utc_now, onupdate=utc_now, sort_order=100
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, sort_order=100)


class TenantRecord(Record):
    """A row that belongs to one tenant; every query filters on the caller's tenant."""

    __abstract__ = True

    @declared_attr
    @classmethod
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(Uuid, ForeignKey("tenants.id"), nullable=False, sort_order=-90)


class SyncedRecord(TenantRecord):
    """A row the studio syncs: ``version`` is 1 on create and +1 on every write."""

    __abstract__ = True

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, sort_order=90)
