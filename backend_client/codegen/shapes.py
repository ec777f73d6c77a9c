"""What each generated result class holds: GraphQL field collection turned into class trees.

Naming (the rest of the code imports these names, so they must not drift):
- an operation's root is ``<Operation>Data`` (``LoginData``);
- a nested selection is ``<Operation>_<ResponseKey>[_<ResponseKey>...]``, each key in
  PascalCase (``Login_Login``, ``Changes_Changes_PageInfo``); inside a fragment it is
  ``<Fragment>_<ResponseKey>``;
- a selection that is exactly one fragment spread is the fragment's own class (``UserFields``),
  shared by every operation that spreads it.
Fields under ``@include``/``@skip`` (on the field or on a fragment around it) may be absent.
"""

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    TypeNameMetaFieldDef,
    get_named_type,
    is_leaf_type,
)

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.loading import Sources
from backend_client.codegen.naming import ensure_unique, pascal_case, snake_case

_Occurrences = dict[str, list[tuple[FieldNode, bool]]]


@dataclass(frozen=True)
class FieldSpec:
    """One attribute: ``key`` is the JSON key, ``type`` the SDL type with its wrappers."""

    key: str
    attribute: str
    type: GraphQLOutputType
    optional: bool = False
    shape: "Shape | None" = None


@dataclass(frozen=True)
class Shape:
    class_name: str
    fields: tuple[FieldSpec, ...]

    @property
    def parser_name(self) -> str:
        return f"parse_{snake_case(self.class_name)}"


class ShapeBuilder:
    """Builds every class once; ``shapes`` lists them children first, ready to emit."""

    def __init__(self, sources: Sources) -> None:
        self._sources = sources
        self._fragments: dict[str, Shape] = {}
        self.shapes: list[Shape] = []

    def fragment(self, name: str) -> Shape:
        if name not in self._fragments:
            fragment = self._sources.fragments[name]
            parent = self._object_type(self._named(fragment.type_condition.name.value), name)
            self._fragments[name] = self._shape(name, name, parent, [fragment.selection_set])
        return self._fragments[name]

    def operation(self, operation: OperationDefinitionNode) -> Shape:
        name = operation.name.value if operation.name else ""
        schema = self._sources.schema
        root = schema.query_type if operation.operation.value == "query" else schema.mutation_type
        if root is None:
            raise CodegenError(f"operation {name}: the schema has no {operation.operation.value}")
        return self._shape(f"{name}Data", name, root, [operation.selection_set])

    def check_unique(self) -> None:
        ensure_unique((shape.class_name for shape in self.shapes), "generated classes")
        ensure_unique((shape.parser_name for shape in self.shapes), "generated parsers")

    def _shape(
        self,
        class_name: str,
        prefix: str,
        parent: GraphQLObjectType,
        selection_sets: list[SelectionSetNode],
    ) -> Shape:
        occurrences: _Occurrences = {}
        for selection_set in selection_sets:
            self._collect(parent, selection_set, False, occurrences)
        fields = [
            self._field(parent, f"{prefix}_{pascal_case(key)}", key, nodes)
            for key, nodes in occurrences.items()
        ]
        ensure_unique((spec.attribute for spec in fields), f"attributes of {class_name}")
        shape = Shape(class_name, tuple(fields))
        self.shapes.append(shape)
        return shape

    def _field(
        self, parent: GraphQLObjectType, prefix: str, key: str, nodes: list[tuple[FieldNode, bool]]
    ) -> FieldSpec:
        name = nodes[0][0].name.value
        definition = TypeNameMetaFieldDef if name == "__typename" else parent.fields[name]
        named = get_named_type(definition.type)
        optional = all(conditional for _, conditional in nodes)
        if is_leaf_type(named):
            return FieldSpec(key, snake_case(key), definition.type, optional)
        child = self._object_type(named, prefix)
        selection_sets = [node.selection_set for node, _ in nodes if node.selection_set]
        spread = _sole_spread(selection_sets)
        fragment = self._sources.fragments[spread] if spread else None
        if fragment is not None and fragment.type_condition.name.value == child.name:
            shape = self.fragment(fragment.name.value)
        else:
            shape = self._shape(prefix, prefix, child, selection_sets)
        return FieldSpec(key, snake_case(key), definition.type, optional, shape)

    def _collect(
        self,
        parent: GraphQLObjectType,
        selection_set: SelectionSetNode,
        conditional: bool,
        occurrences: _Occurrences,
    ) -> None:
        for selection in selection_set.selections:
            maybe = conditional or _is_conditional(selection)
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                occurrences.setdefault(key, []).append((selection, maybe))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self._sources.fragments[selection.name.value]
                self._same_type(fragment.type_condition.name.value, parent)
                self._collect(parent, fragment.selection_set, maybe, occurrences)
            elif isinstance(selection, InlineFragmentNode):
                if selection.type_condition is not None:
                    self._same_type(selection.type_condition.name.value, parent)
                self._collect(parent, selection.selection_set, maybe, occurrences)

    def _named(self, name: str) -> GraphQLNamedType:
        named = self._sources.schema.get_type(name)
        if named is None:
            raise CodegenError(f"unknown type {name}")
        return named

    @staticmethod
    def _object_type(named: GraphQLNamedType, where: str) -> GraphQLObjectType:
        if not isinstance(named, GraphQLObjectType):
            raise CodegenError(f"{where}: {named.name} is abstract; only object types work")
        return named

    @staticmethod
    def _same_type(condition: str, parent: GraphQLObjectType) -> None:
        if condition != parent.name:
            raise CodegenError(
                f"a fragment on {condition} inside {parent.name}: type conditions that narrow "
                "an abstract type are not supported"
            )


def _is_conditional(selection: SelectionNode) -> bool:
    directives = selection.directives or ()
    return any(directive.name.value in ("include", "skip") for directive in directives)


def _sole_spread(selection_sets: list[SelectionSetNode]) -> str | None:
    """The fragment name when the selection is exactly one unconditional spread."""
    if len(selection_sets) != 1 or len(selection_sets[0].selections) != 1:
        return None
    only = selection_sets[0].selections[0]
    if isinstance(only, FragmentSpreadNode) and not only.directives:
        return only.name.value
    return None
