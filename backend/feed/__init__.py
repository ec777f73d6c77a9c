"""The change feed: every synced row of a tenant, in an order that never skips a commit."""
