"""Sibling positions for created records that the file gave none.

The file's array order decides among them, and they go after every live sibling, so an
import adds to a list without reshuffling what the author already arranged. Records that
bring their own position keep it.
"""

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content_rules.ordering import keys_between
from local_db.entities import ENTITIES, EntityKind, EntitySpec
from local_db.exchange.against_library import chunks, table_of
from local_db.exchange.document import Record

Scope = tuple[Any, ...]


def assign_positions(
    session: Session, kind: EntityKind, created: Sequence[Record]
) -> dict[uuid.UUID, str]:
    """A key for each created record without a position, by id."""
    spec = ENTITIES[kind]
    waiting: dict[Scope, list[Record]] = {}
    given: dict[Scope, str] = {}
    for record in created:
        scope = tuple(record.values.get(name) for name in spec.sibling_scope)
        position = record.values.get("position")
        if position is None:
            waiting.setdefault(scope, []).append(record)
        elif position > given.get(scope, ""):
            given[scope] = position
    if not waiting:
        return {}
    in_library = last_positions(session, spec, waiting)
    keys: dict[uuid.UUID, str] = {}
    for scope, records in waiting.items():
        before = max(
            (key for key in (in_library.get(scope), given.get(scope)) if key), default=None
        )
        keys.update(
            zip((r.id for r in records), keys_between(before, None, len(records)), strict=True)
        )
    return keys


def last_positions(
    session: Session, spec: EntitySpec, scopes: Collection[Scope]
) -> dict[Scope, str]:
    """The greatest live position in each scope; one grouped query per chunk of parents."""
    table = table_of(spec.kind)
    live = table.c.deleted_at.is_(None)
    if spec.parent_field is None:
        last = session.scalar(select(func.max(table.c.position)).where(live))
        return {(): last} if last is not None else {}
    columns = [table.c[name] for name in spec.sibling_scope]
    parents = list({scope[spec.sibling_scope.index(spec.parent_field)] for scope in scopes})
    found: dict[Scope, str] = {}
    for chunk in chunks(parents):
        query = (
            select(*columns, func.max(table.c.position))
            .where(live, table.c[spec.parent_field].in_(chunk))
            .group_by(*columns)
        )
        for *scope, last in session.execute(query):
            found[tuple(scope)] = last
    return found
