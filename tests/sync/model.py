"""The model behind tests/sync/test_model.py: what the server holds, what a library must
hold right after it synced, and where every value an author typed has gone.

The server is read through its own change feed rather than re-implemented here: the
engine's job is to mirror the server faithfully, so the server's answer is the model of
"what everyone agreed on", and the per-studio outbox (pending changes) and open
conflicts are the model of "what this studio has not agreed on yet". The ``Ledger``
adds what neither side remembers: which values authors wrote, and which of them they
replaced or resolved away knowingly.
"""

import uuid
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from local_db.entities import ENTITIES, EntityKind
from local_db.library import Library
from local_db.models import OutboxOperation, Synced
from local_db.sync.kinds import DELETED_AT, KINDS
from local_db.sync.pending import PendingReport
from local_db.sync.remote import Remote
from local_db.sync.snapshot import record_values, row_values

CURRICULUM = (EntityKind.SUBJECT, EntityKind.TOPIC, EntityKind.LESSON, EntityKind.EXERCISE)
PARENT: dict[EntityKind, tuple[str, EntityKind]] = {
    EntityKind.TOPIC: ("subject_id", EntityKind.SUBJECT),
    EntityKind.LESSON: ("topic_id", EntityKind.TOPIC),
    EntityKind.EXERCISE: ("lesson_id", EntityKind.LESSON),
}
TOURNAMENTS = (EntityKind.TOURNAMENT, EntityKind.TOURNAMENT_PARTICIPATION, EntityKind.MATCH)
"""The kinds of tests/sync/test_tournament_model.py, which admins edit."""
EDITABLE: dict[EntityKind, tuple[str, ...]] = {
    EntityKind.SUBJECT: ("name", "description", "slug"),
    EntityKind.TOPIC: ("name", "description"),
    EntityKind.LESSON: ("title", "content"),
    EntityKind.EXERCISE: ("explanation", "points"),
    EntityKind.TOURNAMENT: ("name", "description", "capacity", "time_zone", "start_time", "status"),
    EntityKind.TOURNAMENT_PARTICIPATION: ("user_id", "seed", "status"),
    EntityKind.MATCH: (
        "match_number",
        "home_participation_id",
        "away_participation_id",
        "winner_participation_id",
        "status",
        "start_time",
        "place",
        "home_score",
        "away_score",
    ),
}
SHARED: dict[str, Any] = {
    "name": "Shared name",
    "description": "Shared description",
    "slug": "shared",
    "title": "Shared title",
    "content": "Shared content",
    "explanation": "Shared explanation",
    "points": 7,
}
"""One value per field that several studios may type independently: equal edits must
agree instead of conflicting, and equal slugs on two subjects must be refused."""
DELETED = "deleted"
ANY = object()
"""Stands for every value of a cell in ``kept_values``."""
FEED_PAGE = 2000

Key = tuple[str, uuid.UUID]
Cell = tuple[str, uuid.UUID, str]


def fresh_value(name: str, serial: int) -> Any:
    """A value nobody else will type, so that the ledger can tell whose it is."""
    if name == "slug":
        return f"slug-{serial}"
    if name == "points":
        return serial % 1000
    return f"{name} {serial}"


def tracked(kind: EntityKind) -> tuple[str, ...]:
    """The fields authors choose: content, place in the order, parent.

    Authorship (``user_id`` of curriculum rows) is the server's to set, and deletion is
    not tracked: a trashed row keeps every value, so trashing loses nothing that the
    ledger could see. Tournament rows have no order, and never change tournament.
    """
    parent = PARENT.get(kind)
    order = ("position",) if ENTITIES[kind].ordered else ()
    return (*EDITABLE[kind], *order, *((parent[0],) if parent else ()))


@dataclass(frozen=True)
class Rows:
    """Curriculum rows as plain values, with ``deleted`` as a state instead of a stamp."""

    values: dict[Key, dict[str, Any]] = field(default_factory=dict)
    versions: dict[Key, int] = field(default_factory=dict)

    def add(self, kind: str, values: dict[str, Any], version: int) -> None:
        key = (kind, uuid.UUID(str(values["id"])))
        row = {name: values[name] for name in KINDS[kind].fields}
        row[DELETED] = values[DELETED_AT] is not None
        self.values[key] = row
        self.versions[key] = version

    def only(self, keys: Iterable[Key]) -> "Rows":
        kept = set(keys)
        return Rows(
            {key: values for key, values in self.values.items() if key in kept},
            {key: version for key, version in self.versions.items() if key in kept},
        )

    def value(self, cell: Cell) -> Any:
        return self.values[cell[0], cell[1]][cell[2]]

    def has(self, cell: Cell) -> bool:
        return (cell[0], cell[1]) in self.values


def differences(left: Rows, right: Rows) -> dict[Key, tuple[Any, Any]]:
    """Rows (with their versions) that two snapshots disagree on, for a failure message."""
    return {
        key: (
            (left.values.get(key), left.versions.get(key)),
            (right.values.get(key), right.versions.get(key)),
        )
        for key in left.values.keys() | right.values.keys()
        if left.values.get(key) != right.values.get(key)
        or left.versions.get(key) != right.versions.get(key)
    }


