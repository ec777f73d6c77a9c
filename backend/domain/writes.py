"""Create, update, delete and restore for every synced entity, inside the caller's transaction.

Each write checks the caller's role, the record's version when the caller names the one
it expects (a mismatch is a CONFLICT that carries the current record), the shared
curriculum rules and the references, then bumps ``version`` and moves the row to the end
of the change log. Deletes are soft and cascade to live descendants with one timestamp;
a restore brings back exactly the rows that went with it.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.passwords import hash_password_off_loop
from backend.auth.principal import Principal
from backend.db import models
from backend.domain.entities import ENTITIES, MATCH_SIDES, EntityDef, children_of
from backend.domain.problems import ApiProblem, ErrorCode, forbidden, invalid, not_found
from backend.domain.tournaments import (
    moved_problems,
    place_problems,
    round_exercise_problems,
    tournament_format,
)
from backend.domain.validation import camel_path, validate
from backend.feed.log import record_change
from content_rules.ordering import OrderingError, key_between


@dataclass
class Outcome:
    row: models.SyncedRecord | None
    problems: list[ApiProblem] = field(default_factory=list)


async def load(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    entity_id: uuid.UUID,
    *,
    for_write: bool = False,
) -> models.SyncedRecord | None:
    """The row if it exists in the caller's tenant; another tenant's row is not found.

    ``for_write`` locks the row until commit (SELECT ... FOR UPDATE; SQLite's single
    writer needs none), so a concurrent write waits and then sees the new version:
    without it two writes that both expected version N could both succeed on PostgreSQL.
    """
    model = entity.model
    query = select(model).where(model.id == entity_id, model.tenant_id == principal.tenant_id)
    return await session.scalar(query.with_for_update() if for_write else query)


async def create(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    values: dict[str, Any],
    entity_id: uuid.UUID | None,
) -> Outcome:
    if principal.role not in entity.write_roles:
        return Outcome(None, [forbidden()])
    fmt = await tournament_format(session, principal, entity.name, values)
    cleaned, problems = validate(entity.name, values, tournament_format=fmt)
    if problems:
        return Outcome(None, problems)
    if entity_id is not None:
        existing = await session.get(entity.model, entity_id)
        if existing is not None:
            if existing.tenant_id == principal.tenant_id:
                conflict = ApiProblem(
                    ErrorCode.CONFLICT, f"a {entity.name} with this id exists", "id"
                )
                return Outcome(existing, [conflict])
            return Outcome(None, [invalid("id", "is already taken")])
    problems = await _reference_problems(session, principal, entity, cleaned, current={})
    problems += await _unique_problems(
        session, principal, entity, cleaned, current={}, exclude=None
    )
    if not problems:
        problems = await place_problems(session, entity.name, cleaned, touched=None, row_id=None)
        problems += await round_exercise_problems(session, principal, entity.name, cleaned)
    if problems:
        return Outcome(None, problems)
    if entity.name in {"lesson", "exercise"} and cleaned.get("user_id") is None:
        cleaned["user_id"] = principal.user_id
    if "password" in cleaned:
        cleaned["password_hash"] = await hash_password_off_loop(cleaned.pop("password"))
    if "position" in entity.model.__table__.c and "position" not in cleaned:
        try:
            cleaned["position"] = await _end_position(session, principal, entity, cleaned)
        except OrderingError:
            return Outcome(None, [invalid("position", "the list is full; give a position")])
    row = entity.model(
        id=entity_id or uuid.uuid4(), tenant_id=principal.tenant_id, version=1, **cleaned
    )
    session.add(row)
    await session.flush()
    await _logged(session, entity, row)
    return Outcome(row)


async def update(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    entity_id: uuid.UUID,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Outcome:
    target = await _writable(session, principal, entity, entity_id, expected_version)
    if isinstance(target, Outcome):
        return target
    row = target
    if row.deleted_at is not None:
        return Outcome(row, [invalid("id", f"this {entity.name} is deleted; restore it first")])
    stored = _full_values(entity, row)
    fmt = await tournament_format(session, principal, entity.name, stored)
    cleaned, problems = validate(entity.name, changes, current=stored, tournament_format=fmt)
    if problems:
        return Outcome(None, problems)
    changed = {
        name: value
        for name, value in cleaned.items()
        if name == "password" or stored.get(name) != value
    }
    problems = moved_problems(entity.name, changed)
    if problems:
        return Outcome(None, problems)
    problems = await _reference_problems(session, principal, entity, changed, current=stored)
    problems += await _unique_problems(
        session, principal, entity, changed, current=stored, exclude=row.id
    )
    if not problems:
        record = {**stored, **changed}
        problems = await place_problems(
            session, entity.name, record, touched=changed, row_id=row.id
        )
        problems += await round_exercise_problems(session, principal, entity.name, changed)
    if problems:
        return Outcome(None, problems)
    if not changed:
        return Outcome(row)
    if "password" in changed:
        changed["password_hash"] = await hash_password_off_loop(changed.pop("password"))
    for name, value in changed.items():
        setattr(row, name, value)
    await _bump(session, entity, row)
    return Outcome(row)


async def delete(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    entity_id: uuid.UUID,
    expected_version: int | None,
) -> Outcome:
    target = await _writable(session, principal, entity, entity_id, expected_version)
    if isinstance(target, Outcome):
        return target
    row = target
    if row.deleted_at is not None:
        return Outcome(row)
    if entity.name == "user" and row.id == principal.user_id:
        return Outcome(None, [invalid("id", "you cannot delete your own account")])
    if (problem := await _in_use_problem(session, entity, row.id)) is not None:
        return Outcome(None, [problem])
    stamp = datetime.now(UTC)
    for child_entity, child in [(entity, row), *await _descendants(session, entity, row.id, None)]:
        child.deleted_at = stamp
        await _bump(session, child_entity, child)
    return Outcome(row)


async def restore(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    entity_id: uuid.UUID,
    expected_version: int | None,
) -> Outcome:
    target = await _writable(session, principal, entity, entity_id, expected_version)
    if isinstance(target, Outcome):
        return target
    row = target
    stamp = row.deleted_at
    if stamp is None:
        return Outcome(row)
    values = _full_values(entity, row)
    problems = await _reference_problems(session, principal, entity, values, current={})
    problems += await _unique_problems(
        session, principal, entity, values, current={}, exclude=row.id
    )
    if not problems:
        problems = await place_problems(session, entity.name, values, touched=None, row_id=row.id)
    if problems:
        return Outcome(None, problems)
    for child_entity, child in [(entity, row), *await _descendants(session, entity, row.id, stamp)]:
        child.deleted_at = None
        await _bump(session, child_entity, child)
    return Outcome(row)


async def _writable(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    entity_id: uuid.UUID,
    expected_version: int | None,
) -> models.SyncedRecord | Outcome:
    """The row to write, locked for this transaction, or why it may not be written."""
    if principal.role not in entity.write_roles:
        return Outcome(None, [forbidden()])
    row = await load(session, principal, entity, entity_id, for_write=True)
    if row is None:
        return Outcome(None, [not_found(entity.name)])
    if expected_version is not None and row.version != expected_version:
        return Outcome(row, [_conflict(entity, row, expected_version)])
    return row


def _conflict(entity: EntityDef, row: models.SyncedRecord, expected: int) -> ApiProblem:
    return ApiProblem(
        ErrorCode.CONFLICT,
        f"this {entity.name} changed on the server (version {row.version}, "
        f"you expected {expected}); the current record is attached",
        "expectedVersion",
    )


def _full_values(entity: EntityDef, row: models.SyncedRecord) -> dict[str, Any]:
    columns = entity.model.__table__.columns.keys()
    return {name: getattr(row, name) for name in columns}


async def _bump(session: AsyncSession, entity: EntityDef, row: models.SyncedRecord) -> None:
    row.version += 1
    await session.flush()
    await _logged(session, entity, row)


async def _logged(session: AsyncSession, entity: EntityDef, row: models.SyncedRecord) -> None:
    await record_change(session, tenant_id=row.tenant_id, entity_type=entity.name, entity_id=row.id)


async def _reference_problems(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    values: dict[str, Any],
    *,
    current: dict[str, Any],
) -> list[ApiProblem]:
    """References must point at live rows of the caller's tenant, and a match's sides at
    participations of its own tournament (``current`` is the stored row, for a change
    that names only one of the two)."""
    problems = []
    found: dict[str, models.SyncedRecord] = {}
    for column, target_name in entity.references:
        target_id = values.get(column)
        if target_id is None:
            continue
        target = await load(session, principal, ENTITIES[target_name], target_id)
        if target is None:
            problems.append(invalid(camel_path(column), f"no {target_name} with this id"))
        elif target.deleted_at is not None:
            problems.append(
                invalid(camel_path(column), f"the {target_name} is deleted; restore it first")
            )
        else:
            found[column] = target
    if entity.name == "match" and not problems:
        problems = await _side_problems(session, principal, {**current, **values}, values, found)
    return problems


async def _side_problems(
    session: AsyncSession,
    principal: Principal,
    record: dict[str, Any],
    values: dict[str, Any],
    found: dict[str, models.SyncedRecord],
) -> list[ApiProblem]:
    """Each side the write sets is in the match's tournament (which never changes)."""
    problems = []
    for side in MATCH_SIDES:
        if record.get(side) is None or side not in values:
            continue
        participation = found.get(side) or await load(
            session, principal, ENTITIES["tournament_participation"], record[side]
        )
        if (
            not isinstance(participation, models.TournamentParticipation)
            or participation.tournament_id != record["tournament_id"]
        ):
            problems.append(
                invalid(camel_path(side), "must be a participation of the match's tournament")
            )
    return problems


