"""The write side of the library: every edit from the studio, the CLI or an import.

``ContentService`` runs each operation in its own write transaction; the functions in
local_db.services.content take a session so that an import can compose many of them
into one transaction.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.models import Synced
from local_db.services import content
from local_db.services.duplicate import RowKey, duplicate
from local_db.services.errors import ErrorCode, FieldError, NotFound, ServiceError, ValidationFailed

__all__ = [
    "ContentService",
    "ErrorCode",
    "FieldError",
    "NotFound",
    "ServiceError",
    "ValidationFailed",
]


class ContentService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def create(
        self, kind: EntityKind, values: Mapping[str, Any], *, entity_id: uuid.UUID | None = None
    ) -> Synced:
        with self._library.write() as session:
            return content.create(session, kind, values, entity_id=entity_id)

    def update(self, kind: EntityKind, entity_id: uuid.UUID, changes: Mapping[str, Any]) -> Synced:
        with self._library.write() as session:
            return content.update(session, kind, entity_id, changes)

    def move(
        self,
        kind: EntityKind,
        entity_id: uuid.UUID,
        *,
        index: int,
        scope: Mapping[str, uuid.UUID | None] | None = None,
    ) -> Synced:
        with self._library.write() as session:
            return content.move(session, kind, entity_id, index=index, scope=scope)

    def delete(self, kind: EntityKind, entity_id: uuid.UUID) -> list[tuple[EntityKind, uuid.UUID]]:
        with self._library.write() as session:
            return content.delete(session, kind, entity_id)

    def restore(self, kind: EntityKind, entity_id: uuid.UUID) -> list[tuple[EntityKind, uuid.UUID]]:
        with self._library.write() as session:
            return content.restore(session, kind, entity_id)

    def duplicate(
        self, kind: EntityKind, entity_id: uuid.UUID, *, copy_id: uuid.UUID | None = None
    ) -> list[RowKey]:
        with self._library.write() as session:
            return duplicate(session, kind, entity_id, copy_id=copy_id)
