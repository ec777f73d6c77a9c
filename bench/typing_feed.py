"""The typing benchmark's background load: the sync engine's real pull over an in-memory feed.

What competes with typing during a sync is the pull: page after page of records applied
in write transactions (bulk inserts, the sync bases, the search triggers), Python work
on a worker thread that shares the GIL with the UI thread and SQLite's write lock with
the autosave. ``MemoryFeed`` serves the rows of a generated library as server records
(the fields ``record_values`` reads, version 1), in the engine's apply order, so
``Puller`` does exactly what it does against the server, minus the HTTP and the JSON
parsing, which run off the UI thread too and would only stretch the load out.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from local_db.library import Library
from local_db.sync.kinds import APPLY_ORDER
from local_db.sync.progress import SyncControl
from local_db.sync.pull import Puller, PullTally
from local_db.sync.remote import FeedPage, Record, RemoteWrite, UploadedFile, WriteResult
from local_db.sync.retry import RetryPolicy
from local_db.sync.snapshot import plain, row_values

SERVER_URL = "https://feed.bench.invalid"
PAGE_SIZE = 1000
"""The studio's sync page size (EngineOptions)."""


def feed_records(source: Library) -> list[tuple[str, Record]]:
    """Every row of ``source`` as the server would send it, parents before children."""
    records: list[tuple[str, Record]] = []
    with source.read() as session:
        for kind in APPLY_ORDER:
            for row in session.scalars(select(kind.model)):
                record: dict[str, Any] = {"id": str(row.id), **row_values(kind, row)}
                record.update(
                    version=1, created_at=plain(row.created_at), updated_at=plain(row.updated_at)
                )
                records.append((kind.name, record))
    return records


class MemoryFeed:
    """A Remote that only has a change feed: pages of ``records``, the cursor an offset."""

    def __init__(self, records: Sequence[tuple[str, Record]]) -> None:
        self._records = records

    def pull(self, after: str | None, *, first: int, count: bool = False) -> FeedPage:
        start = int(after) if after else 0
        end = min(start + first, len(self._records))
        page: dict[str, list[Record]] = {}
        for name, record in self._records[start:end]:
            page.setdefault(name, []).append(record)
        return FeedPage(
            records=page,
            end_cursor=str(end),
            has_next_page=end < len(self._records),
            resync=False,
            total_count=len(self._records) if count else None,
        )

    def account(self) -> Record:
        raise NotImplementedError("the typing benchmark only pulls")

    def push(self, writes: Sequence[RemoteWrite]) -> list[WriteResult]:
        raise NotImplementedError("the typing benchmark only pulls")

    def upload(self, path: Path, content_type: str) -> UploadedFile:
        raise NotImplementedError("the typing benchmark only pulls")


def pull(library: Library, records: Sequence[tuple[str, Record]]) -> PullTally:
    """The whole feed into ``library``, as a sync's pull would apply it. Runs on a worker."""
    puller = Puller(
        library, MemoryFeed(records), SERVER_URL, SyncControl(), RetryPolicy(), PAGE_SIZE
    )
    return puller.run()
