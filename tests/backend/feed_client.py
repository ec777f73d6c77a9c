"""A minimal sync client of the change feed for tests: pages, applies, checks versions.

It keeps what a real client keeps (the last record seen per id, and the cursor), and
fails on what a feed must never do to it: hand back an older version of a row after a
newer one, or a page that references a row the client does not have.
"""

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.db.models import User
from backend.feed.bound import READABLE_BOUND
from backend.feed.rows import REFERENCES, SYNCED_MODELS
from backend.graphql.feed import FIELDS
from backend.graphql.types import SYNCED_TYPES, camel, to_record
from tests.backend.harness import Harness

RECORD_FIELDS = " ".join(camel(name) for name in FIELDS.values())
CHANGES = f"""
query Changes($after: String, $first: Int) {{
  changes(after: $after, first: $first) {{
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    totalCount
    resync
    records {{ {RECORD_FIELDS} }}
  }}
}}
"""


_ALL_READABLE = text(
    f"SELECT (SELECT xmin FROM ({READABLE_BOUND}) AS bound) > coalesce(max(txid), 0)"
    " FROM change_log_entries"
)


async def _all_readable(session: AsyncSession) -> bool:
    return bool(await session.scalar(_ALL_READABLE))


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, tenant_id=user.tenant_id, role=user.role)


def changes(
    backend: Harness, token: str, after: str | None = None, first: int | None = None
) -> dict[str, Any]:
    """One page; fails the test on any GraphQL error."""
    body = backend.graphql(CHANGES, {"after": after, "first": first}, token)
    assert "errors" not in body, body["errors"]
    page: dict[str, Any] = body["data"]["changes"]
    return page


def records_of(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [record for records in page["records"].values() for record in records]


@dataclass
class FeedClient:
    backend: Harness
    token: str
    cursor: str | None = None
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    deliveries: list[tuple[str, int]] = field(default_factory=list)

    def pull(self, first: int | None = None) -> dict[str, Any]:
        page = changes(self.backend, self.token, self.cursor, first)
        if page["resync"]:
            self.rows.clear()
        for record in records_of(page):
            held = self.rows.get(record["id"])
            assert held is None or held["version"] <= record["version"], (held, record)
            self.rows[record["id"]] = record
            self.deliveries.append((record["id"], record["version"]))
        self._check_references(page)
        self.cursor = page["pageInfo"]["endCursor"]
        return page

    def _check_references(self, page: dict[str, Any]) -> None:
        """Applied after the pages before it, a page satisfies its foreign keys."""
        for entity_type, name in FIELDS.items():
            for record in page["records"][camel(name)]:
                for column, parent in REFERENCES[entity_type]:
                    target = record[camel(column)]
                    assert target is None or target in self.rows, (entity_type, parent, record)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every committed change is readable (PostgreSQL only).

        The feed holds changes back while an older transaction of the database runs;
        a test must not mistake that pause for the end of the feed.
        """
        if self.backend.runtime.settings.is_sqlite:
            return
        deadline = time.monotonic() + timeout
        while not self.backend.in_session(_all_readable):
            assert time.monotonic() < deadline, "a transaction stayed open"
            time.sleep(0.01)

    def drain(self, first: int | None = None) -> list[dict[str, Any]]:
        """Pull until the feed has nothing more readable now."""
        pages = [self.pull(first)]
        while pages[-1]["pageInfo"]["hasNextPage"]:
            pages.append(self.pull(first))
        return pages


def database_records(backend: Harness, tenant_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Every synced row of the tenant as the feed should have delivered it."""

    async def read(session: AsyncSession) -> dict[str, dict[str, Any]]:
        found = {}
        for entity_type, model in SYNCED_MODELS.items():
            rows = (await session.scalars(select(model).where(model.tenant_id == tenant_id))).all()
            for row in rows:
                found[str(row.id)] = to_record(SYNCED_TYPES[entity_type], row)
        return found

    return backend.in_session(read)
