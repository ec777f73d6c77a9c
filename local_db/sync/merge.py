"""The three-way merge of one row: the last server state both sides saw (base), this
library's row (local) and the server's row now (remote).

Pure functions over plain values (see local_db.sync.snapshot), so the rules can be
tested by properties without a database. A field changed on one side only takes that
side's value; changed to the same value on both, it agrees; changed differently on
both, it is a conflict and keeps the local value until a person decides. Deletion is
compared as a state, not a timestamp: both sides deleting agree. An edit on one side
against a delete on the other is a conflict of the whole row.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from local_db.models import ConflictKind
from local_db.sync.kinds import DELETED_AT

Values = Mapping[str, Any]


@dataclass(frozen=True)
class MergeResult:
    values: dict[str, Any]
    """The merged row: on a conflicting field, the local value."""
    conflict: ConflictKind | None
    fields: tuple[str, ...]
    """The fields a person has to decide (empty without a conflict)."""


def changed_fields(before: Values, after: Values, fields: Sequence[str]) -> list[str]:
    """Fields whose value differs, deletion compared as a state."""
    return [name for name in fields if not same(name, before.get(name), after.get(name))]


def same(name: str, left: Any, right: Any) -> bool:
    if name == DELETED_AT:
        return (left is None) == (right is None)
    return bool(left == right)


def three_way(base: Values, local: Values, remote: Values, fields: Sequence[str]) -> MergeResult:
    content = [name for name in fields if name != DELETED_AT]
    mine = changed_fields(base, local, content)
    theirs = changed_fields(base, remote, content)
    deleted_here = local.get(DELETED_AT) is not None and base.get(DELETED_AT) is None
    deleted_there = remote.get(DELETED_AT) is not None and base.get(DELETED_AT) is None
    values = {name: remote.get(name) for name in fields}
    for name in mine:
        values[name] = local.get(name)
    # A change both sides made alike (our own write coming back) is no edit against a delete.
    disagreeing = [name for name in content if not same(name, local.get(name), remote.get(name))]
    if deleted_there and not deleted_here and set(mine) & set(disagreeing):
        edited = tuple(name for name in mine if name in disagreeing)
        return MergeResult(
            values | {DELETED_AT: None}, ConflictKind.EDIT_DELETE, (*edited, DELETED_AT)
        )
    if deleted_here and not deleted_there and set(theirs) & set(disagreeing):
        edited = tuple(name for name in theirs if name in disagreeing)
        return MergeResult(
            values | {DELETED_AT: local.get(DELETED_AT)},
            ConflictKind.DELETE_EDIT,
            (*edited, DELETED_AT),
        )
    values[DELETED_AT] = _merged_deletion(base, local, remote)
    if deleted_here and deleted_there:
        # Trashed on both sides, with edits made here before the trash: the server
        # refuses edits to a trashed row, so keeping them is a decision, not a merge.
        clashes = tuple(name for name in mine if name in disagreeing)
    else:
        clashes = tuple(name for name in mine if name in theirs and name in disagreeing)
    return MergeResult(values, ConflictKind.FIELDS if clashes else None, clashes)


def _merged_deletion(base: Values, local: Values, remote: Values) -> Any:
    if same(DELETED_AT, local.get(DELETED_AT), base.get(DELETED_AT)):
        return remote.get(DELETED_AT)
    if same(DELETED_AT, remote.get(DELETED_AT), base.get(DELETED_AT)):
        return local.get(DELETED_AT)
    return remote.get(DELETED_AT)
