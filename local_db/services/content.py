"""Create, update, soft-delete, restore and move curriculum rows, inside a caller's session.

Every function validates first and writes nothing when it refuses, then records the
edit in the outbox in the same transaction. Soft delete cascades to the live rows below
(the trash keeps the subtree together) and restore brings back exactly the rows that
went with it, identified by their shared deletion time.
"""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from content_rules.ordering import OrderingError, key_between, keys_between
from local_db.clock import utc_now
from local_db.entities import ENTITIES, EntityKind, EntitySpec, children_of
from local_db.models import Ordered, Synced, User
from local_db.services.errors import FieldError, NotFound, ValidationFailed, invalid
from local_db.services.fields import field_names
from local_db.services.outbox import record_change, reopen_refused_references
from local_db.services.tournaments import (
    match_format,
    round_exercise_errors,
    status_step_errors,
    tournament_errors,
)
from local_db.services.validation import validate_values


def find(session: Session, kind: EntityKind, entity_id: uuid.UUID) -> Synced:
    row = session.get(ENTITIES[kind].model, entity_id)
    if row is None:
        raise NotFound(kind.value, entity_id)
    return row


def find_live(session: Session, kind: EntityKind, entity_id: uuid.UUID) -> Synced:
    row = find(session, kind, entity_id)
    if row.deleted_at is not None:
        raise ValidationFailed(
            [invalid("id", f"this {kind.value} is in the trash; restore it first")]
        )
    return row


def values_of(kind: EntityKind, row: Synced) -> dict[str, Any]:
    return {name: getattr(row, name) for name in field_names(kind)}


def create(
    session: Session,
    kind: EntityKind,
    values: Mapping[str, Any],
    *,
    entity_id: uuid.UUID | None = None,
) -> Synced:
    spec = ENTITIES[kind]
    cleaned, errors = validate_values(
        kind, values, tournament_format=match_format(session, kind, values)
    )
    if not errors:
        errors = (
            reference_errors(session, spec, cleaned)
            + unique_errors(session, spec, cleaned)
            + tournament_errors(session, kind, cleaned)
            + round_exercise_errors(session, kind, cleaned)
        )
    holder = _kind_holding(session, entity_id) if entity_id is not None else None
    if holder is not None:
        errors.append(invalid("id", f"a {holder.value} with id {entity_id} already exists"))
    if errors:
        raise ValidationFailed(errors)
    if spec.ordered and "position" not in cleaned:
        cleaned["position"] = end_position(session, spec, cleaned)
    row = spec.model(**cleaned, version=0)
    if entity_id is not None:
        row.id = entity_id
    session.add(row)
    session.flush()
    record_change(session, kind, row, cleaned)
    return row


def update(
    session: Session, kind: EntityKind, entity_id: uuid.UUID, changes: Mapping[str, Any]
) -> Synced:
    spec = ENTITIES[kind]
    row = find_live(session, kind, entity_id)
    current = values_of(kind, row)
    cleaned, errors = validate_values(
        kind, changes, current=current, tournament_format=match_format(session, kind, current)
    )
    if errors:
        raise ValidationFailed(errors)
    changed = {name: value for name, value in cleaned.items() if current[name] != value}
    if not changed:
        return row
    record = {**current, **changed}
    errors = (
        reference_errors(session, spec, changed)
        + unique_errors(session, spec, changed, exclude=row.id)
        + tournament_errors(session, kind, record, changed=changed.keys(), exclude=row.id)
        + round_exercise_errors(session, kind, changed)
    )
    if kind is EntityKind.TOURNAMENT and "status" in changed:
        errors += status_step_errors(current["status"], changed["status"])
    if errors:
        raise ValidationFailed(errors)
    moved = any(name in changed for name in spec.sibling_scope)
    if moved and "position" not in changed:
        changed["position"] = end_position(session, spec, record)
    return _apply(session, kind, row, changed)


def move(
    session: Session,
    kind: EntityKind,
    entity_id: uuid.UUID,
    *,
    index: int,
    scope: Mapping[str, uuid.UUID | None] | None = None,
) -> Synced:
    """Put a row at ``index`` among its siblings, optionally under a new parent.

    ``scope`` names the new parent, e.g. {"topic_id": ...} for a lesson, or
    {"subject_id": ..., "grade_id": ...} for a topic.
    """
    spec = ENTITIES[kind]
    if not spec.ordered:
        raise ValidationFailed([invalid("position", f"{kind.value}s have no order")])
    row = find_live(session, kind, entity_id)
    assert isinstance(row, Ordered)
    scope = dict(scope or {})
    unknown = [name for name in scope if name not in spec.sibling_scope]
    if unknown:
        raise ValidationFailed(
            [invalid(name, f"a {kind.value} cannot move by {name}") for name in unknown]
        )
    cleaned, errors = validate_values(kind, scope, current=values_of(kind, row))
    errors += reference_errors(session, spec, cleaned)
    if errors:
        raise ValidationFailed(errors)
    target = {name: cleaned.get(name, getattr(row, name)) for name in spec.sibling_scope}
    siblings = [sibling for sibling in sibling_rows(session, spec, target) if sibling.id != row.id]
    index = max(0, min(index, len(siblings)))
    try:
        position = _key_at(siblings, index)
    except OrderingError:
        _respace(session, kind, siblings)
        position = _key_at(siblings, index)
    changes = {name: value for name, value in target.items() if getattr(row, name) != value}
    changes["position"] = position
    return _apply(session, kind, row, changes)


