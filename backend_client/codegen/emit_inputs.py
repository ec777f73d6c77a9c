"""``inputs.py``: a TypedDict per input type the operations take, and per operation's variables.

TypedDicts rather than classes, because variables are sent as JSON as they are: the keys are
the SDL's camelCase names, and ``NotRequired`` marks what the caller may leave out (nullable,
or with a default), so mypy catches a missing required field before the server would.
"""

import keyword

from graphql import (
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLNonNull,
    GraphQLSchema,
    TypeNode,
    Undefined,
    get_named_type,
    is_input_type,
    type_from_ast,
)

from backend_client.codegen.errors import CodegenError
from backend_client.codegen.loading import Sources
from backend_client.codegen.module import PythonModule
from backend_client.codegen.naming import ensure_unique
from backend_client.codegen.pytypes import input_annotation

DOCSTRING = "Variables of the studio's operations, and the SDL input types inside them."


def inputs_module(sources: Sources) -> PythonModule:
    module = PythonModule(DOCSTRING)
    emitter = _InputEmitter(module)
    variables = {
        operation.name.value if operation.name else "": [
            (variable, _variable_type(sources.schema, variable.type))
            for variable in operation.variable_definitions or ()
        ]
        for operation in sources.operations
    }
    for definitions in variables.values():
        for _, type_ in definitions:
            emitter.define(type_)
    names = [*emitter.emitted, *(f"{name}Variables" for name in variables)]
    ensure_unique(names, "TypedDicts in inputs.py")
    for name, definitions in variables.items():
        keys = [
            (
                variable.variable.name.value,
                _required(type_, variable.default_value is not None),
                type_,
            )
            for variable, type_ in definitions
        ]
        module.add(_typed_dict(f"{name}Variables", keys, module, frozenset(emitter.emitted)))
    return module


def _required(type_: GraphQLInputType, has_default: bool) -> bool:
    """The server fills in a default or a null itself; only the rest must be sent."""
    return isinstance(type_, GraphQLNonNull) and not has_default


def _variable_type(schema: GraphQLSchema, node: TypeNode) -> GraphQLInputType:
    type_ = type_from_ast(schema, node)
    if not is_input_type(type_):
        raise CodegenError(f"{node} is not an input type of the schema")
    return type_


class _InputEmitter:
    """Emits input types depth first, so a class follows the classes it mentions; only a
    cycle needs a quoted forward reference."""

    def __init__(self, module: PythonModule) -> None:
        self._module = module
        self._started: set[str] = set()
        self.emitted: set[str] = set()

    def define(self, type_: GraphQLInputType) -> None:
        named = get_named_type(type_)
        if not isinstance(named, GraphQLInputObjectType) or named.name in self._started:
            return
        self._started.add(named.name)
        for field in named.fields.values():
            self.define(field.type)
        keys = [
            (key, _required(field.type, field.default_value is not Undefined), field.type)
            for key, field in named.fields.items()
        ]
        self._module.add(_typed_dict(named.name, keys, self._module, frozenset(self.emitted)))
        self.emitted.add(named.name)


def _typed_dict(
    name: str,
    keys: list[tuple[str, bool, GraphQLInputType]],
    module: PythonModule,
    defined: frozenset[str],
) -> str:
    module.use("typing", "TypedDict")
    items = []
    for key, required, type_ in keys:
        wrapper = module.use("typing", "Required" if required else "NotRequired")
        items.append((key, f"{wrapper}[{input_annotation(type_, module, defined)}]"))
    if all(key.isidentifier() and not keyword.iskeyword(key) for key, _ in items):
        body = [f"    {key}: {annotation}" for key, annotation in items] or ["    pass"]
        return "\n".join([f"class {name}(TypedDict):", *body])
    entries = ", ".join(f'"{key}": {annotation}' for key, annotation in items)
    return f'{name} = TypedDict("{name}", {{{entries}}})'
