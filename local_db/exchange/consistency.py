"""Checks across the records of one file: ids used twice, unique names used twice.

These need no library. A second occurrence is reported with the path of the first, so
the author sees both places without searching a file of a million lines.
"""

import uuid
from collections.abc import Iterator
from typing import Any

from local_db.entities import ENTITIES
from local_db.exchange.document import Document
from local_db.exchange.layout import CURRICULUM_KINDS, ID_KEY
from local_db.exchange.problems import ImportProblem, member


def consistency_problems(document: Document) -> Iterator[ImportProblem]:
    first_path: dict[uuid.UUID, str] = {}
    for record in document.all_records():
        seen = first_path.setdefault(record.id, record.path)
        if seen != record.path:
            yield ImportProblem(member(record.path, ID_KEY), f"repeats the id of {seen}")
    for kind in CURRICULUM_KINDS:
        spec = ENTITIES[kind]
        for name in spec.unique_fields:
            used: dict[Any, str] = {}
            for record in document.records[kind]:
                if name not in record.values:
                    continue
                value = record.values[name]
                seen = used.setdefault(value, record.path)
                if seen != record.path:
                    yield ImportProblem(
                        member(record.path, name),
                        f"'{value}' is already the {name} of the {spec.label} at {seen}",
                    )