def delete(
    session: Session, kind: EntityKind, entity_id: uuid.UUID
) -> list[tuple[EntityKind, uuid.UUID]]:
    """Move a row and the live rows below it to the trash; returns everything trashed."""
    row = find(session, kind, entity_id)
    if row.deleted_at is not None:
        return []
    in_use = _in_use_errors(session, kind, row.id)
    if in_use:
        raise ValidationFailed(in_use)
    stamp = utc_now()
    trashed = [(kind, row.id)]
    _set_deleted(session, kind, row, stamp)
    for child_kind, child in _descendants(session, kind, [row.id], live=True, stamp=None):
        _set_deleted(session, child_kind, child, stamp)
        trashed.append((child_kind, child.id))
    return trashed


def restore(
    session: Session, kind: EntityKind, entity_id: uuid.UUID
) -> list[tuple[EntityKind, uuid.UUID]]:
    """Bring a trashed row back with the rows that were trashed together with it."""
    spec = ENTITIES[kind]
    row = find(session, kind, entity_id)
    stamp = row.deleted_at
    if stamp is None:
        return []
    values = values_of(kind, row)
    descendants = _descendants(session, kind, [row.id], live=False, stamp=stamp)
    errors = (
        reference_errors(session, spec, values)
        + unique_errors(session, spec, values, exclude=row.id)
        + tournament_errors(session, kind, values, exclude=row.id)
        + _stranded_errors(session, descendants)
    )
    if errors:
        raise ValidationFailed(errors)
    restored = [(kind, row.id)]
    _set_deleted(session, kind, row, None)
    for child_kind, child in descendants:
        _set_deleted(session, child_kind, child, None)
        restored.append((child_kind, child.id))
    for restored_kind, restored_id in restored:
        reopen_refused_references(session, restored_kind, restored_id)
    return restored


def _kind_holding(session: Session, entity_id: uuid.UUID) -> EntityKind | None:
    """Which kind already uses an id: ids are unique across kinds (search and sync key on them)."""
    for kind, spec in ENTITIES.items():
        if session.get(spec.model, entity_id) is not None:
            return kind
    return None


def reference_errors(
    session: Session, spec: EntitySpec, values: Mapping[str, Any]
) -> list[FieldError]:
    """A row may only point at live rows: no child under a deleted parent."""
    refs = list(spec.optional_refs)
    if spec.parent_field and spec.parent_kind:
        refs.insert(0, (spec.parent_field, spec.parent_kind))
    errors = []
    for field, ref_kind in refs:
        ref_id = values.get(field)
        if ref_id is None:
            continue
        target = session.get(ENTITIES[ref_kind].model, ref_id)
        if target is None:
            errors.append(invalid(field, f"no {ref_kind.value} with id {ref_id}"))
        elif target.deleted_at is not None:
            errors.append(invalid(field, f"the {ref_kind.value} is in the trash; restore it first"))
    author = values.get("user_id")
    if author is not None and session.get(User, author) is None:
        errors.append(invalid("user_id", f"no user with id {author}"))
    return errors


def _stranded_errors(
    session: Session, descendants: Sequence[tuple[EntityKind, Synced]]
) -> list[FieldError]:
    """Rows coming back with their parent must not point at a row trashed since, nor
    take a place that a live row has taken since.

    Their parent is restored alongside; their other references (a topic's grade) are
    not, and a grade no live topic used could be trashed while the subject was. A
    reference to a row restored in the same cascade (a match's participations) is fine.
    """
    returning = {child.id for _, child in descendants}
    errors = []
    for child_kind, child in descendants:
        errors += tournament_errors(
            session, child_kind, values_of(child_kind, child), exclude=child.id
        )
        for field, ref_kind in ENTITIES[child_kind].optional_refs:
            ref_id = getattr(child, field)
            if ref_id is None or ref_id in returning:
                continue
            target = session.get(ENTITIES[ref_kind].model, ref_id)
            if target is not None and target.deleted_at is not None:
                message = (
                    f"{child_kind.value} {child.id} belongs to a {ref_kind.value} "
                    "that is in the trash; restore it first"
                )
                errors.append(invalid(field, message))
    return errors


