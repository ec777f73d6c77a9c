"""Writes sent whose answers are not stored yet (see local_db.models.SentWrite)."""

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from local_db.models import SentWrite
from local_db.sync.kinds import KINDS
from local_db.sync.plan import PlannedWrite
from local_db.sync.remote import RemoteWrite, WriteVerb


def store(session: Session, batch: Sequence[PlannedWrite]) -> list[SentWrite]:
    first = (session.scalar(select(func.max(SentWrite.sequence))) or 0) + 1
    rows = [
        SentWrite(
            sequence=first + offset,
            entity_type=planned.kind.name,
            entity_id=planned.entity_id,
            verb=planned.write.verb.value,
            client_mutation_id=planned.write.client_mutation_id,
            entry_mutation_id=planned.entry_mutation_id,
            expected_version=planned.write.expected_version,
            values=dict(planned.write.values),
            sent=dict(planned.sent),
            references=sorted(str(reference) for reference in planned.references),
        )
        for offset, planned in enumerate(batch)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def unpack(row: SentWrite) -> PlannedWrite:
    kind = KINDS[row.entity_type]
    write = RemoteWrite(
        row.entity_type,
        WriteVerb(row.verb),
        row.entity_id,
        row.client_mutation_id,
        row.values,
        row.expected_version,
    )
    references = frozenset(uuid.UUID(reference) for reference in row.references)
    return PlannedWrite(kind, write, row.sent, references, row.entry_mutation_id)


def answered(session: Session, row_id: uuid.UUID) -> None:
    session.execute(delete(SentWrite).where(SentWrite.id == row_id))