# Per entity: the live rows (model, referring columns, plural noun) that keep one from the trash.
IN_USE: dict[str, tuple[type[models.SyncedRecord], tuple[str, ...], str]] = {
    "grade": (models.Topic, ("grade_id",), "topics"),
    "tournament_participation": (models.Match, MATCH_SIDES, "matches"),
}


async def _in_use_problem(
    session: AsyncSession, entity: EntityDef, row_id: uuid.UUID
) -> ApiProblem | None:
    """A grade that live topics use, or a participation that live matches name, stays:
    trashing it would leave them pointing into the trash."""
    if entity.name not in IN_USE:
        return None
    model, columns, noun = IN_USE[entity.name]
    count = await session.scalar(
        select(func.count()).where(
            or_(*(getattr(model, column) == row_id for column in columns)),
            model.deleted_at.is_(None),
        )
    )
    if not count:
        return None
    return invalid(
        "id",
        f"live {noun} ({count}) still use this {entity.name.replace('_', ' ')};"
        " change or delete them first",
    )


async def _unique_problems(
    session: AsyncSession,
    principal: Principal,
    entity: EntityDef,
    values: dict[str, Any],
    *,
    current: dict[str, Any],
    exclude: uuid.UUID | None,
) -> list[ApiProblem]:
    """Live rows may not share a unique group; checked when the write touches the group,
    against the stored values of its other columns."""
    model = entity.model
    problems = []
    record = {**current, **values}
    for columns in entity.unique:
        if not values.keys() & set(columns):
            continue
        query = select(model.id).where(
            *(getattr(model, column) == record[column] for column in columns),
            model.deleted_at.is_(None),
        )
        if entity.unique_per_tenant:
            query = query.where(model.tenant_id == principal.tenant_id)
        if exclude is not None:
            query = query.where(model.id != exclude)
        if await session.scalar(query.limit(1)) is not None:
            problems.append(invalid(camel_path(columns[-1]), _clash(entity, columns, record)))
    return problems


