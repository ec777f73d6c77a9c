"""The floor an initial sync is measured against: the same feed pages, fetched and parsed,
not stored.

It asks for the pages the engine asks for (``GraphQLRemote.pull``, 1,000 records a page,
the total counted on the first page only) over the same signed-in connection, so each
page crosses the same HTTP transport, is produced by the same server and is validated
field by field against the generated SDL models, as the engine's pages are. What it
leaves out is everything the engine does locally: picking the newest version of each
row, telling fresh rows from known ones, the SQLite inserts, their full-text triggers,
the sync bases and the cursor's commit after each page. Sync time minus floor time is
therefore the local cost of a sync.
"""

import time
from dataclasses import dataclass

from local_db.sync.remote import Remote


@dataclass(frozen=True)
class FloorRun:
    records: int
    """Records in the pages, parents brought forward included (they come twice)."""
    pages: int
    seconds: float
    cpu_seconds: float
    """This process's CPU time: parsing and validating, without the server's share."""


def pull_floor(remote: Remote, page_size: int = 1000) -> FloorRun:
    """Page through the whole feed from its beginning, keeping nothing."""
    began, began_cpu = time.perf_counter(), time.process_time()
    cursor: str | None = None
    records = pages = 0
    while True:
        page = remote.pull(cursor, first=page_size, count=pages == 0)
        records += sum(len(rows) for rows in page.records.values())
        pages += 1
        cursor = page.end_cursor
        if not page.has_next_page:
            seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
            return FloorRun(records, pages, seconds, cpu)
