"""Many generated single-write mutations as one document, in order.

Each operation's root field is aliased ``w<index>`` and each of its variables renamed
``w<index>_<name>``, so any mix of writes shares one request without clashing; the
fragments they use are sent once. The result is validated against the pinned SDL by
the transport like any other document.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import FieldNode, FragmentDefinitionNode, OperationDefinitionNode, parse, print_ast

from backend_client.typed import Operation

VARIABLE = re.compile(r"\$(\w+)")


@dataclass(frozen=True)
class BatchDocument:
    text: str
    variables: dict[str, Any]
    aliases: list[str]


@dataclass(frozen=True)
class _Parts:
    variable_definitions: tuple[str, ...]
    root_field: str
    fragments: tuple[tuple[str, str], ...]


def batch_document(items: Sequence[tuple[Operation[Any, Any], Mapping[str, Any]]]) -> BatchDocument:
    definitions: list[str] = []
    fields: list[str] = []
    fragments: dict[str, str] = {}
    variables: dict[str, Any] = {}
    aliases: list[str] = []
    for index, (operation, values) in enumerate(items):
        alias = f"w{index}"
        parts = _parts(operation.document)

        def renamed(text: str, alias: str = alias) -> str:
            return VARIABLE.sub(lambda match: f"${alias}_{match.group(1)}", text)

        definitions.extend(renamed(definition) for definition in parts.variable_definitions)
        fields.append(f"{alias}: {renamed(parts.root_field)}")
        fragments.update(parts.fragments)
        variables.update({f"{alias}_{name}": value for name, value in values.items()})
        aliases.append(alias)
    body = "\n".join(fields)
    text = f"mutation SyncBatch({', '.join(definitions)}) {{\n{body}\n}}"
    if fragments:
        text += "\n\n" + "\n\n".join(fragments.values())
    return BatchDocument(text, variables, aliases)


@cache
def _parts(document: str) -> _Parts:
    parsed = parse(document)
    operation = next(
        node for node in parsed.definitions if isinstance(node, OperationDefinitionNode)
    )
    (root,) = operation.selection_set.selections
    assert isinstance(root, FieldNode)
    return _Parts(
        tuple(print_ast(definition) for definition in operation.variable_definitions or ()),
        print_ast(root),
        tuple(
            (node.name.value, print_ast(node))
            for node in parsed.definitions
            if isinstance(node, FragmentDefinitionNode)
        ),
    )
