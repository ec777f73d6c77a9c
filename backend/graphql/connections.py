"""Cursor pagination in the seed's shape: edges { node cursor }, pageInfo, totalCount.

Keyset on the id: a page is "ids after the cursor", so rows inserted while a client pages
never make it skip or repeat the rows it was paging through. Cursors are opaque.
"""

import base64
import binascii
import uuid
from typing import Generic, TypeVar

import strawberry

from backend.domain.problems import ApiError, ErrorCode

T = TypeVar("T")
CURSOR_PREFIX = "id:"


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def encode_cursor(row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_PREFIX}{row_id}".encode()).decode()


def decode_cursor(cursor: str) -> uuid.UUID:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if not text.startswith(CURSOR_PREFIX):
            raise ValueError(text)
        return uuid.UUID(text.removeprefix(CURSOR_PREFIX))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(ErrorCode.VALIDATION_ERROR, "after: not a cursor from this API") from error


def page_size(first: int | None, default: int, maximum: int) -> int:
    """``first`` capped at ``maximum``; 0 asks for counts only; negative is an error (Relay)."""
    if first is None:
        return default
    if first < 0:
        raise ApiError(ErrorCode.VALIDATION_ERROR, "first: must not be negative")
    return min(first, maximum)


def connection(
    nodes: list[T], ids: list[uuid.UUID], *, has_next: bool, after: str | None, total: int
) -> Connection[T]:
    cursors = [encode_cursor(row_id) for row_id in ids]
    return Connection(
        edges=[Edge(node=node, cursor=cursor) for node, cursor in zip(nodes, cursors, strict=True)],
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
        ),
        total_count=total,
    )
