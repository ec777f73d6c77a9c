"""local_db.sync's ``Remote`` over GraphQL: feed pages in, batches of writes out.

A batch is one mutation document made from the generated single-write operations:
each write's root field gets an alias (``w0``, ``w1``...) and its variables a matching
prefix, and the server runs root mutation fields in order. Every write carries its
clientMutationId, so a batch whose answer was lost is sent again as it was.
"""

import enum
import re
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from backend_client.batch import BatchDocument, batch_document
from backend_client.errors import MalformedResponse
from backend_client.files import upload
from backend_client.generated.inputs import ChangesVariables, MeVariables
from backend_client.generated.operations import CHANGES, ME, OPERATIONS
from backend_client.generated.records import RECORD_PARSERS
from backend_client.session import AuthSession
from backend_client.typed import Operation, expect_list
from local_db.sync.remote import (
    FeedPage,
    Record,
    RemoteError,
    RemoteWrite,
    UploadedFile,
    WriteResult,
    WriteVerb,
)

FEED_KEYS = {
    "grades": "grade",
    "subjects": "subject",
    "topics": "topic",
    "lessons": "lesson",
    "exercises": "exercise",
    "tournaments": "tournament",
    "tournamentParticipations": "tournament_participation",
    "matches": "match",
    "users": "user",
}
ID_FIELDS = re.compile(r"(^id$|_id$)")


class GraphQLRemote:
    def __init__(self, session: AuthSession) -> None:
        self._session = session

    def account(self) -> Record:
        no_variables: MeVariables = {}
        user = self._session.user or self._session.execute(ME, no_variables).me
        if user is None:
            raise MalformedResponse("data.me", "is null for a signed-in session")
        return _plain_record(user)

    def pull(self, after: str | None, *, first: int, count: bool = False) -> FeedPage:
        variables: ChangesVariables = {"after": after, "first": first, "withCount": count}
        changes = self._session.execute(CHANGES, variables).changes
        if changes.page_info.end_cursor is None:
            raise MalformedResponse("data.changes.pageInfo.endCursor", "is null")
        records: dict[str, list[Record]] = {}
        for key, entity_type in FEED_KEYS.items():
            path = f"data.changes.records.{key}"
            items = expect_list(getattr(changes.records, _snake(key)), path)
            parse = RECORD_PARSERS[key]
            records[entity_type] = [
                _plain_record(parse(item, f"{path}[{index}]")) for index, item in enumerate(items)
            ]
        return FeedPage(
            records=records,
            end_cursor=changes.page_info.end_cursor,
            has_next_page=changes.page_info.has_next_page,
            resync=changes.resync,
            total_count=changes.total_count,
        )

    def push(self, writes: Sequence[RemoteWrite]) -> list[WriteResult]:
        if not writes:
            return []
        operations = [operation_for(write) for write in writes]
        document: BatchDocument = batch_document(
            [
                (operation, variables_for(write))
                for operation, write in zip(operations, writes, strict=True)
            ]
        )
        data = self._session.execute_document(document.text, document.variables, retry_safe=True)
        return [
            _result(operation, alias, data)
            for operation, alias in zip(operations, document.aliases, strict=True)
        ]

    def upload(self, path: Path, content_type: str) -> UploadedFile:
        return upload(self._session, path, content_type)


def operation_for(write: RemoteWrite) -> Operation[Any, Any]:
    name = write.verb.value.title() + "".join(part.title() for part in write.entity_type.split("_"))
    return OPERATIONS[name]


def variables_for(write: RemoteWrite) -> dict[str, Any]:
    mutation_id = str(write.client_mutation_id)
    values = {_camel(name): value for name, value in write.values.items()}
    if write.verb is WriteVerb.CREATE:
        return {"input": {**values, "id": str(write.entity_id), "clientMutationId": mutation_id}}
    controls = {"expectedVersion": write.expected_version, "clientMutationId": mutation_id}
    if write.verb is WriteVerb.UPDATE:
        return {"id": str(write.entity_id), "input": {**values, **controls}}
    return {"id": str(write.entity_id), **controls}


def _result(operation: Operation[Any, Any], alias: str, data: Mapping[str, Any]) -> WriteResult:
    if alias not in data:
        raise MalformedResponse(f"data.{alias}", "missing")
    root = _root_field(operation)
    parsed = operation.parse({root: data[alias]})
    payload = getattr(parsed, _snake(root))
    entity = next(name for name in payload.__dataclass_fields__ if name != "errors")
    node = getattr(payload, entity)
    errors = tuple(
        RemoteError(error.code.value, error.message, _snake_path(error.field))
        for error in payload.errors or ()
    )
    return WriteResult(_plain_record(node) if node is not None else None, errors)


def _root_field(operation: Operation[Any, Any]) -> str:
    name = operation.name
    return name[0].lower() + name[1:]


def _plain_record(record: object) -> dict[str, Any]:
    """A generated dataclass as the engine's record: ids as UUIDs, enums by value."""
    values: dict[str, Any] = {}
    for name in record.__dataclass_fields__:  # type: ignore[attr-defined]
        value = getattr(record, name)
        if value is not None and ID_FIELDS.search(name):
            try:
                value = uuid.UUID(value)
            except ValueError:
                raise MalformedResponse(name, f"{value!r} is not a UUID") from None
        elif isinstance(value, enum.Enum):
            value = value.value
        values[name] = value
    return values


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _snake_path(field: str | None) -> str | None:
    if field is None:
        return None
    head, dot, rest = field.partition(".")
    return _snake(head) + dot + rest
