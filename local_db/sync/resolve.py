"""Settling a conflict: keep mine, keep theirs, or a merged value per field.

The decision is written to the row like any edit and recomputes the outbox entry, so
the next sync sends it as an ordinary write against the server's latest version.
Merged values go through the same validation as the editors, and a refused value
leaves the conflict open and the row untouched.
"""

import enum
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from local_db.clock import utc_now
from local_db.entities import ENTITIES, EntityKind
from local_db.models import SyncConflict
from local_db.services.content import unique_errors, values_of
from local_db.services.errors import NotFound, ValidationFailed, invalid
from local_db.services.validation import validate_values
from local_db.sync.kinds import DELETED_AT, KINDS
from local_db.sync.ledger import base_of, refresh_entry
from local_db.sync.snapshot import column_value, plain, row_values


class Resolution(enum.StrEnum):
    MINE = "mine"
    THEIRS = "theirs"
    MERGED = "merged"


def resolve_conflict(
    session: Session,
    conflict_id: uuid.UUID,
    resolution: Resolution,
    merged: Mapping[str, Any] | None = None,
) -> SyncConflict:
    conflict = session.get(SyncConflict, conflict_id)
    if conflict is None or conflict.deleted_at is not None:
        raise NotFound("conflict", conflict_id)
    kind = KINDS[conflict.entity_type]
    row = session.get(kind.model, conflict.entity_id)
    if row is None:
        raise NotFound(conflict.entity_type, conflict.entity_id)
    chosen = _chosen(conflict, row_values(kind, row), resolution, merged or {})
    content = {name: value for name, value in chosen.items() if name != DELETED_AT}
    if content:
        entity = EntityKind(kind.name)
        current = values_of(entity, row)
        typed = {name: column_value(kind, name, value) for name, value in content.items()}
        _cleaned, errors = validate_values(entity, typed, current=current)
        if not errors and row.deleted_at is None and chosen.get(DELETED_AT, None) is None:
            errors = unique_errors(session, ENTITIES[entity], typed, exclude=row.id)
        if errors:
            raise ValidationFailed(errors)
    for name, value in chosen.items():
        setattr(row, name, column_value(kind, name, value))
    session.flush()
    base = base_of(session, kind, row.id)
    # A fresh clientMutationId even if the entry names the same fields: its values changed.
    refresh_entry(session, kind, row, base.data if base is not None else None, answered=True)
    conflict.deleted_at = utc_now()
    return conflict


def _chosen(
    conflict: SyncConflict,
    current: Mapping[str, Any],
    resolution: Resolution,
    merged: Mapping[str, Any],
) -> dict[str, Any]:
    """The values to write. Mine is the row as it is now: it may have been edited since
    the conflict opened, and those later edits are mine too."""
    if resolution is Resolution.MINE:
        return {name: current.get(name) for name in conflict.fields}
    if resolution is Resolution.THEIRS:
        return {name: conflict.remote.get(name) for name in conflict.fields}
    unknown = sorted(set(merged) - set(conflict.fields))
    if unknown:
        raise ValidationFailed(
            [invalid(name, "is not one of the conflicting fields") for name in unknown]
        )
    missing = [name for name in conflict.fields if name not in merged and name != DELETED_AT]
    if missing:
        raise ValidationFailed([invalid(name, "needs a merged value") for name in missing])
    chosen = {name: plain(value) for name, value in merged.items()}
    if DELETED_AT in conflict.fields and DELETED_AT not in chosen:
        chosen[DELETED_AT] = current.get(DELETED_AT)
    return chosen