def server_rows(remote: Remote, kinds: Iterable[EntityKind] = CURRICULUM) -> Rows:
    """Every row of ``kinds`` in the tenant, tombstones included, read from the feed."""
    kinds = tuple(kinds)
    newest: dict[Key, dict[str, Any]] = {}
    cursor: str | None = None
    while True:
        page = remote.pull(cursor, first=FEED_PAGE)
        for kind in kinds:
            for record in page.records.get(kind.value, ()):
                values = record_values(KINDS[kind.value], record)
                key = (kind.value, uuid.UUID(values["id"]))
                if key not in newest or newest[key]["version"] < values["version"]:
                    newest[key] = values
        cursor = page.end_cursor
        if not page.has_next_page:
            break
    rows = Rows()
    for (name, _entity_id), values in newest.items():
        rows.add(name, values, values["version"])
    return rows


def library_rows(library: Library, kinds: Iterable[EntityKind] = CURRICULUM) -> Rows:
    rows = Rows()
    with library.read() as session:
        for kind in kinds:
            synced = KINDS[kind.value]
            found: Iterable[Synced] = session.scalars(select(synced.model))
            for row in found:
                rows.add(kind.value, {"id": row.id, **row_values(synced, row)}, row.version)
    return rows


def expected_rows(server: Rows, local: Rows, pending: PendingReport) -> dict[Key, dict[str, Any]]:
    """What a library that has just synced must hold: the server's rows, overlaid with its
    pending changes (their field diffs against the base).

    A row the server has never seen is either a pending create or one created and
    trashed here before it was ever sent; for the latter only its state is known. A
    create the sync moved to the trash to make room for the server's row (a tournament
    entrant taken twice) stays, rejected, in the trash.
    """
    expected = {key: dict(values) for key, values in server.values.items()}
    changes = {(change.entity_type, change.entity_id): change for change in pending.changes}
    for key in local.values.keys() - server.values.keys():
        if key in changes:
            names = KINDS[key[0]].fields
            trashed = changes[key].rejected and local.values[key][DELETED]
            expected[key] = {name: None for name in names} | {DELETED: trashed}
        else:
            expected[key] = local.values[key] | {DELETED: True}
    for key, change in changes.items():
        row = expected.setdefault(key, {})
        for diff in change.changes:
            if diff.field == DELETED_AT:
                row[DELETED] = diff.local is not None
            else:
                row[diff.field] = diff.local
    return expected


def kept_values(pending: PendingReport) -> set[tuple[Cell, Hashable]]:
    """Values a library still holds for the server: pending field changes (rejected ones
    included: the author has been told) and the local side of open conflicts.

    The field a rejection names stands for every value written to it (``ANY``): the
    library may have renamed a value the server refused, and said so in the message.
    """
    kept: set[tuple[Cell, Hashable]] = set()
    for change in pending.changes:
        names = tracked(EntityKind(change.entity_type))
        if change.rejected and change.error_field in names:
            kept.add(((change.entity_type, change.entity_id, change.error_field), ANY))
        for diff in change.changes:
            if diff.field in names:
                kept.add(((change.entity_type, change.entity_id, diff.field), diff.local))
        if change.operation is OutboxOperation.CREATE:
            # A create lists the fields it fills; the others it holds empty.
            listed = {diff.field for diff in change.changes}
            for name in set(names) - listed:
                kept.add(((change.entity_type, change.entity_id, name), None))
    for conflict in pending.conflicts:
        names = tracked(EntityKind(conflict.entity_type))
        for name in conflict.fields:
            if name in names:
                cell = (conflict.entity_type, conflict.entity_id, name)
                kept.add((cell, conflict.local.get(name)))
    return kept


@dataclass
class Ledger:
    """Every value authors wrote into a tracked field, and those that may be gone.

    A value may be gone when its author's studio replaced it knowingly (an edit made
    while the studio showed that value), when a person chose another side of a conflict,
    or when a row was trashed before it ever reached the server.
    """

    written: dict[Cell, set[Hashable]] = field(default_factory=lambda: defaultdict(set))
    released: dict[Cell, set[Hashable]] = field(default_factory=lambda: defaultdict(set))

    def record(self, before: Rows, after: Rows, *, knowingly: bool = True) -> None:
        """Account for one edit in one studio, from its rows before and after.

        ``knowingly``: the person saw the values the edit replaced (an edit, "theirs", a
        merged value), so those may be gone; not so for "mine", which promises to keep
        what the studio shows.
        """
        for key, now in after.values.items():
            kind = EntityKind(key[0])
            old = before.values.get(key)
            for name in tracked(kind):
                cell = (key[0], key[1], name)
                if old is None or old[name] != now[name]:
                    self.written[cell].add(now[name])
                if knowingly and old is not None and old[name] != now[name]:
                    self.released[cell].add(old[name])
            if old is not None and now[DELETED] and not old[DELETED] and after.versions[key] == 0:
                for name in tracked(kind):
                    self.release_all((key[0], key[1], name))

    def release(self, cell: Cell, value: Hashable) -> None:
        self.released[cell].add(value)

    def release_all(self, cell: Cell) -> None:
        self.released[cell] |= self.written[cell]

    def lost(self, server: Rows, kept: set[tuple[Cell, Hashable]]) -> list[str]:
        """Written values that are nowhere: not on the server, not held by any library
        for it, and not given up by a person."""
        missing = []
        for cell, values in self.written.items():
            on_server = server.value(cell) if server.has(cell) else None
            for value in values - self.released[cell]:
                if (server.has(cell) and value == on_server) or (cell, value) in kept:
                    continue
                if (cell, ANY) in kept:
                    continue
                missing.append(f"{cell[0]} {cell[1]} {cell[2]}={value!r} (server: {on_server!r})")
        return sorted(missing)
