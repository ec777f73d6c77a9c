"""Serializing a curriculum document with one record per line.

Fully indented JSON would be half again as large as the data and must go through the
json module's pure-Python encoder; a single line cannot be diffed. One record per line,
indented by depth, keeps a file readable and versionable (an edit shows as one changed
line) while every record is encoded by the C encoder, so a million exercises are written
in seconds rather than minutes. The result is ordinary JSON that any parser reads.
"""

import json
from typing import IO, Any

from local_db.entities import EntityKind
from local_db.exchange.layout import CHILDREN, TOP_LEVEL

INDENT = "  "


def dump(document: dict[str, Any], stream: IO[str]) -> None:
    envelope = {key: value for key, value in document.items() if key not in TOP_LEVEL}
    stream.write(_encode(envelope)[:-1])
    for key, kind in TOP_LEVEL.items():
        stream.write(f", {_encode(key)}: [")
        _records(stream, kind, document[key], 1)
        stream.write("]")
    stream.write("}\n")


def _records(stream: IO[str], kind: EntityKind, objects: list[dict[str, Any]], depth: int) -> None:
    if not objects:
        return
    children = CHILDREN.get(kind)
    indent = INDENT * depth
    for index, obj in enumerate(objects):
        stream.write(f"\n{indent}" if index == 0 else f",\n{indent}")
        if children is None:
            stream.write(_encode(obj))
            continue
        key, child_kind = children
        fields = {name: value for name, value in obj.items() if name != key}
        stream.write(f"{_encode(fields)[:-1]}, {_encode(key)}: [")
        _records(stream, child_kind, obj[key], depth + 1)
        stream.write("]}")
    stream.write(f"\n{INDENT * (depth - 1)}")


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
