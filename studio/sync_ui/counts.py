"""What the status bar counts: cheap enough to ask every few seconds.

``pending_report`` diffs every entry against its base and plans the next push; the
status bar needs only how many entries wait, were rejected or are in conflict, and a
stamp that moves whenever any of them changes, so the Pending panel reloads only then.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from local_db.models import OutboxEntry, OutboxState, SyncConflict


@dataclass(frozen=True)
class SyncCounts:
    pending: int = 0
    rejected: int = 0
    conflicts: int = 0
    stamp: tuple[datetime | None, datetime | None] = (None, None)

    def text(self) -> str:
        parts = [f"{self.pending:,} to sync" if self.pending else "Nothing to sync"]
        if self.conflicts:
            parts.append(f"{self.conflicts:,} conflict{'s' if self.conflicts != 1 else ''}")
        if self.rejected:
            parts.append(f"{self.rejected:,} rejected")
        return " · ".join(parts)


def sync_counts(session: Session) -> SyncCounts:
    pending = rejected = 0
    outbox = session.execute(
        select(OutboxEntry.state, func.count(), func.max(OutboxEntry.updated_at))
        .where(OutboxEntry.deleted_at.is_(None))
        .group_by(OutboxEntry.state)
    )
    outbox_stamp: datetime | None = None
    for state, count, latest in outbox:
        if state is OutboxState.REJECTED:
            rejected = count
        else:
            pending = count
        outbox_stamp = latest if outbox_stamp is None else max(outbox_stamp, latest)
    conflicts, conflict_stamp = session.execute(
        select(func.count(), func.max(SyncConflict.updated_at)).where(
            SyncConflict.deleted_at.is_(None)
        )
    ).one()
    return SyncCounts(pending, rejected, conflicts, (outbox_stamp, conflict_stamp))
