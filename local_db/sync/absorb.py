"""Taking a server record into the library: after our own write, or from the change feed.

Both end the same way: the record becomes the row's base, the row takes every value
nobody changed here, and the outbox entry is recomputed from what still differs. They
differ in what counts as "changed here": after our own write the values we sent are
the server's now, while a record from the feed is merged three-way against the base.
"""

import enum
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from local_db.models import ConflictKind, SyncConflict, Synced
from local_db.sync.kinds import DELETED_AT, SyncedKind
from local_db.sync.ledger import base_of, conflict_of, entry_of, refresh_entry, set_base
from local_db.sync.merge import same, three_way
from local_db.sync.snapshot import SERVER_FIELDS, column_value, record_values, row_values


class Absorbed(enum.StrEnum):
    STALE = "stale"
    """Already seen: the base is at this version or later."""
    APPLIED = "applied"
    """Nothing changed here, so the row now equals the record."""
    MERGED = "merged"
    """Changes on both sides, all compatible."""
    CONFLICT = "conflict"
    """Changes on both sides that a person has to settle."""


def confirm(
    session: Session,
    kind: SyncedKind,
    record: Mapping[str, Any],
    sent: Mapping[str, Any],
) -> Absorbed:
    """Take the server's answer to a write that succeeded; ``sent`` holds the plain values
    the write carried. A field edited again while the write was in flight keeps the
    newer value, and the entry goes on asking for it."""
    remote = record_values(kind, record)
    entity_id = uuid.UUID(str(record["id"]))
    base = base_of(session, kind, entity_id)
    row = session.get(kind.model, entity_id)
    if base is not None and base.version >= remote["version"]:
        # A replayed answer the feed has overtaken: the entry must not ask again with
        # this id, or it would get the same old answer for ever.
        if row is not None:
            refresh_entry(session, kind, row, base.data, answered=True)
        return Absorbed.STALE
    if row is None:
        _insert(session, kind, entity_id, remote)
    else:
        local = row_values(kind, row)
        previous = base.data if base is not None else {}
        untouched = {
            name
            for name in kind.merged_fields
            if (name in sent and local[name] == sent[name])
            or (name not in sent and local[name] == previous.get(name))
        }
        _write(kind, row, {name: remote[name] for name in untouched}, remote)
    set_base(session, kind, entity_id, remote["version"], remote)
    if row is not None:
        refresh_entry(session, kind, row, remote, answered=True)
    return Absorbed.APPLIED


def integrate(
    session: Session, kind: SyncedKind, record: Mapping[str, Any], *, resync: bool = False
) -> Absorbed:
    """Take a record that may carry other people's changes (the feed, a CONFLICT answer).

    ``resync``: the server's log started over (a restored backup), so its versions may be
    lower than the bases here and are taken anyway.
    """
    remote = record_values(kind, record)
    entity_id = uuid.UUID(str(record["id"]))
    base = base_of(session, kind, entity_id)
    if base is not None and base.version >= remote["version"] and not resync:
        return Absorbed.STALE
    row = session.get(kind.model, entity_id)
    if row is None:
        _insert(session, kind, entity_id, remote)
        set_base(session, kind, entity_id, remote["version"], remote)
        return Absorbed.APPLIED
    conflict = conflict_of(session, kind, entity_id)
    local = row_values(kind, row)
    if entry_of(session, kind, entity_id) is None and conflict is None:
        _write(kind, row, remote, remote)
        set_base(session, kind, entity_id, remote["version"], remote)
        return Absorbed.APPLIED
    # Without a base the row was created here and is already on the server (a create
    # whose answer was lost): the server's row is our own earlier state.
    agreed: Mapping[str, Any] = base.data if base is not None else remote
    merge = three_way(agreed, local, remote, kind.merged_fields)
    _write(kind, row, merge.values, remote)
    set_base(session, kind, entity_id, remote["version"], remote)
    refresh_entry(session, kind, row, remote, answered=True)
    open_fields = list(merge.fields)
    if conflict is not None:
        open_fields += [
            name
            for name in conflict.fields
            if name not in open_fields and not same(name, local[name], remote[name])
        ]
    if not open_fields:
        if conflict is not None:
            session.delete(conflict)
        return Absorbed.MERGED
    _record_conflict(session, kind, conflict, merge.conflict, open_fields, agreed, local, remote)
    return Absorbed.CONFLICT


def _record_conflict(
    session: Session,
    kind: SyncedKind,
    conflict: SyncConflict | None,
    found: ConflictKind | None,
    fields: list[str],
    agreed: Mapping[str, Any],
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
) -> None:
    """Open a conflict, or bring an open one up to the server's latest record.

    An open conflict keeps the base its fields diverged from; fields that clash only now
    take today's base.
    """
    base = {name: agreed.get(name) for name in kind.merged_fields}
    if conflict is not None:
        base.update({name: conflict.base.get(name) for name in conflict.fields})
    values: dict[str, Any] = {
        "kind": found or (conflict.kind if conflict is not None else ConflictKind.FIELDS),
        "fields": fields,
        "base": base,
        "local": dict(local),
        "remote": {name: remote[name] for name in kind.merged_fields},
        "remote_version": remote["version"],
    }
    if conflict is None:
        session.add(SyncConflict(entity_type=kind.name, entity_id=remote_id(remote), **values))
    else:
        for name, value in values.items():
            setattr(conflict, name, value)


def remote_id(remote: Mapping[str, Any]) -> uuid.UUID:
    return uuid.UUID(str(remote["id"]))


def _insert(
    session: Session, kind: SyncedKind, entity_id: uuid.UUID, remote: Mapping[str, Any]
) -> None:
    row = kind.model(id=entity_id)
    _write(kind, row, remote, remote)
    session.add(row)
    session.flush()


def _write(
    kind: SyncedKind, row: Synced, values: Mapping[str, Any], remote: Mapping[str, Any]
) -> None:
    """Set ``values`` on the row, and the server-owned fields from ``remote``.

    A row trashed here and on the server keeps its own deletion time: restore brings
    back the rows trashed together by that shared time, and the server stamps each row
    of a cascade its own way.
    """
    for name, value in values.items():
        if name == DELETED_AT and value is not None and row.deleted_at is not None:
            continue
        setattr(row, name, column_value(kind, name, value))
    for name in SERVER_FIELDS:
        setattr(row, name, column_value(kind, name, remote[name]))
