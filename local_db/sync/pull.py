"""Reading the change feed: each page and its cursor stored in one transaction.

A crash between two pages loses nothing: the cursor names the last page stored, and
records seen twice are recognised by their version. Rows nobody touched here are
inserted in bulk (an initial sync is almost all of those); rows with local changes go
through the three-way merge one by one.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.clock import utc_now
from local_db.entities import EntityKind
from local_db.exchange.bulk import executemany
from local_db.ids import new_id
from local_db.library import Library
from local_db.models import Base, OutboxEntry, SyncBase, SyncState
from local_db.services.outbox import reopen_refused_references
from local_db.sync.absorb import Absorbed, integrate, remote_id
from local_db.sync.collisions import make_room
from local_db.sync.kinds import APPLY_ORDER, DELETED_AT, SyncedKind
from local_db.sync.progress import SyncControl
from local_db.sync.remote import FeedPage, Remote
from local_db.sync.retry import RetryPolicy
from local_db.sync.snapshot import SERVER_FIELDS, column_value, record_values

SYNC_BASES = Base.metadata.tables[SyncBase.__tablename__]
CHUNK = 500
"""Ids per IN (...) query, below SQLite's limit on bound parameters."""


@dataclass
class PullTally:
    pulled: int = 0
    merged: int = 0
    conflicts: int = 0
    pages: int = 0
    requests: int = 0
    resynced: bool = False


class Puller:
    def __init__(
        self,
        library: Library,
        remote: Remote,
        server_url: str,
        control: SyncControl,
        retry: RetryPolicy,
        page_size: int = 1000,
    ) -> None:
        self._library = library
        self._remote = remote
        self._server_url = server_url
        self._control = control
        self._retry = retry
        self._page_size = page_size
        self.tally = PullTally()
        self._resync_seen: dict[uuid.UUID, int] | None = None

    def run(self) -> PullTally:
        cursor = self._cursor()
        total: int | None = None
        done = 0
        while True:
            self._control.checkpoint()
            page = self._fetch(cursor, count=total is None)
            if total is None:
                total = page.total_count
            if page.resync and self._resync_seen is None:
                self._resync_seen = {}
                self.tally.resynced = True
            with self._library.write() as session:
                done += self._apply(session, page)
                self._store_cursor(session, page.end_cursor)
            self.tally.pages += 1
            cursor = page.end_cursor
            self._control.report("pull", done, max(total or 0, done))
            if not page.has_next_page:
                return self.tally

    def _fetch(self, cursor: str | None, *, count: bool) -> FeedPage:
        def attempt() -> FeedPage:
            self.tally.requests += 1
            return self._remote.pull(cursor, first=self._page_size, count=count)

        return self._retry.call(attempt, lambda _failure: None)

    def _cursor(self) -> str | None:
        with self._library.read() as session:
            state = _state(session, self._server_url)
            return state.cursor if state is not None else None

    def _store_cursor(self, session: Session, cursor: str) -> None:
        state = _state(session, self._server_url)
        if state is None:
            state = SyncState(server_url=self._server_url)
            session.add(state)
        state.cursor = cursor
        state.last_pull_at = utc_now()

    def _apply(self, session: Session, page: FeedPage) -> int:
        count = 0
        for kind in APPLY_ORDER:
            records = self._newest(page.records.get(kind.name, ()))
            count += len(records)
            make_room(session, kind, records)
            fresh, known = _split(session, kind, records)
            if self._resync_seen is None:
                _insert_fresh(session, kind, fresh)
                self.tally.pulled += len(fresh)
            else:
                known = [*fresh, *known]
            for record in known:
                back = kind.pushed and _comes_back(session, kind, record)
                outcome = integrate(session, kind, record, resync=self._resync_seen is not None)
                if back and outcome in (Absorbed.APPLIED, Absorbed.MERGED):
                    # Rows refused for pointing at it while it was trashed can go again.
                    reopen_refused_references(session, EntityKind(kind.name), remote_id(record))
                if outcome is Absorbed.APPLIED:
                    self.tally.pulled += 1
                elif outcome is Absorbed.MERGED:
                    self.tally.merged += 1
                elif outcome is Absorbed.CONFLICT:
                    self.tally.conflicts += 1
        return count

    def _newest(self, records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """One record per row, its highest version (parents come again in later pages)."""
        newest: dict[uuid.UUID, Mapping[str, Any]] = {}
        for record in records:
            entity_id = uuid.UUID(str(record["id"]))
            held = newest.get(entity_id)
            if held is None or held["version"] < record["version"]:
                newest[entity_id] = record
        if self._resync_seen is not None:
            seen = self._resync_seen
            newest = {
                entity_id: record
                for entity_id, record in newest.items()
                if seen.get(entity_id, -1) < record["version"]
            }
            seen.update((entity_id, record["version"]) for entity_id, record in newest.items())
        return list(newest.values())


def _comes_back(session: Session, kind: SyncedKind, record: Mapping[str, Any]) -> bool:
    """Whether a live record restores a row that is in the trash here."""
    if record.get(DELETED_AT) is not None:
        return False
    row = session.get(kind.model, remote_id(record))
    return row is not None and row.deleted_at is not None


def _state(session: Session, server_url: str) -> SyncState | None:
    return session.scalar(
        select(SyncState).where(SyncState.server_url == server_url, SyncState.deleted_at.is_(None))
    )


def _split(
    session: Session, kind: SyncedKind, records: Sequence[Mapping[str, Any]]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """Records of rows this library has never held (bulk-insertable), and the others."""
    ids = [uuid.UUID(str(record["id"])) for record in records]
    known: set[uuid.UUID] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        known.update(session.scalars(select(kind.model.id).where(kind.model.id.in_(chunk))))
        known.update(
            session.scalars(
                select(SyncBase.entity_id).where(
                    SyncBase.entity_type == kind.name,
                    SyncBase.entity_id.in_(chunk),
                    SyncBase.deleted_at.is_(None),
                )
            )
        )
        known.update(
            session.scalars(
                select(OutboxEntry.entity_id).where(
                    OutboxEntry.entity_type == kind.name,
                    OutboxEntry.entity_id.in_(chunk),
                    OutboxEntry.deleted_at.is_(None),
                )
            )
        )
    fresh = [
        record for record, entity_id in zip(records, ids, strict=True) if entity_id not in known
    ]
    rest = [record for record, entity_id in zip(records, ids, strict=True) if entity_id in known]
    return fresh, rest


def _insert_fresh(session: Session, kind: SyncedKind, records: Sequence[Mapping[str, Any]]) -> None:
    """One executemany per table: the ORM's per-row work was most of an initial sync."""
    if not records:
        return
    names = ("id", *kind.merged_fields, *SERVER_FIELDS)
    rows = [{name: column_value(kind, name, record[name]) for name in names} for record in records]
    executemany(session, Base.metadata.tables[kind.model.__tablename__], rows, {})
    now = utc_now()
    bases = [
        {
            "id": new_id(),
            "entity_id": row["id"],
            "version": row["version"],
            "data": record_values(kind, record),
        }
        for row, record in zip(rows, records, strict=True)
    ]
    shared = {"entity_type": kind.name, "created_at": now, "updated_at": now, "deleted_at": None}
    executemany(session, SYNC_BASES, bases, shared)
