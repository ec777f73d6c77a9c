"""Exporting the live curriculum as one document of the format in docs/curriculum-format.md.

Rows in the trash are left out: the file describes the curriculum, and an import of it
elsewhere should not bring back what an author threw away. Siblings are written in the
order the studio shows them, (position, id), and every record carries its position, so
an export imported into an empty library exports again byte for byte.
"""

import enum
import os
import uuid
from collections import Counter
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.entities import ENTITIES, EntityKind
from local_db.exchange.against_library import table_of
from local_db.exchange.layout import (
    CHILDREN,
    CURRICULUM_KINDS,
    FORMAT,
    ID_KEY,
    TOP_LEVEL,
    VERSION,
    file_fields,
)
from local_db.exchange.writer import dump
from local_db.library import Library

Target = str | os.PathLike[str] | IO[str]


def export_curriculum(session: Session) -> dict[str, Any]:
    """The live curriculum as plain JSON values; children are gathered before parents."""
    by_parent: dict[EntityKind, dict[uuid.UUID | None, list[dict[str, Any]]]] = {}
    for kind in reversed(CURRICULUM_KINDS):
        spec = ENTITIES[kind]
        table = table_of(kind)
        query = (
            select(table).where(table.c.deleted_at.is_(None)).order_by(table.c.position, table.c.id)
        )
        groups: dict[uuid.UUID | None, list[dict[str, Any]]] = {}
        for row in session.execute(query).mappings():
            obj: dict[str, Any] = {ID_KEY: str(row["id"])}
            obj.update((name, _json_value(row[name])) for name in file_fields(kind))
            if kind in CHILDREN:
                key, child_kind = CHILDREN[kind]
                obj[key] = by_parent[child_kind].pop(row["id"], [])
            parent = row[spec.parent_field] if spec.parent_field else None
            groups.setdefault(parent, []).append(obj)
        by_parent[kind] = groups
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for key, kind in TOP_LEVEL.items():
        document[key] = by_parent[kind].get(None, [])
    return document


def write_curriculum(library: Library, target: Target) -> Counter[EntityKind]:
    """Export to a path (replaced atomically, so a failed export never truncates an older
    file) or to an open text stream; returns how many records of each kind were written."""
    with library.read() as session:
        document = export_curriculum(session)
    if isinstance(target, str | os.PathLike):
        _write_atomically(Path(target), document)
    else:
        dump(document, target)
    return count_records(document)


def count_records(document: dict[str, Any]) -> Counter[EntityKind]:
    counts: Counter[EntityKind] = Counter()
    pending = [(kind, document[key]) for key, kind in TOP_LEVEL.items()]
    while pending:
        kind, objects = pending.pop()
        counts[kind] += len(objects)
        if kind in CHILDREN:
            key, child_kind = CHILDREN[kind]
            pending.extend((child_kind, obj[key]) for obj in objects)
    return counts


def _json_value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _write_atomically(path: Path, document: dict[str, Any]) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new.

    Mode "x" creates the file with the umask's permissions, as a plain open would.
    """
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with temporary.open("x", encoding="utf-8") as stream:
            dump(document, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
