"""From parsed JSON to typed records: the envelope, the nesting, and each record's fields.

Field values are checked here by the services' own rules (validate_values, answer shapes
included), so a file can never hold what the studio's forms would refuse. Checks that
need more than one record, or the library, come later (local_db.exchange.consistency and
local_db.exchange.against_library) and work on the records collected here.
"""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from local_db.entities import ENTITIES, EntityKind
from local_db.exchange.layout import (
    CHILDREN,
    CURRICULUM_KINDS,
    FORMAT,
    ID_KEY,
    TOP_LEVEL,
    VERSION,
    allowed_keys,
    file_fields,
)
from local_db.exchange.problems import (
    ROOT,
    ImportProblem,
    ImportRejected,
    field_path,
    item,
    member,
    with_article,
)
from local_db.services.validation import validate_values

QUOTE_LIMIT = 60


@dataclass(frozen=True, slots=True)
class Record:
    """One object of the file.

    ``values`` holds the fields that passed their checks, cleaned and with defaults filled
    in, plus the parent id implied by the nesting; a field that failed is left out, so the
    later checks never report the same mistake twice.
    """

    kind: EntityKind
    id: uuid.UUID
    path: str
    values: dict[str, Any]


@dataclass
class Document:
    records: dict[EntityKind, list[Record]] = field(
        default_factory=lambda: {kind: [] for kind in CURRICULUM_KINDS}
    )
    problems: list[ImportProblem] = field(default_factory=list)

    def all_records(self) -> Iterator[Record]:
        for kind in CURRICULUM_KINDS:
            yield from self.records[kind]


def parse_document(tree: Any) -> Document:
    """Records in document order per kind, and every problem found on the way.

    A wrong envelope (not an object, another format, another version) raises at once:
    the rest of such a file means something else and checking it would only add noise.
    """
    _check_envelope(tree)
    document = Document()
    for key in tree:
        if key not in TOP_LEVEL and key not in ("format", "version"):
            document.problems.append(ImportProblem(member(ROOT, key), _unknown_key_message()))
    for key, kind in TOP_LEVEL.items():
        _walk_array(document, kind, tree.get(key, []), member(ROOT, key), None)
    return document


def describe(value: Any) -> str:
    """How JSON would call the value's type, for "must be an object (got an array)"."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return json.dumps(value)
    if value is None:
        return "null"
    return "a number"


def quote(value: Any) -> str:
    """A short JSON rendering of a wrong value: short strings and numbers as they are."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = json.dumps(value, ensure_ascii=False)
        if len(text) <= QUOTE_LIMIT:
            return text
    return describe(value)


def _check_envelope(tree: Any) -> None:
    if not isinstance(tree, dict):
        raise ImportRejected([ImportProblem(ROOT, f"must be an object (got {describe(tree)})")])
    problems = []
    if tree.get("format") != FORMAT:
        got = f" (got {quote(tree['format'])})" if "format" in tree else ""
        problems.append(ImportProblem("$.format", f'must be "{FORMAT}"{got}'))
    version = tree.get("version")
    if "version" not in tree:
        problems.append(
            ImportProblem("$.version", f"is required; this Content Studio reads version {VERSION}")
        )
    elif isinstance(version, bool) or version != VERSION:
        problems.append(
            ImportProblem(
                "$.version",
                f"version {quote(version)} is not supported; "
                f"this Content Studio reads version {VERSION}",
            )
        )
    if problems:
        raise ImportRejected(problems)


def _walk_array(
    document: Document, kind: EntityKind, value: Any, path: str, parent: uuid.UUID | None
) -> None:
    if not isinstance(value, list):
        document.problems.append(ImportProblem(path, f"must be an array (got {describe(value)})"))
        return
    for index, obj in enumerate(value):
        _walk_record(document, kind, obj, item(path, index), parent)


def _walk_record(
    document: Document, kind: EntityKind, obj: Any, path: str, parent: uuid.UUID | None
) -> None:
    problems = document.problems
    if not isinstance(obj, dict):
        problems.append(ImportProblem(path, f"must be an object (got {describe(obj)})"))
        return
    parent_field = ENTITIES[kind].parent_field
    for key in [key for key in obj if key not in allowed_keys(kind)]:
        message = (
            f"is implied by where the {kind.value} is nested; leave it out"
            if key == parent_field
            else _unknown_key_message(kind)
        )
        problems.append(ImportProblem(member(path, key), message))
    record_id = _record_id(obj, path, problems)
    values = {name: obj[name] for name in file_fields(kind) if name in obj}
    if parent_field is not None:
        values[parent_field] = parent
    cleaned, errors = validate_values(kind, values)
    problems.extend(
        ImportProblem(field_path(path, error.field), error.message)
        for error in errors
        if error.field != parent_field
    )
    if record_id is not None:
        document.records[kind].append(Record(kind, record_id, path, cleaned))
    if kind in CHILDREN:
        key, child_kind = CHILDREN[kind]
        _walk_array(document, child_kind, obj.get(key, []), member(path, key), record_id)


def _record_id(obj: dict[str, Any], path: str, problems: list[ImportProblem]) -> uuid.UUID | None:
    if ID_KEY not in obj:
        problems.append(ImportProblem(member(path, ID_KEY), "is required"))
        return None
    value = obj[ID_KEY]
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    problems.append(ImportProblem(member(path, ID_KEY), f"must be a UUID (got {quote(value)})"))
    return None


def _unknown_key_message(kind: EntityKind | None = None) -> str:
    if kind is None:
        expected = ", ".join(["format", "version", *TOP_LEVEL])
        return f"is not part of a curriculum file; expected {expected}"
    expected = ", ".join(sorted(allowed_keys(kind)))
    return f"is not a field of {with_article(kind.value)}; expected {expected}"