def _clash(entity: EntityDef, columns: tuple[str, ...], record: dict[str, Any]) -> str:
    if len(columns) == 1:
        return f"another {entity.name} already uses '{record[columns[0]]}'"
    named = [column.removesuffix("_id").replace("_", " ") for column in columns]
    return f"another {entity.name.replace('_', ' ')} already has this {', '.join(named)}"


async def _end_position(
    session: AsyncSession, principal: Principal, entity: EntityDef, values: dict[str, Any]
) -> str:
    """A position after the last live sibling, for API clients that do not choose one."""
    table = entity.model.__table__
    query = select(func.max(table.c.position)).where(
        table.c.tenant_id == principal.tenant_id, table.c.deleted_at.is_(None)
    )
    if entity.parent:
        query = query.where(table.c[entity.parent[0]] == values[entity.parent[0]])
    return key_between(await session.scalar(query), None)


async def _descendants(
    session: AsyncSession, entity: EntityDef, parent_id: uuid.UUID, stamp: datetime | None
) -> list[tuple[EntityDef, models.SyncedRecord]]:
    """Live rows below a parent (stamp None), or those deleted together with it at ``stamp``."""
    found: list[tuple[EntityDef, models.SyncedRecord]] = []
    for child in children_of(entity.name):
        assert child.parent is not None
        model = child.model
        state = model.deleted_at.is_(None) if stamp is None else model.deleted_at == stamp
        rows = (
            await session.scalars(
                select(model)
                .where(getattr(model, child.parent[0]) == parent_id, state)
                .with_for_update()
            )
        ).all()
        for row in rows:
            found.append((child, row))
            found.extend(await _descendants(session, child, row.id, stamp))
    return found
