"""Many tournament rows changed as one step: a saved bracket, an imported roster, a reseed.

A bracket of 63 matches saved row by row would be 63 transactions and 63 undo steps, and
a failure half-way would leave half a bracket. A ``Batch`` goes through the same
validated writes as single edits (local_db.services.content), inside one transaction, so
either every row lands with its outbox entry or none does. The order inside a batch is
fixed: trash first (frees bracket slots and roster places), then create and restore, then
update, so replacing a match with another in the same slot never trips the unique slot.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from local_db.entities import EntityKind
from local_db.library import Library
from local_db.services import content

RowKey = tuple[EntityKind, uuid.UUID]


@dataclass(frozen=True)
class Batch:
    trash: tuple[RowKey, ...] = ()
    create: tuple[tuple[EntityKind, uuid.UUID, Mapping[str, Any]], ...] = ()
    restore: tuple[RowKey, ...] = ()
    update: tuple[tuple[EntityKind, uuid.UUID, Mapping[str, Any]], ...] = ()


def apply_batch(session: Session, batch: Batch) -> None:
    """Every write of ``batch`` in the caller's transaction; a refusal raises before commit."""
    for kind, row_id in batch.trash:
        content.delete(session, kind, row_id)
    for kind, row_id, values in batch.create:
        content.create(session, kind, values, entity_id=row_id)
    for kind, row_id in batch.restore:
        content.restore(session, kind, row_id)
    for kind, row_id, changes in batch.update:
        content.update(session, kind, row_id, changes)


def write_batch(library: Library, batch: Batch) -> None:
    """``apply_batch`` in its own write transaction (the studio's write lane calls this)."""
    with library.write() as session:
        apply_batch(session, batch)