def unique_errors(
    session: Session,
    spec: EntitySpec,
    values: Mapping[str, Any],
    *,
    exclude: uuid.UUID | None = None,
) -> list[FieldError]:
    errors = []
    for field in spec.unique_fields:
        if field not in values:
            continue
        column = getattr(spec.model, field)
        query = select(spec.model.id).where(
            column == values[field], spec.model.deleted_at.is_(None)
        )
        if exclude is not None:
            query = query.where(spec.model.id != exclude)
        if session.scalar(query.limit(1)) is not None:
            errors.append(invalid(field, f"another {spec.label} already uses '{values[field]}'"))
    return errors


def scope_filter(spec: EntitySpec, scope: Mapping[str, Any]) -> ColumnElement[bool]:
    conditions = [spec.model.deleted_at.is_(None)]
    for name in spec.sibling_scope:
        column = getattr(spec.model, name)
        value = scope.get(name)
        conditions.append(column.is_(None) if value is None else column == value)
    return and_(*conditions)


def sibling_rows(session: Session, spec: EntitySpec, scope: Mapping[str, Any]) -> list[Ordered]:
    model = spec.ordered_model
    query = select(model).where(scope_filter(spec, scope)).order_by(model.position, model.id)
    return list(session.scalars(query))


def last_position(session: Session, spec: EntitySpec, scope: Mapping[str, Any]) -> str | None:
    position = spec.ordered_model.position
    return session.scalar(select(func.max(position)).where(scope_filter(spec, scope)))


def _apply(session: Session, kind: EntityKind, row: Synced, changes: Mapping[str, Any]) -> Synced:
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    record_change(session, kind, row, changes)
    return row


def _key_at(siblings: Sequence[Ordered], index: int) -> str:
    before = siblings[index - 1].position if index > 0 else None
    after = siblings[index].position if index < len(siblings) else None
    return key_between(before, after)


def end_position(session: Session, spec: EntitySpec, scope: Mapping[str, Any]) -> str:
    """A key after the last live sibling in ``scope``, respacing the list if it is full."""
    try:
        return key_between(last_position(session, spec, scope), None)
    except OrderingError:
        siblings = sibling_rows(session, spec, scope)
        _respace(session, spec.kind, siblings)
        return key_between(siblings[-1].position, None)


def _respace(session: Session, kind: EntityKind, siblings: Sequence[Ordered]) -> None:
    """Fresh, short keys for a whole sibling list, when neighbours left no room between them.

    Rare (keys reach 64 characters only after thousands of inserts at one spot) and it
    costs one outbox entry per sibling, which is why it is not done on every move.
    """
    for row, key in zip(siblings, keys_between(None, None, len(siblings)), strict=True):
        if row.position != key:
            _apply(session, kind, row, {"position": key})


def _set_deleted(session: Session, kind: EntityKind, row: Synced, stamp: datetime | None) -> None:
    row.deleted_at = stamp
    session.flush()
    record_change(session, kind, row, ["deleted_at"])


def _descendants(
    session: Session,
    kind: EntityKind,
    parent_ids: list[uuid.UUID],
    *,
    live: bool,
    stamp: datetime | None,
) -> list[tuple[EntityKind, Synced]]:
    """Rows below the given parents, level by level: live ones, or those trashed at ``stamp``."""
    found: list[tuple[EntityKind, Synced]] = []
    for child in children_of(kind):
        if child.parent_kind is not kind or child.parent_field is None:
            continue
        column = getattr(child.model, child.parent_field)
        state = child.model.deleted_at.is_(None) if live else child.model.deleted_at == stamp
        rows = [
            row
            for chunk in chunked(parent_ids)
            for row in session.scalars(select(child.model).where(column.in_(chunk), state))
        ]
        found.extend((child.kind, row) for row in rows)
        if rows:
            found.extend(
                _descendants(session, child.kind, [row.id for row in rows], live=live, stamp=stamp)
            )
    return found


def chunked(ids: Sequence[uuid.UUID], size: int = 500) -> list[Sequence[uuid.UUID]]:
    """Slices small enough for SQLite's limit on bound parameters."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _in_use_errors(session: Session, kind: EntityKind, row_id: uuid.UUID) -> list[FieldError]:
    """A row that live rows refer to without being its children (a topic's grade, a
    match's participations) stays: trashing it would leave them pointing into the trash."""
    errors = []
    for spec in ENTITIES.values():
        fields = [field for field, ref_kind in spec.optional_refs if ref_kind is kind]
        if not fields:
            continue
        count = session.scalar(
            select(func.count()).where(
                or_(*(getattr(spec.model, field) == row_id for field in fields)),
                spec.model.deleted_at.is_(None),
            )
        )
        if count:
            plural = "(es)" if spec.label.endswith("ch") else "(s)"
            message = (
                f"{count} {spec.label}{plural} still belong to this {ENTITIES[kind].label}; "
                "move or delete them first"
            )
            errors.append(invalid("id", message))
    return errors
