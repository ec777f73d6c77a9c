"""``changes(after, first)``: the change feed, one JSON value per entity type per page.

graphql-core resolves a few thousand small objects per second, so a page of records
resolved field by field would be the bottleneck of every sync. Each ``ChangeSet`` field
is instead one JSON array of records built by ``types.to_record``, the same shape the
SDL object type has, so GraphQL's cost is paid per page and not per record.
"""

import dataclasses
from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types.nodes import SelectedField, Selection

from backend.domain.problems import ApiError, ErrorCode
from backend.feed.cursor import START, Cursor, decode_cursor, encode_cursor
from backend.feed.page import FeedPage, read_page
from backend.graphql.connections import PageInfo, page_size
from backend.graphql.context import AppInfo
from backend.graphql.types import SYNCED_TYPES, to_record

FIELDS = {
    "grade": "grades",
    "subject": "subjects",
    "topic": "topics",
    "lesson": "lessons",
    "exercise": "exercises",
    "tournament": "tournaments",
    "tournament_participation": "tournament_participations",
    "match": "matches",
    "user": "users",
}
COLUMNS = {
    entity_type: tuple(field.name for field in dataclasses.fields(node))
    for entity_type, node in SYNCED_TYPES.items()
}


def _records(name: str) -> Any:
    return strawberry.field(
        description=f"A JSON array of `{name}` records, each shaped exactly like that "
        "object type (the same keys, camelCase; tombstones have `deletedAt` set)."
    )


@strawberry.type(
    description="The records of one page, grouped by type: each row whose change falls in "
    "the page, plus any row they reference whose own change comes later (it comes again "
    "there; compare versions). Applied after the pages before it, in dependency order, "
    "a page satisfies every foreign key."
)
class ChangeSet:
    grades: JSON = _records("Grade")
    subjects: JSON = _records("Subject")
    topics: JSON = _records("Topic")
    lessons: JSON = _records("Lesson")
    exercises: JSON = _records("Exercise")
    tournaments: JSON = _records("Tournament")
    tournament_participations: JSON = _records("TournamentParticipation")
    matches: JSON = _records("Match")
    users: JSON = _records("User")


@strawberry.type(
    description="A page of the change feed: every synced row of the caller's tenant "
    "(tombstones included) in an order that never skips a commit. Store `records` and "
    "`pageInfo.endCursor` together, then ask again with `after: endCursor`."
)
class ChangeConnection:
    page_info: PageInfo = strawberry.field(
        description="`endCursor` (never null) is the `after` of the next page; "
        "`hasNextPage` says whether more changes are readable now."
    )
    total_count: int = strawberry.field(
        description="How many changes after `after` are readable now, this page included. "
        "Counting scans the changes left, so ask on the first page of a pull "
        "(`totalCount @include(if: $firstPage)`), not on every page."
    )
    resync: bool = strawberry.field(
        description="The cursor belongs to another epoch (the server was restored) or "
        "points past the end of the log: this page starts from the beginning, so "
        "rebuild the local copy from the pages that follow instead of merging."
    )
    records: ChangeSet


async def changes(
    info: AppInfo,
    after: str | None = None,
    first: int | None = None,
) -> ChangeConnection:
    context = info.context
    principal = context.require_principal()
    if not principal.can_author:
        raise ApiError(ErrorCode.FORBIDDEN, "only authors and admins read the change feed")
    limits = context.runtime.settings.limits
    # At least one change per page: a page of none would never move the cursor.
    size = max(1, page_size(first, limits.feed_page_size, limits.max_feed_page_size))
    cursor = None if after is None else decode_cursor(after)
    page = await read_page(
        context.runtime.engine,
        principal.tenant_id,
        cursor,
        size,
        COLUMNS,
        with_total=_asks_for(info.selected_fields, "totalCount"),
    )
    return _connection(page)


def _connection(page: FeedPage) -> ChangeConnection:
    records: dict[str, Any] = {field: [] for field in FIELDS.values()}
    for entity_type, rows in page.rows.items():
        node = SYNCED_TYPES[entity_type]
        records[FIELDS[entity_type]] = [to_record(node, row) for row in rows]
    start = page.changes[0].position if page.changes else None
    return ChangeConnection(
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.after != START,
            start_cursor=None if start is None else encode_cursor(Cursor(page.epoch, start)),
            end_cursor=encode_cursor(Cursor(page.epoch, page.end)),
        ),
        total_count=page.total or 0,
        resync=page.resync,
        records=ChangeSet(**records),
    )


def _asks_for(selections: Sequence[Selection], name: str) -> bool:
    """Whether ``name`` is selected anywhere below, through fragments too, and not
    left out by ``@skip`` or ``@include``: a client asks for the total on its first page."""
    for selection in selections:
        skipped = selection.directives.get("skip", {}).get("if", False)
        included = selection.directives.get("include", {}).get("if", True)
        if skipped or not included:
            continue
        if isinstance(selection, SelectedField) and selection.name == name:
            return True
        if _asks_for(selection.selections, name):
            return True
    return False


changes_field = strawberry.field(
    resolver=changes,
    description="The change feed: pages of changed records after a cursor, for sync. "
    "`first` defaults to 500 and is clamped to the server's maximum. Authors and admins only.",
)
