"""``<Verb><Entity>Payload { <entity>, errors }`` types, one per mutation, made from a template.

A payload is stored as JSON for replays: ``{"record": <SDL-shaped record or null>,
"errors": [...]}``; ``payload_from_json`` rebuilds the GraphQL object from it.
"""

from typing import Any

import strawberry

from backend.domain.problems import ApiProblem, ErrorCode
from backend.graphql.errors import Error
from backend.graphql.types import from_record, to_record


def payload_type(name: str, field: str, node_type: type[Any]) -> type[Any]:
    namespace = {
        "__annotations__": {field: node_type | None, "errors": list[Error] | None},
        field: None,
        "errors": None,
        "__doc__": f"The {field} as it now stands (the current record on CONFLICT), or errors.",
    }
    return strawberry.type(type(name, (), namespace))


def payload_json(node_type: type[Any], row: Any, problems: list[ApiProblem]) -> dict[str, Any]:
    return {
        "record": to_record(node_type, row) if row is not None else None,
        "errors": [
            {"code": p.code.value, "message": p.message, "field": p.field} for p in problems
        ],
    }


def payload_from_json(
    payload_cls: type[Any], field: str, node_type: type[Any], data: dict[str, Any]
) -> Any:
    record = data["record"]
    errors = [
        Error(code=ErrorCode(e["code"]), message=e["message"], field=e["field"])
        for e in data["errors"]
    ]
    return payload_cls(
        **{field: from_record(node_type, record) if record else None, "errors": errors or None}
    )
