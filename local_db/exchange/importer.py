"""Importing a curriculum file: everything is checked, then everything is written, or nothing.

An id the library does not hold becomes a create (bulk-inserted, see local_db.exchange.bulk);
an id it holds becomes an update through local_db.services.content.update, which records
the outbox change and coalesces it with the author's earlier edits. A record is the
whole truth about its row: an optional field the file leaves out takes its default, as it
would for a create, so the result never depends on what the library held before. Only
``position`` differs: left out, an existing row keeps its place.
"""

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from local_db.clock import utc_now
from local_db.entities import ENTITIES, EntityKind
from local_db.exchange.against_library import Existing, chunks, find_existing, library_problems
from local_db.exchange.bulk import insert_created
from local_db.exchange.consistency import consistency_problems
from local_db.exchange.document import Document, Record, parse_document
from local_db.exchange.layout import CURRICULUM_KINDS, MAX_DOCUMENT_BYTES
from local_db.exchange.positions import assign_positions
from local_db.exchange.problems import ImportProblem, ImportRejected, field_path
from local_db.exchange.reader import Source, read_json
from local_db.library import Library
from local_db.models import Synced
from local_db.services import content
from local_db.services.errors import ServiceError


@dataclass(frozen=True)
class ImportReport:
    """How many rows of each kind the import created, changed, or found already equal."""

    created: Counter[EntityKind]
    updated: Counter[EntityKind]
    unchanged: Counter[EntityKind]


def import_curriculum(
    library: Library, source: Source, *, max_bytes: int = MAX_DOCUMENT_BYTES
) -> ImportReport:
    """Import the file at ``source`` (a path or an open file) into ``library``.

    Raises ImportRejected, listing every problem with its JSON path, when the file is not a
    valid curriculum for this library; the library is then left exactly as it was. A file
    that cannot be read raises OSError, before the library is touched.
    """
    document = parse_document(read_json(source, max_bytes=max_bytes))
    problems = [*document.problems, *consistency_problems(document)]
    with library.write() as session:
        existing = find_existing(session, [record.id for record in document.all_records()])
        problems.extend(library_problems(session, document, existing))
        if problems:
            raise ImportRejected(problems)
        return _write(session, document, existing)


def _write(
    session: Session, document: Document, existing: Mapping[uuid.UUID, Existing]
) -> ImportReport:
    """Kind by kind, parents first; within a kind, updates before creates.

    Updating first frees the unique names (a subject's slug) that a created row may take
    over, and by the time a kind is written every parent it can point at exists.
    """
    report = ImportReport(Counter(), Counter(), Counter())
    now = utc_now()
    for kind in CURRICULUM_KINDS:
        records = document.records[kind]
        updates = [record for record in records if record.id in existing]
        created = [record for record in records if record.id not in existing]
        _update(session, kind, updates, report)
        insert_created(session, kind, created, assign_positions(session, kind, created), now)
        report.created[kind] += len(created)
    return report


def _update(
    session: Session, kind: EntityKind, records: Sequence[Record], report: ImportReport
) -> None:
    rows = _load(session, kind, [record.id for record in records])
    for record in records:
        current = content.values_of(kind, rows[record.id])
        changes = {name: value for name, value in record.values.items() if current[name] != value}
        if not changes:
            report.unchanged[kind] += 1
            continue
        try:
            content.update(session, kind, record.id, changes)
        except ServiceError as error:
            # Only an order the checks cannot foresee gets here, e.g. two subjects that
            # swap slugs; the transaction is rolled back as for any other problem.
            raise ImportRejected(
                ImportProblem(field_path(record.path, e.field), e.message) for e in error.errors
            ) from error
        report.updated[kind] += 1


def _load(session: Session, kind: EntityKind, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Synced]:
    """The rows to update, fetched a chunk at a time and kept referenced for the session."""
    model = ENTITIES[kind].model
    return {
        row.id: row
        for chunk in chunks(ids)
        for row in session.scalars(select(model).where(model.id.in_(chunk)))
    }
