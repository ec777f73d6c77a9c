"""Reading the SDL and the operation documents, and refusing any operation the SDL rejects.

Every operation is validated on its own, together with the fragments it uses, so a failure
names the operation that a person has to fix, next to graphql-core's own explanation.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    NoUnusedFragmentsRule,
    OperationDefinitionNode,
    SelectionSetNode,
    Source,
    build_schema,
    parse,
    specified_rules,
    validate,
)

from backend_client.codegen.errors import CodegenError


@dataclass(frozen=True)
class Sources:
    schema: GraphQLSchema
    operations: tuple[OperationDefinitionNode, ...]
    fragments: Mapping[str, FragmentDefinitionNode]

    def fragments_used(
        self, definition: OperationDefinitionNode | FragmentDefinitionNode
    ) -> list[FragmentDefinitionNode]:
        """The fragments ``definition`` spreads, transitively, each once, in order of first use."""
        used: dict[str, FragmentDefinitionNode] = {}
        pending = [definition.selection_set]
        while pending:
            for name in _spread_names(pending.pop(0)):
                fragment = self.fragments.get(name)
                if fragment is not None and name not in used and fragment is not definition:
                    used[name] = fragment
                    pending.append(fragment.selection_set)
        return list(used.values())


def load(schema_path: Path, operations_dir: Path) -> Sources:
    try:
        schema = build_schema(Source(schema_path.read_text(), schema_path.name))
    except (GraphQLError, TypeError) as error:  # graphql-core reports SDL errors as TypeError
        raise CodegenError(f"{schema_path.name} is not a valid schema: {error}") from None
    operations: list[OperationDefinitionNode] = []
    fragments: dict[str, FragmentDefinitionNode] = {}
    files = sorted(operations_dir.glob("*.graphql"))
    if not files:
        raise CodegenError(f"no *.graphql operation documents in {operations_dir}")
    for file in files:
        for definition in _parse_file(file).definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations.append(_named(definition, file))
            elif isinstance(definition, FragmentDefinitionNode):
                _add_fragment(fragments, definition, file)
            else:
                raise CodegenError(f"{file.name}: only operations and fragments belong here")
    sources = Sources(schema, tuple(operations), fragments)
    _validate(sources)
    return sources


def _parse_file(file: Path) -> DocumentNode:
    try:
        return parse(Source(file.read_text(), file.name))
    except GraphQLSyntaxError as error:
        raise CodegenError(f"{file.name}: {error.message} at {_where(error)}") from None


def _named(operation: OperationDefinitionNode, file: Path) -> OperationDefinitionNode:
    if operation.name is None:
        raise CodegenError(f"{file.name}: every operation needs a name (it names its types)")
    if operation.operation.value not in ("query", "mutation"):
        raise CodegenError(f"{file.name}: {operation.name.value} is a subscription (unsupported)")
    return operation


def _add_fragment(
    fragments: dict[str, FragmentDefinitionNode], fragment: FragmentDefinitionNode, file: Path
) -> None:
    name = fragment.name.value
    if name in fragments:
        raise CodegenError(f"{file.name}: fragment {name} is defined twice")
    fragments[name] = fragment


def _validate(sources: Sources) -> None:
    names = [operation.name.value for operation in sources.operations if operation.name]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise CodegenError(f"operations defined twice: {', '.join(duplicates)}")
    fragment_rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]
    for name, fragment in sorted(sources.fragments.items()):
        document = DocumentNode(definitions=(fragment, *sources.fragments_used(fragment)))
        _report(f"fragment {name}", validate(sources.schema, document, fragment_rules))
    for operation in sources.operations:
        document = DocumentNode(definitions=(operation, *sources.fragments_used(operation)))
        label = f"operation {operation.name.value if operation.name else '?'}"
        _report(label, validate(sources.schema, document))


def _report(label: str, errors: list[GraphQLError]) -> None:
    if errors:
        problems = "\n".join(f"  {_where(error)}: {error.message}" for error in errors)
        raise CodegenError(f"{label} is invalid against schema.graphql:\n{problems}")


def _where(error: GraphQLError) -> str:
    source = error.source.name if error.source else "?"
    if not error.locations:
        return source
    location = error.locations[0]
    return f"{source}:{location.line}:{location.column}"


def _spread_names(selection_set: SelectionSetNode) -> Iterator[str]:
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            yield selection.name.value
        nested = getattr(selection, "selection_set", None)
        if nested is not None:
            yield from _spread_names(nested)
