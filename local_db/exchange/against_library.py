"""Checks of a file against the library it goes into, run before anything is written.

They run inside the import's write transaction, which holds SQLite's write lock from its
BEGIN IMMEDIATE, so nothing can change between these checks and the writes they permit.
What they find about each id (which kind holds it, and whether it is in the trash) is
kept: the importer needs the same facts to tell creates from updates.
"""

import json
import uuid
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.exchange.document import Document
from local_db.exchange.layout import ID_KEY
from local_db.exchange.problems import ImportProblem, member, with_article
from local_db.models import Base, User

CHUNK = 500
"""Ids per IN (...) list, well under SQLite's limit on bound parameters."""


@dataclass(frozen=True, slots=True)
class Existing:
    kind: EntityKind
    trashed: bool


def table_of(kind: EntityKind) -> Table:
    return Base.metadata.tables[ENTITIES[kind].table]


def find_existing(
    session: Session, ids: Collection[uuid.UUID], kinds: Collection[EntityKind] = tuple(ENTITIES)
) -> dict[uuid.UUID, Existing]:
    """Which of ``ids`` the library holds, in which table, and whether they are trashed.

    The ids travel as one JSON array that SQLite's json_each unpacks, so a file of a
    million records costs one primary-key probe per id and table, with no IN list to
    build, chunk and bind in Python. Uuid columns store 32 hex digits on SQLite.
    """
    found: dict[uuid.UUID, Existing] = {}
    if not ids:
        return found
    wanted = json.dumps([value.hex for value in ids])
    for kind in kinds:
        query = text(
            f"SELECT t.id, t.deleted_at IS NOT NULL FROM json_each(:ids) AS wanted "
            f"JOIN {table_of(kind).name} AS t ON t.id = wanted.value"
        )
        for row_id, trashed in session.execute(query, {"ids": wanted}):
            found[uuid.UUID(hex=row_id)] = Existing(kind, bool(trashed))
    return found


def library_problems(
    session: Session, document: Document, existing: dict[uuid.UUID, Existing]
) -> Iterator[ImportProblem]:
    for record in document.all_records():
        known = existing.get(record.id)
        if known is None:
            continue
        if known.kind is not record.kind:
            message = f"is already the id of {with_article(known.kind.value)} in this library"
            yield ImportProblem(member(record.path, ID_KEY), message)
        elif known.trashed:
            message = f"this {record.kind.value} is in the trash; restore it first"
            yield ImportProblem(member(record.path, ID_KEY), message)
    yield from _reference_problems(session, document)
    yield from _user_problems(session, document)
    yield from _unique_problems(session, document)


def _reference_problems(session: Session, document: Document) -> Iterator[ImportProblem]:
    """Optional references (a topic's grade) must name a record of the file or a live row."""
    for kind, records in document.records.items():
        for name, ref_kind in ENTITIES[kind].optional_refs:
            in_file = {record.id for record in document.records[ref_kind]}
            wanted = {
                ref
                for record in records
                if (ref := record.values.get(name)) is not None and ref not in in_file
            }
            library = find_existing(session, wanted, [ref_kind])
            for record in records:
                ref = record.values.get(name)
                if ref is None or ref in in_file:
                    continue
                target = library.get(ref)
                if target is None:
                    message = f"no {ref_kind.value} with id {ref} in this file or the library"
                elif target.trashed:
                    message = f"the {ref_kind.value} is in the trash; restore it first"
                else:
                    continue
                yield ImportProblem(member(record.path, name), message)


def _user_problems(session: Session, document: Document) -> Iterator[ImportProblem]:
    """Authors are not part of the file; they must already be known to the library."""
    with_user = [record for record in document.all_records() if record.values.get("user_id")]
    wanted = list({record.values["user_id"] for record in with_user})
    known = {
        user_id
        for chunk in chunks(wanted)
        for user_id in session.scalars(select(User.id).where(User.id.in_(chunk)))
    }
    for record in with_user:
        if record.values["user_id"] not in known:
            message = f"no user with id {record.values['user_id']} in this library"
            yield ImportProblem(member(record.path, "user_id"), message)


def _unique_problems(session: Session, document: Document) -> Iterator[ImportProblem]:
    """A unique value may be taken by a live row only if this file rewrites that row."""
    for kind, records in document.records.items():
        spec = ENTITIES[kind]
        table = table_of(kind)
        rewritten = {record.id for record in records}
        for name in spec.unique_fields:
            column = table.c[name]
            values: list[Any] = list({r.values[name] for r in records if name in r.values})
            holders: dict[Any, uuid.UUID] = {}
            for chunk in chunks(values):
                query = select(column, table.c.id).where(
                    column.in_(chunk), table.c.deleted_at.is_(None)
                )
                holders.update((value, row_id) for value, row_id in session.execute(query))
            for record in records:
                holder = holders.get(record.values.get(name))
                if holder is not None and holder != record.id and holder not in rewritten:
                    message = (
                        f"another {spec.label} in the library already uses '{record.values[name]}'"
                    )
                    yield ImportProblem(member(record.path, name), message)


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """Slices of at most CHUNK values, for IN (...) lists."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
