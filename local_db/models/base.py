"""Declarative base and the columns every table shares.

The naming convention makes SQLAlchemy (and therefore Alembic) produce the seed's index
and constraint names, so hand-written migrations and autogenerate agree.
"""

import uuid
from datetime import datetime

from sqlalchemy import Integer, MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from local_db.clock import utc_now
from local_db.ids import new_id
from local_db.models.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CommonColumns:
    """id, created_at, updated_at and deleted_at, as every table of the seed has."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id, sort_order=-100)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utc_now, sort_order=100
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utc_now, onupdate=utc_now, sort_order=100
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, sort_order=100)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Synced(CommonColumns, Base):
    """A row that syncs with the server.

    ``version`` is the server's version of the last state this library saw (the base);
    0 means the row was created here and has never reached the server.
    """

    __abstract__ = True

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, sort_order=90)


class Ordered(Synced):
    """A synced row kept in an author-chosen order among its siblings.

    ``position`` is a fractional index key (see content_rules.ordering): a move rewrites one
    row, not its siblings, so two authors reordering offline rarely collide.
    """

    __abstract__ = True

    position: Mapped[str] = mapped_column(String(64), nullable=False, sort_order=80)
