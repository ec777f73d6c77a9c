"""How far the change log may be read on PostgreSQL: below every transaction still running.

A transaction that has finished, committed or rolled back, will never add or move a log
entry again. ``pg_snapshot_xmin(pg_current_snapshot())`` is the oldest transaction still
running, but on the whole cluster: an idle transaction in another database (another
application, a test run next door) would then hold every tenant's feed back for as long
as it stays open. So the bound is the oldest transaction of the snapshot that is still
running *and not known to belong to another database* (or the snapshot's xmax when there
is none). pg_stat_activity is read after the snapshot was taken; a transaction that
finished in between is not found there and counts as ours, so the bound can only be too
low (a short wait), never too high (a skipped commit). Where the server's role may not
see other sessions' transaction ids, the bound is the plain cluster-wide xmin.
"""

READABLE_BOUND = """
    SELECT least(
        pg_snapshot_xmax(snapshot)::text::bigint,
        (
            SELECT min(running::text::bigint)
            FROM pg_snapshot_xip(snapshot) AS running
            WHERE NOT EXISTS (
                SELECT 1 FROM pg_stat_activity AS activity
                WHERE activity.backend_xid = running::xid
                  AND activity.datname <> current_database()
            )
        )
    ) AS xmin
    FROM pg_current_snapshot() AS snapshot
"""
"""One row, ``xmin``: change log entries with a lower txid are final and readable."""
