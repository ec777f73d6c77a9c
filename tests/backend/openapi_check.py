"""Holds real responses to the schemas of the OpenAPI document, so the document stays true.

A small validator for the JSON Schema keywords the document uses; anything else in a
schema fails loudly, so a new keyword cannot be silently ignored.
"""

import re
import uuid
from typing import Any

from backend.rest.openapi import openapi_document

KNOWN = {
    "$ref", "type", "required", "additionalProperties", "properties", "enum", "const",
    "items", "minItems", "pattern", "format", "minimum", "maxLength", "description",
}  # fmt: skip
TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "null": type(None),
}


def schema(name: str) -> dict[str, Any]:
    found: dict[str, Any] = openapi_document()["components"]["schemas"][name]
    return found


def check(value: Any, spec: dict[str, Any], where: str = "$") -> None:
    unknown = spec.keys() - KNOWN
    assert not unknown, f"{where}: the checker does not know {unknown}"
    if "$ref" in spec:
        check(value, schema(spec["$ref"].rsplit("/", 1)[-1]), where)
        return
    _check_scalar(value, spec, where)
    if isinstance(value, dict):
        missing = set(spec.get("required", ())) - value.keys()
        assert not missing, f"{where}: missing {missing}"
        properties = spec.get("properties", {})
        if spec.get("additionalProperties") is False:
            extra = value.keys() - properties.keys()
            assert not extra, f"{where}: undocumented {extra}"
        for key, sub in properties.items():
            if key in value:
                check(value[key], sub, f"{where}.{key}")
    if isinstance(value, list):
        assert len(value) >= spec.get("minItems", 0), f"{where}: too few items"
        for index, item in enumerate(value):
            check(item, spec.get("items", {}), f"{where}[{index}]")


def _check_scalar(value: Any, spec: dict[str, Any], where: str) -> None:
    if "type" in spec:
        names = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        fits = [
            isinstance(value, TYPES[name]) and not (name != "boolean" and isinstance(value, bool))
            for name in names
        ]
        assert any(fits), f"{where}: {value!r} is not {names}"
    if "enum" in spec:
        assert value in spec["enum"], f"{where}: {value!r} not in {spec['enum']}"
    if "const" in spec:
        assert value == spec["const"], f"{where}: {value!r} is not {spec['const']!r}"
    if "pattern" in spec:
        assert re.search(spec["pattern"], value), f"{where}: {value!r} !~ {spec['pattern']}"
    if spec.get("format") == "uuid":
        uuid.UUID(value)
    if "minimum" in spec:
        assert value >= spec["minimum"], f"{where}: {value!r} < {spec['minimum']}"
    if "maxLength" in spec:
        assert len(value) <= spec["maxLength"], f"{where}: longer than {spec['maxLength']}"


def documented(path: str, method: str, status: int, body: Any) -> None:
    """The status is documented for the operation, and ``body`` matches its JSON schema."""
    document = openapi_document()
    responses = document["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {path}: {status} is not documented"
    response = responses[str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    check(body, response["content"]["application/json"]["schema"])
