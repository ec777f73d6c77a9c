"""Counts that describe a library at a glance, for ``content-studio status`` and the studio."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.models import OutboxEntry, OutboxOperation, OutboxState, SyncState


@dataclass(frozen=True)
class EntityCount:
    kind: EntityKind
    live: int
    trashed: int


@dataclass(frozen=True)
class ServerState:
    server_url: str
    account_email: str | None
    last_pull_at: datetime | None
    last_push_at: datetime | None


@dataclass(frozen=True)
class LibrarySummary:
    entities: tuple[EntityCount, ...]
    pending: dict[OutboxOperation, int]
    rejected: int
    servers: tuple[ServerState, ...]

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())


def summarize(session: Session) -> LibrarySummary:
    """Two counts per table: ``count(*)`` comes from the smallest index, and trashed rows
    from the partial ``idx_*_deleted_at`` index, so a million rows cost milliseconds."""
    counts = []
    for kind, spec in ENTITIES.items():
        total = session.scalar(select(func.count()).select_from(spec.model)) or 0
        trashed = (
            session.scalar(
                select(func.count())
                .select_from(spec.model)
                .where(spec.model.deleted_at.is_not(None))
            )
            or 0
        )
        counts.append(EntityCount(kind, total - trashed, trashed))
    pending: dict[OutboxOperation, int] = dict.fromkeys(OutboxOperation, 0)
    rejected = 0
    rows = session.execute(
        select(OutboxEntry.operation, OutboxEntry.state, func.count())
        .where(OutboxEntry.deleted_at.is_(None))
        .group_by(OutboxEntry.operation, OutboxEntry.state)
    )
    for operation, state, count in rows:
        if state is OutboxState.REJECTED:
            rejected += count
        else:
            pending[operation] += count
    servers = tuple(
        ServerState(s.server_url, s.account_email, s.last_pull_at, s.last_push_at)
        for s in session.scalars(select(SyncState).where(SyncState.deleted_at.is_(None)))
    )
    return LibrarySummary(tuple(counts), pending, rejected, servers)
