"""What the sync engine needs from a server, and nothing about how it is reached.

backend_client implements this over GraphQL; the engine and its tests see only these
types. Records cross the boundary already validated against the SDL and in the library's
own shape: snake_case column names, ids as ``uuid.UUID`` or strings, stamps as aware
``datetime`` or ISO 8601 strings, enum values as strings and JSON fields as Python values.
Write values go the other way as plain JSON-ready values (local_db.sync.snapshot).
"""

import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

Record = Mapping[str, Any]


class RemoteFailure(Exception):
    """The server could not be asked, or did not answer usefully."""


class RemoteUnavailable(RemoteFailure):
    """Offline, unreachable, timed out, a 5xx or an unusable answer: try again later."""


class RemoteUnauthorized(RemoteFailure):
    """The session is gone (signed out, refresh refused): stop until the user signs in."""


class WriteVerb(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"


@dataclass(frozen=True)
class RemoteWrite:
    """One mutation. ``values`` holds every field for a create, the changed ones for an
    update, and nothing for a delete or restore."""

    entity_type: str
    verb: WriteVerb
    entity_id: uuid.UUID
    client_mutation_id: uuid.UUID
    values: Record = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class RemoteError:
    """A payload error: ``code`` is the server's ErrorCode, ``field`` a snake_case path."""

    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class WriteResult:
    """The row as the server holds it after the write (or, with a CONFLICT, as it holds it
    now), and the payload's errors."""

    record: Record | None
    errors: tuple[RemoteError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class FeedPage:
    """One page of the change feed. ``records`` maps an entity type (``"lesson"``) to
    its rows; a row may come twice across pages, and the higher version wins."""

    records: Mapping[str, Sequence[Record]]
    end_cursor: str
    has_next_page: bool
    resync: bool
    total_count: int | None = None


@dataclass(frozen=True)
class UploadedFile:
    """A file the server now holds: its asset id and the sha256 both sides agreed on."""

    asset_id: uuid.UUID
    sha256: str
    size: int


class Remote(Protocol):
    def account(self) -> Record:
        """The signed-in user's own record: the server sets it as the author of new
        lessons and exercises, so the library must hold it before their answers."""
        ...

    def pull(self, after: str | None, *, first: int, count: bool = False) -> FeedPage:
        """The page of changes after ``after`` (None: from the beginning)."""
        ...

    def push(self, writes: Sequence[RemoteWrite]) -> list[WriteResult]:
        """Apply ``writes`` in order, in one request; one result per write."""
        ...

    def upload(self, path: Path, content_type: str) -> UploadedFile:
        """Store a file on the server; uploading the same bytes again is harmless."""
        ...
